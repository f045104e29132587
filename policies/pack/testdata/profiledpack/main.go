// Command profiledpack is the policy pack with a CPU profile: it writes
// the profile of its whole life to $PACK_CPUPROFILE when it gets SIGTERM.
// BenchmarkAnalyzeStack runs it instead of the pack when that variable is
// set, so that the time the pack takes over a no-op pack can be read with
// go tool pprof.
package main

import (
	"fmt"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"batchpipeline/policies/pack"
)

func main() {
	f, err := os.Create(os.Getenv("PACK_CPUPROFILE"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "profiledpack:", err)
		os.Exit(1)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintln(os.Stderr, "profiledpack:", err)
		os.Exit(1)
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM)
	go func() {
		<-stop
		pprof.StopCPUProfile()
		_ = f.Close()
		os.Exit(0)
	}()
	if err := policyx.Main(pack.New); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
