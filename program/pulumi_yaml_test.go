package program

import (
	"encoding/json"
	"io"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/diag"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag/colors"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
)

// loadProject reads the repository's Pulumi.yaml with the CLI's own loader,
// which also checks each default against its declared type.
func loadProject(t *testing.T) *workspace.Project {
	t.Helper()
	proj, err := workspace.LoadProject(filepath.Join("..", "Pulumi.yaml"))
	if err != nil {
		t.Fatalf("load Pulumi.yaml: %v", err)
	}
	if err := proj.Validate(); err != nil {
		t.Fatalf("Pulumi.yaml is invalid: %v", err)
	}
	return proj
}

// stackLookup serves the project-namespace values of a stack file.
func stackLookup(t *testing.T, proj *workspace.Project, file string) Lookup {
	t.Helper()
	stack, err := workspace.LoadProjectStack(diag.DefaultSink(io.Discard, io.Discard, diag.FormatOptions{Color: colors.Never}), proj, filepath.Join("..", file))
	if err != nil {
		t.Fatalf("load %s: %v", file, err)
	}
	values, err := stack.Config.Decrypt(config.NopDecrypter)
	if err != nil {
		t.Fatalf("decrypt %s: %v", file, err)
	}
	byName := map[string]string{}
	for k, v := range values {
		if k.Namespace() != Namespace {
			continue
		}
		byName[k.Name()] = v
	}
	for name := range byName {
		if !contains(Keys(), name) {
			t.Errorf("%s sets %s:%s, which the program does not read", file, Namespace, name)
		}
	}
	return lookupOf(byName)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestPulumiYAMLDeclaresEveryKeyWithTheProgramDefault(t *testing.T) {
	proj := loadProject(t)
	defaults := map[string]string{}
	for _, key := range Keys() {
		decl, ok := proj.Config[key]
		if !ok {
			t.Errorf("Pulumi.yaml does not declare config key %q", key)
			continue
		}
		if decl.Description == "" {
			t.Errorf("Pulumi.yaml key %q has no description", key)
		}
		if decl.Default == nil {
			t.Errorf("Pulumi.yaml key %q has no default", key)
			continue
		}
		if s, isString := decl.Default.(string); isString {
			defaults[key] = s
			continue
		}
		raw, err := json.Marshal(decl.Default)
		if err != nil {
			t.Fatalf("marshal default of %q: %v", key, err)
		}
		defaults[key] = string(raw)
	}
	for key := range proj.Config {
		if !strings.Contains(key, ":") && !contains(Keys(), key) {
			t.Errorf("Pulumi.yaml declares %q, which the program does not read", key)
		}
	}
	got, err := Load(lookupOf(defaults))
	if err != nil {
		t.Fatalf("Load(Pulumi.yaml defaults): %v", err)
	}
	if want := Defaults(); !reflect.DeepEqual(got, want) {
		gotJSON, _ := json.MarshalIndent(got, "", "  ")
		wantJSON, _ := json.MarshalIndent(want, "", "  ")
		t.Fatalf("Pulumi.yaml defaults differ from program.Defaults():\nPulumi.yaml: %s\nprogram:     %s", gotJSON, wantJSON)
	}
}

func TestProdStackLoads(t *testing.T) {
	proj := loadProject(t)
	args, err := Load(stackLookup(t, proj, "Pulumi.prod.yaml"))
	if err != nil {
		t.Fatalf("Load(Pulumi.prod.yaml): %v", err)
	}
	if len(args.Network.SubnetIDs) == 0 {
		t.Error("prod stack sets no subnets, but runs ECS jobs")
	}
	if args.Alerts.Email == "" {
		t.Error("prod stack sets no alert email")
	}
	if got := len(args.ParallelJobs); got != 3 {
		t.Errorf("prod stack has %d parallel jobs, want 3", got)
	}
}
