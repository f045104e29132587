package engine

import (
	"strings"
	"sync"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// collector turns the engine's event stream into a Result.
type collector struct {
	ch   chan events.EngineEvent
	done chan struct{}

	mu     sync.Mutex
	result Result
	index  map[string]int // URN -> index in result.Steps
}

func newCollector() *collector {
	c := &collector{
		ch:    make(chan events.EngineEvent),
		done:  make(chan struct{}),
		index: map[string]int{},
	}
	go c.run()
	return c
}

func (c *collector) run() {
	defer close(c.done)
	for e := range c.ch {
		c.mu.Lock()
		c.add(e.EngineEvent)
		c.mu.Unlock()
	}
}

// finish waits for the stream to end and returns the result. The
// Automation API closes the stream when the CLI ends it; a CLI that failed
// before connecting never opens it, hence the grace period.
func (c *collector) finish(grace time.Duration) Result {
	select {
	case <-c.done:
	case <-time.After(grace):
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.result
	r.Steps = append([]Step(nil), r.Steps...)
	r.Violations = append([]PolicyViolation(nil), r.Violations...)
	r.Diagnostics = append([]Diagnostic(nil), r.Diagnostics...)
	return r
}

func (c *collector) add(e apitype.EngineEvent) {
	switch {
	case e.ResourcePreEvent != nil:
		c.step(e.ResourcePreEvent.Metadata, false)
	case e.ResOutputsEvent != nil:
		c.step(e.ResOutputsEvent.Metadata, true)
	case e.PolicyEvent != nil:
		p := e.PolicyEvent
		c.result.Violations = append(c.result.Violations, PolicyViolation{
			PolicyPack:       p.PolicyPackName,
			PolicyName:       p.PolicyName,
			EnforcementLevel: p.EnforcementLevel,
			URN:              p.ResourceURN,
			Message:          p.Message,
		})
	case e.DiagnosticEvent != nil:
		d := e.DiagnosticEvent
		if d.Severity == "error" || d.Severity == "warning" {
			c.result.Diagnostics = append(c.result.Diagnostics, Diagnostic{
				Severity: d.Severity, URN: d.URN, Message: d.Message,
			})
		}
	case e.SummaryEvent != nil:
		c.result.Changes = map[string]int{}
		for op, n := range e.SummaryEvent.ResourceChanges {
			c.result.Changes[string(op)] = n
		}
		// Keys are "<name>|local|<path>" for a local pack: keep the name,
		// which is what policy events carry.
		c.result.PolicyPacks = map[string]string{}
		for key, version := range e.SummaryEvent.PolicyPacks {
			name, _, _ := strings.Cut(key, "|")
			c.result.PolicyPacks[name] = version
		}
	}
}

// step records a step announcement (pre) or its outputs.
func (c *collector) step(m apitype.StepEventMetadata, outputs bool) {
	i, seen := c.index[m.URN]
	if !seen {
		i = len(c.result.Steps)
		c.index[m.URN] = i
		c.result.Steps = append(c.result.Steps, Step{
			URN:  m.URN,
			Type: m.Type,
			Name: resource.URN(m.URN).Name(),
		})
	}
	s := &c.result.Steps[i]
	if !outputs || s.Op == "" {
		s.Op = string(m.Op)
	}
	state := m.New
	if state == nil {
		state = m.Old // a delete has no new state
	}
	if state == nil {
		return
	}
	if state.Inputs != nil {
		s.Inputs = state.Inputs
	}
	if outputs && state.Outputs != nil {
		s.Outputs = state.Outputs
	}
}
