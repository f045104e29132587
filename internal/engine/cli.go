package engine

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
)

// CLIVersion is the Pulumi CLI version the project pins (tools/pulumi).
const CLIVersion = "v3.274.1"

// CLIEnv names the environment variable that points at a Pulumi CLI binary
// to use instead of ./bin/pulumi or the one on PATH.
const CLIEnv = "PULUMI_CLI"

// ErrCLINotFound is returned (wrapped, with how to get the CLI) by FindCLI
// when no usable Pulumi CLI exists.
var ErrCLINotFound = errors.New("pulumi CLI " + CLIVersion + " not found")

// FindCLI returns the path of the Pulumi CLI to use, trying in order:
// $PULUMI_CLI, <repoRoot>/bin/pulumi (what `make cli` builds), and `pulumi`
// on PATH when `pulumi version` prints CLIVersion.
func FindCLI(repoRoot string) (string, error) {
	if p := os.Getenv(CLIEnv); p != "" {
		if err := checkExecutable(p); err != nil {
			return "", fmt.Errorf("%s=%s: %w", CLIEnv, p, err)
		}
		return p, nil
	}
	local, err := filepath.Abs(filepath.Join(repoRoot, "bin", "pulumi"))
	if err != nil {
		return "", fmt.Errorf("locate the repository's bin/pulumi: %w", err)
	}
	if checkExecutable(local) == nil {
		return local, nil
	}
	onPath, err := exec.LookPath("pulumi")
	if err == nil {
		v, verr := cliVersion(onPath)
		if verr == nil && v == CLIVersion {
			return onPath, nil
		}
		if verr == nil {
			return "", fmt.Errorf("%w: the pulumi on PATH (%s) is %s; %s", ErrCLINotFound, onPath, v, howToGetCLI(local))
		}
	}
	return "", fmt.Errorf("%w (looked at $%s, %s and PATH); %s", ErrCLINotFound, CLIEnv, local, howToGetCLI(local))
}

func howToGetCLI(local string) string {
	return fmt.Sprintf("run `make cli` to build it into %s from the pinned module tools/pulumi "+
		"(about 10 minutes the first time), or set %s to a pulumi %s binary", local, CLIEnv, CLIVersion)
}

func checkExecutable(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	if fi.IsDir() || fi.Mode()&0o111 == 0 {
		return fmt.Errorf("not an executable file")
	}
	return nil
}

// cliVersion runs `<cli> version`.
func cliVersion(cli string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, cli, "version")
	cmd.Env = append(os.Environ(), "PULUMI_SKIP_UPDATE_CHECK=true")
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%s version: %w", cli, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// pulumiCommand wraps a CLI binary for the Automation API, which wants a
// root directory whose bin/ holds `pulumi`. A binary elsewhere is linked
// into linkDir/bin.
func pulumiCommand(cli, linkDir string) (auto.PulumiCommand, error) {
	abs, err := filepath.Abs(cli)
	if err != nil {
		return nil, fmt.Errorf("pulumi CLI path %s: %w", cli, err)
	}
	if err := checkExecutable(abs); err != nil {
		return nil, fmt.Errorf("pulumi CLI %s: %w", abs, err)
	}
	root := filepath.Dir(filepath.Dir(abs))
	if filepath.Base(abs) != "pulumi" || filepath.Base(filepath.Dir(abs)) != "bin" {
		root = linkDir
		bin := filepath.Join(linkDir, "bin")
		if err := os.MkdirAll(bin, 0o755); err != nil {
			return nil, fmt.Errorf("link pulumi CLI: %w", err)
		}
		link := filepath.Join(bin, "pulumi")
		_ = os.Remove(link)
		if err := os.Symlink(abs, link); err != nil {
			return nil, fmt.Errorf("link pulumi CLI: %w", err)
		}
	}
	cmd, err := auto.NewPulumiCommand(&auto.PulumiCommandOptions{Root: root})
	if err != nil {
		return nil, fmt.Errorf("pulumi CLI %s: %w", abs, err)
	}
	return cmd, nil
}
