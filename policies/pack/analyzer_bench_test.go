package pack

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	presource "github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// BenchmarkAnalyzeStack measures what a preview waits on: the built pack
// binary, started as the engine starts a policy pack, answering
// AnalyzeStack over gRPC, with the engine's own marshalling
// (plugin.NewAnalyzerWithClient: unknowns and secrets kept), next to a
// policy pack that does nothing (testdata/nooppack), the two called
// alternately on the same stack in one run. It reports the pack's and the
// no-op's time per call and their ratio (pack/noop); the budget is 1.5 at
// 10,000 resources, linear from 1,000.
//
//	go test -run '^$' -bench AnalyzeStack -benchtime 10x ./policies/pack
//
// With PACK_CPUPROFILE=FILE (an absolute path) the pack runs with a CPU
// profile (testdata/profiledpack) that it writes to FILE when stopped: run
// one sub-benchmark, then go tool pprof -top FILE. With PACK_BASELINE=BIN
// (a pack binary built from other code, e.g. the commit before a change)
// that pack is called in the same rounds too and reported as base/noop
// (and its peak memory as base-peak-MB), so that a change is measured
// before and after in the same minutes.
func BenchmarkAnalyzeStack(b *testing.B) {
	dir := b.TempDir()
	packBin, noopBin := filepath.Join(dir, "policy-pack"), filepath.Join(dir, "noop-pack")
	if os.Getenv("PACK_CPUPROFILE") != "" {
		buildBinary(b, packBin, "./policies/pack/testdata/profiledpack")
	} else {
		buildBinary(b, packBin, "./policies")
	}
	buildBinary(b, noopBin, "./policies/pack/testdata/nooppack")
	for _, n := range []int{100, 1000} {
		for _, preview := range []bool{false, true} {
			stack := engineResources(benchStack(n, preview))
			mode := map[bool]string{false: "deployed", true: "first-preview"}[preview]
			b.Run(fmt.Sprintf("resources=%d/%s", len(stack), mode), func(b *testing.B) {
				pack, packPID := startAnalyzer(b, packBin)
				noop, noopPID := startAnalyzer(b, noopBin)
				var base plugin.Analyzer
				var basePID int
				if bin := os.Getenv("PACK_BASELINE"); bin != "" {
					base, basePID = startAnalyzer(b, bin)
				}
				var packTime, noopTime, baseTime time.Duration
				for b.Loop() {
					noopTime += analyzeStack(b, noop, stack, 0)
					packTime += analyzeStack(b, pack, stack, 0)
					if base != nil {
						baseTime += analyzeStack(b, base, stack, 0)
					}
				}
				calls := float64(b.N)
				b.ReportMetric(float64(packTime.Milliseconds())/calls, "pack-ms")
				b.ReportMetric(float64(noopTime.Milliseconds())/calls, "noop-ms")
				b.ReportMetric(float64(packTime)/float64(noopTime), "pack/noop")
				if packPeak, noopPeak := peakRSS(packPID), peakRSS(noopPID); packPeak > 0 && noopPeak > 0 {
					b.ReportMetric(packPeak, "pack-peak-MB")
					b.ReportMetric(noopPeak, "noop-peak-MB")
				}
				if base != nil {
					b.ReportMetric(float64(baseTime)/float64(noopTime), "base/noop")
					if basePeak := peakRSS(basePID); basePeak > 0 {
						b.ReportMetric(basePeak, "base-peak-MB")
					}
				}
			})
		}
	}
}

// buildBinary builds the main package pkg (a path from the module root)
// into out.
func buildBinary(b *testing.B, out, pkg string) {
	b.Helper()
	cmd := exec.Command("go", "build", "-o", out, pkg)
	cmd.Dir = filepath.Join("..", "..")
	if msg, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("go build %s: %v\n%s", pkg, err, msg)
	}
}

