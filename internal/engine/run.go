package engine

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"

	"batchpipeline/internal/awsstandin"
)

// eventGrace is how long a finished operation waits for the end of an event
// stream the CLI may never have opened.
const eventGrace = 2 * time.Second

// Preview runs `pulumi preview` with the policy packs. The error is non-nil
// when the preview failed: a mandatory policy violation, a program error,
// bad config. The Result holds what the engine reported either way.
func Preview(ctx context.Context, opts Options) (Result, error) {
	return run(ctx, opts, func(ctx context.Context, s auto.Stack, stream chan<- events.EngineEvent, out io.Writer) error {
		o := []optpreview.Option{
			optpreview.EventStreams(stream),
			optpreview.ProgressStreams(out),
			optpreview.ErrorProgressStreams(out),
		}
		if len(opts.PolicyPacks) > 0 {
			o = append(o, optpreview.PolicyPacks(opts.PolicyPacks...))
		}
		if opts.Color != "" {
			o = append(o, optpreview.Color(opts.Color))
		}
		_, err := s.Preview(ctx, o...)
		return err
	})
}

// Up runs `pulumi up --yes --skip-preview` with the policy packs: resource
// policies run before each step, stack policies after all of them (so they
// cannot stop it; Preview first to gate).
func Up(ctx context.Context, opts Options) (Result, error) {
	return run(ctx, opts, func(ctx context.Context, s auto.Stack, stream chan<- events.EngineEvent, out io.Writer) error {
		o := []optup.Option{
			optup.EventStreams(stream),
			optup.ProgressStreams(out),
			optup.ErrorProgressStreams(out),
		}
		if len(opts.PolicyPacks) > 0 {
			o = append(o, optup.PolicyPacks(opts.PolicyPacks...))
		}
		if opts.Color != "" {
			o = append(o, optup.Color(opts.Color))
		}
		_, err := s.Up(ctx, o...)
		return err
	})
}

// Destroy runs `pulumi destroy --yes` (no policy packs).
func Destroy(ctx context.Context, opts Options) (Result, error) {
	return run(ctx, opts, func(ctx context.Context, s auto.Stack, stream chan<- events.EngineEvent, out io.Writer) error {
		o := []optdestroy.Option{
			optdestroy.EventStreams(stream),
			optdestroy.ProgressStreams(out),
			optdestroy.ErrorProgressStreams(out),
		}
		if opts.Color != "" {
			o = append(o, optdestroy.Color(opts.Color))
		}
		_, err := s.Destroy(ctx, o...)
		return err
	})
}

type operation func(ctx context.Context, s auto.Stack, stream chan<- events.EngineEvent, out io.Writer) error

func run(ctx context.Context, opts Options, op operation) (Result, error) {
	if err := opts.validate(); err != nil {
		return Result{}, err
	}
	d, err := newDirs(opts.StateDir, opts.Stack)
	if err != nil {
		return Result{}, fmt.Errorf("engine: %w", err)
	}
	cmd, err := pulumiCommand(opts.CLI, d.cli)
	if err != nil {
		return Result{}, fmt.Errorf("engine: %w", err)
	}

	standin, err := awsstandin.Start(opts.AWS)
	if err != nil {
		return Result{}, fmt.Errorf("engine: %w", err)
	}
	defer func() { _ = standin.Stop() }()

	wsOpts := []auto.LocalWorkspaceOption{
		auto.WorkDir(d.work),
		auto.Pulumi(cmd),
		auto.PulumiHome(d.home),
		auto.EnvVars(d.env(standin.DebugProvidersEnv())),
	}
	if opts.ProjectDir != "" {
		if err := copyProject(opts.ProjectDir, d.work, opts.Stack); err != nil {
			return Result{}, fmt.Errorf("engine: %w", err)
		}
	} else {
		wsOpts = append(wsOpts, auto.Project(inlineProject(opts.ProjectName)))
	}

	out := &outputBuffer{tee: opts.Progress}

	stack, err := auto.UpsertStackInlineSource(ctx, opts.Stack, opts.ProjectName, opts.Program, wsOpts...)
	if err != nil {
		return Result{Output: out.String()}, fmt.Errorf("engine: select stack %s: %w", opts.Stack, err)
	}
	if len(opts.Config) > 0 {
		cfg := auto.ConfigMap{}
		for k, v := range opts.Config {
			cfg[k] = auto.ConfigValue{Value: v}
		}
		if err := stack.SetAllConfig(ctx, cfg); err != nil {
			return Result{Output: out.String()}, fmt.Errorf("engine: set config: %w", err)
		}
	}

	c := newCollector()
	opErr := op(ctx, stack, c.ch, out)
	result := c.finish(eventGrace)
	result.Output = out.String()
	if opErr != nil {
		return result, fmt.Errorf("engine: %w", opErr)
	}
	return result, nil
}

// outputBuffer keeps what the CLI prints and copies it to tee. The CLI's
// stdout and stderr are copied by two goroutines, hence the lock.
type outputBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
	tee io.Writer // may be nil
}

func (o *outputBuffer) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.buf.Write(p)
	if o.tee != nil {
		return o.tee.Write(p)
	}
	return len(p), nil
}

// String returns everything written so far.
func (o *outputBuffer) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}
