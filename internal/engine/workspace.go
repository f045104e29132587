package engine

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
)

// passphrase encrypts the secrets of the local, throwaway backend; it
// protects nothing and is not meant to.
const passphrase = "offline-engine"

// dirs are the folders of a StateDir.
type dirs struct {
	backend, home, work, cli string
}

func newDirs(stateDir, stack string) (dirs, error) {
	abs, err := filepath.Abs(stateDir)
	if err != nil {
		return dirs{}, fmt.Errorf("state dir %s: %w", stateDir, err)
	}
	d := dirs{
		backend: filepath.Join(abs, "backend"),
		home:    filepath.Join(abs, "home"),
		work:    filepath.Join(abs, "work", stack),
		cli:     filepath.Join(abs, "cli"),
	}
	for _, p := range []string{d.backend, d.home, d.work} {
		if err := os.MkdirAll(p, 0o755); err != nil {
			return dirs{}, fmt.Errorf("create %s: %w", p, err)
		}
	}
	return d, nil
}

// env is the environment of every CLI call.
func (d dirs) env(debugProviders string) map[string]string {
	return map[string]string{
		"PULUMI_BACKEND_URL":                          "file://" + filepath.ToSlash(d.backend),
		"PULUMI_CONFIG_PASSPHRASE":                    passphrase,
		"PULUMI_HOME":                                 d.home,
		"PULUMI_SKIP_UPDATE_CHECK":                    "true",
		"PULUMI_DEBUG_PROVIDERS":                      debugProviders,
		"PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
	}
}

// copyProject copies Pulumi.yaml and Pulumi.<stack>.yaml of projectDir into
// the workspace. The stack file keeps the encryption salt the workspace
// already had (written when the stack was created in this backend) instead
// of any salt or secrets provider of the original, which belong to another
// backend.
func copyProject(projectDir, workDir, stack string) error {
	project, err := findProjectFile(projectDir)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(project)
	if err != nil {
		return fmt.Errorf("read project file: %w", err)
	}
	if err := os.WriteFile(filepath.Join(workDir, filepath.Base(project)), data, 0o644); err != nil {
		return fmt.Errorf("copy project file: %w", err)
	}

	name := "Pulumi." + stack + ".yaml"
	dst := filepath.Join(workDir, name)
	var kept []string
	if old, err := os.ReadFile(dst); err == nil {
		kept = topLevelLines(old, "encryptionsalt:")
	}
	src, err := os.ReadFile(filepath.Join(projectDir, name))
	switch {
	case errors.Is(err, os.ErrNotExist):
		src = nil // a stack without a file: project defaults only
	case err != nil:
		return fmt.Errorf("read stack file: %w", err)
	}
	var out bytes.Buffer
	for _, l := range kept {
		out.WriteString(l + "\n")
	}
	out.Write(dropTopLevel(src, "encryptionsalt:", "secretsprovider:", "encryptedkey:"))
	if err := os.WriteFile(dst, out.Bytes(), 0o644); err != nil {
		return fmt.Errorf("copy stack file: %w", err)
	}
	return nil
}

func findProjectFile(dir string) (string, error) {
	for _, name := range []string{"Pulumi.yaml", "Pulumi.yml"} {
		p := filepath.Join(dir, name)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("no Pulumi.yaml in %s", dir)
}

// topLevelLines returns the lines of a YAML file that start with prefix.
func topLevelLines(data []byte, prefix string) []string {
	var out []string
	s := bufio.NewScanner(bytes.NewReader(data))
	for s.Scan() {
		if strings.HasPrefix(s.Text(), prefix) {
			out = append(out, s.Text())
		}
	}
	return out
}

// dropTopLevel removes the top-level scalar keys named by prefixes.
func dropTopLevel(data []byte, prefixes ...string) []byte {
	var out bytes.Buffer
	for _, line := range strings.SplitAfter(string(data), "\n") {
		drop := false
		for _, p := range prefixes {
			if strings.HasPrefix(line, p) {
				drop = true
			}
		}
		if !drop {
			out.WriteString(line)
		}
	}
	return out.Bytes()
}

// inlineProject is the project of a program run without a ProjectDir.
func inlineProject(name string) workspace.Project {
	return workspace.Project{
		Name:    tokens.PackageName(name),
		Runtime: workspace.NewProjectRuntimeInfo("go", nil),
	}
}
