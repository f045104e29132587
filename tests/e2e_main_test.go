package tests

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"batchpipeline/internal/engine"
	"batchpipeline/internal/engine/enginetest"
)

// The end-to-end tests run programs through the real Pulumi engine: the
// CLI v3.274.1 (engine.FindCLI), the policy pack built from ../policies once
// per test binary, and the offline AWS stand-in. In CI (CI=true) they never
// skip: without a CLI they fail, the signal that .ci/run did not build it.
// Elsewhere, without a CLI, they skip and name `make test`, so that
// `go test ./...` on a fresh clone passes.

// repoRoot is the repository root, seen from this package's directory.
const repoRoot = ".."

// e2eEnv is what every end-to-end test needs.
type e2eEnv struct {
	CLI  string // the Pulumi CLI binary
	Pack string // the built policy pack binary
}

// e2eShared prepares the e2eEnv once per test binary, on first use, so the
// tests of this package that do not run the engine never build the pack.
type e2eShared struct {
	dir  string
	once sync.Once
	env  e2eEnv
	err  error
}

var shared = &e2eShared{}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "batchpipeline-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "create temp dir:", err)
		os.Exit(1)
	}
	shared.dir = dir
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// requireE2E returns the CLI and the built pack (enginetest.RequireCLI
// skips or fails the test without a CLI); a pack that does not build
// fails it.
func requireE2E(t *testing.T) e2eEnv {
	t.Helper()
	cli := enginetest.RequireCLI(t, repoRoot)
	shared.once.Do(func() { shared.env, shared.err = prepareE2E(shared.dir, cli) })
	if shared.err != nil {
		t.Fatalf("end-to-end tests need the policy pack: %v", shared.err)
	}
	return shared.env
}

func prepareE2E(dir, cli string) (e2eEnv, error) {
	pack := filepath.Join(dir, "policy-pack")
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return e2eEnv{}, fmt.Errorf("build the policy pack: %w", err)
	}
	cmd := exec.Command(goCmd, "build", "-o", pack, "./policies")
	cmd.Dir = repoRoot
	if out, err := cmd.CombinedOutput(); err != nil {
		return e2eEnv{}, fmt.Errorf("go build ./policies: %w\n%s", err, out)
	}
	return e2eEnv{CLI: cli, Pack: pack}, nil
}

// run is engine.Preview or engine.Up.
type run func(context.Context, engine.Options) (engine.Result, error)

// runE runs op and logs the CLI's output if the test fails.
func runE(t *testing.T, op run, opts engine.Options) (engine.Result, error) {
	t.Helper()
	res, err := op(context.Background(), opts)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("CLI output:\n%s", res.Output)
		}
	})
	return res, err
}

// requirePasses fails unless the operation succeeded with no mandatory
// violation and the policy pack did run.
func requirePasses(t *testing.T, res engine.Result, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("operation failed: %v\nviolations: %v", err, res.Violations)
	}
	if m := res.Mandatory(); len(m) > 0 {
		t.Fatalf("mandatory violations: %v", m)
	}
	if len(res.PolicyPacks) == 0 {
		t.Fatalf("no policy pack ran (summary lists none)")
	}
}

// requireViolation fails unless the operation failed with a mandatory
// violation of policy whose URN or message names every one of names, and
// returns it.
func requireViolation(t *testing.T, res engine.Result, err error, policy string, names ...string) engine.PolicyViolation {
	t.Helper()
	if err == nil {
		t.Fatalf("operation succeeded, want it to fail on %s; violations: %v", policy, res.Violations)
	}
	var seen []string
	for _, v := range res.Mandatory() {
		if v.PolicyName != policy {
			continue
		}
		text := v.URN + "\n" + v.Message
		if containsAll(text, names) {
			return v
		}
		seen = append(seen, text)
	}
	t.Fatalf("no mandatory %s violation names all of %q; %s violations:\n%s\nall: %v",
		policy, names, policy, strings.Join(seen, "\n---\n"), res.Violations)
	return engine.PolicyViolation{}
}

func containsAll(s string, parts []string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// requireKnown fails unless the step of resource name of type typ has a
// known value at key.
func requireKnown(t *testing.T, res engine.Result, typ, name, key string) {
	t.Helper()
	for _, s := range res.StepsOfType(typ) {
		if s.Name == name {
			if _, ok := s.String(key); !ok {
				t.Fatalf("%s %s: %s = %v, want a known string", typ, name, key, s.Inputs[key])
			}
			return
		}
	}
	t.Fatalf("no %s named %s among the steps", typ, name)
}
