package stackmodel

import (
	"sort"
	"strings"

	"batchpipeline/internal/arn"
	"batchpipeline/internal/integrations"
	"batchpipeline/internal/partial"
)

// wildcard reports whether s holds an IAM wildcard.
func wildcard(s string) bool { return strings.ContainsAny(s, "*?") }

// arnObserver collects the partitions, accounts and regions seen in the
// stack's known ARNs and in the provider configuration, while the stack is
// modelled; its candidates let a policy build the ARN of a resource whose
// own ARN is unknown at a first preview (a role with a known name and
// path, a task definition with a known family) so that IAM documents
// naming it can be evaluated.
type arnObserver struct {
	partitions, accounts, regions map[string]struct{}
}

// Candidates are the sorted partitions, accounts and regions the stack
// shows: where a resource whose ARN is unknown may live.
type Candidates struct {
	Partitions, Accounts, Regions []string
}

// candidates returns what e has observed, sorted. With no ARN showing a
// partition, the partitions are those of the regions seen.
func (e *arnObserver) candidates() *Candidates {
	c := &Candidates{Accounts: sorted(e.accounts), Regions: sorted(e.regions), Partitions: sorted(e.partitions)}
	if len(c.Partitions) == 0 && len(c.Regions) > 0 {
		seen := map[string]struct{}{}
		for _, r := range c.Regions {
			seen[arn.PartitionOf(r)] = struct{}{}
		}
		c.Partitions = sorted(seen)
	}
	return c
}

// Where returns where a resource of the stack whose ARN is not known
// yet lives, as values known in part: each of the partition, region and
// account is the one the stack shows, a hole among them when it shows
// several, or a hole of its class when it shows none (then "aws" for the
// partition, as an empty one means). The stack's resources are taken to
// live where its known ARNs and providers do; a decision that depends on
// which of them is undecided.
func (c *Candidates) Where() integrations.Account {
	one := func(values []string, what string, h partial.Hole) string {
		switch len(values) {
		case 0:
			h.Why = "the stack shows no " + what + ", so that of a resource not created yet is not known at this preview"
			return h.String()
		case 1:
			return values[0]
		}
		h.Among = values
		h.Why = "the " + what + " is one of those the stack shows (" + strings.Join(values, ", ") + "), which one is not known at this preview"
		return h.String()
	}
	where := integrations.Account{
		Region: one(c.Regions, "region", partial.Hole{Label: "REGION", Class: partial.Region}),
		ID:     one(c.Accounts, "account", partial.Hole{Label: "ACCOUNT_ID", Class: partial.AccountID}),
	}
	if len(c.Partitions) > 0 {
		where.Partition = one(c.Partitions, "partition", partial.Hole{Label: "PARTITION", Class: partial.Name})
	}
	return where.WithPartition()
}

func newARNObserver() *arnObserver {
	return &arnObserver{
		partitions: map[string]struct{}{},
		accounts:   map[string]struct{}{},
		regions:    map[string]struct{}{},
	}
}

// observe records the parts of s when it is a concrete ARN.
func (e *arnObserver) observe(s string) {
	a, ok := arn.Parse(s)
	if !ok {
		return
	}
	if a.Partition != "" && !wildcard(a.Partition) {
		e.partitions[a.Partition] = struct{}{}
	}
	if arn.IsAccountID(a.AccountID) {
		e.accounts[a.AccountID] = struct{}{}
	}
	e.observeRegion(a.Region)
}

// merge adds what o has observed to e.
func (e *arnObserver) merge(o *arnObserver) {
	for _, pair := range [...]struct{ dst, src map[string]struct{} }{
		{e.partitions, o.partitions}, {e.accounts, o.accounts}, {e.regions, o.regions},
	} {
		for v := range pair.src {
			pair.dst[v] = struct{}{}
		}
	}
}

// observeRegion records a region name (from an ARN or a provider).
func (e *arnObserver) observeRegion(r string) {
	if r != "" && !wildcard(r) && !strings.ContainsAny(r, " :/") {
		e.regions[r] = struct{}{}
	}
}

// sorted returns the values of set, sorted.
func sorted(set map[string]struct{}) []string {
	out := make([]string, 0, len(set))
	for v := range set {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}