// peakRSS returns the peak resident memory of process pid in MB (VmHWM of
// /proc/PID/status), 0 where the system does not tell.
func peakRSS(pid int) float64 {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(status)) {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kB float64
			if _, err := fmt.Sscanf(strings.TrimSpace(rest), "%f kB", &kB); err == nil {
				return kB / 1024
			}
		}
	}
	return 0
}

// startAnalyzer starts a policy pack binary as the engine does (it prints
// its port, then serves the Analyzer service), handshakes and configures
// it for a preview, and returns the engine's client for it and the
// process ID.
func startAnalyzer(b *testing.B, bin string) (plugin.Analyzer, int) {
	b.Helper()
	cmd := exec.Command(bin)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatalf("start %s: %v", bin, err)
	}
	b.Cleanup(func() {
		// SIGTERM lets a profiled pack write its profile; then it ends.
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	port, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		b.Fatalf("%s printed no port: %v", bin, err)
	}
	conn, err := grpc.NewClient("127.0.0.1:"+strings.TrimSpace(port),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.MaxCallSendMsgSize(1<<30), grpc.MaxCallRecvMsgSize(1<<30)))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = conn.Close() })
	client := pulumirpc.NewAnalyzerClient(conn)
	ctx := context.Background()
	root := filepath.Dir(bin)
	if _, err := client.Handshake(ctx, &pulumirpc.AnalyzerHandshakeRequest{RootDirectory: &root, ProgramDirectory: &root}); err != nil {
		b.Fatalf("handshake %s: %v", bin, err)
	}
	if _, err := client.ConfigureStack(ctx, &pulumirpc.AnalyzerStackConfigureRequest{
		Stack: "bench", Project: "bench", DryRun: true,
	}); err != nil {
		b.Fatalf("configure %s: %v", bin, err)
	}
	return plugin.NewAnalyzerWithClient("bench", client), cmd.Process.Pid
}

// analyzeStack calls AnalyzeStack once, fails on an error or a diagnostic
// beyond max, and returns how long the call took.
func analyzeStack(b *testing.B, a plugin.Analyzer, stack []plugin.AnalyzerStackResource, max int) time.Duration {
	b.Helper()
	start := time.Now()
	res, err := a.AnalyzeStack(context.Background(), stack)
	took := time.Since(start)
	if err != nil {
		b.Fatalf("AnalyzeStack: %v", err)
	}
	if len(res.Diagnostics) > max {
		b.Fatalf("AnalyzeStack reported %d diagnostics, the first: %s", len(res.Diagnostics), res.Diagnostics[0].Message)
	}
	return took
}

// engineResources turns the resources a policy sees back into what the
// engine holds before it marshals them.
func engineResources(rs []policyx.AnalyzerResource) []plugin.AnalyzerStackResource {
	out := make([]plugin.AnalyzerStackResource, len(rs))
	for i, r := range rs {
		deps := map[presource.PropertyKey][]presource.URN{}
		for k, us := range r.PropertyDependencies {
			for _, u := range us {
				deps[presource.PropertyKey(k)] = append(deps[presource.PropertyKey(k)], presource.URN(u))
			}
		}
		var dependencies []presource.URN
		for _, u := range r.Dependencies {
			dependencies = append(dependencies, presource.URN(u))
		}
		var provider *plugin.AnalyzerProviderResource
		if r.Provider.URN != "" {
			provider = &plugin.AnalyzerProviderResource{
				URN: presource.URN(r.Provider.URN), Type: "pulumi:providers:aws", Name: r.Provider.Name,
				Properties: presource.ToResourcePropertyMap(r.Provider.Properties),
			}
		}
		out[i] = plugin.AnalyzerStackResource{
			AnalyzerResource: plugin.AnalyzerResource{
				URN: presource.URN(r.URN), Type: tokens.Type(r.Type), Name: r.Name,
				Properties: presource.ToResourcePropertyMap(r.Properties), Provider: provider,
			},
			Dependencies:         dependencies,
			PropertyDependencies: deps,
		}
	}
	return out
}
