package stackmodel

import (
	"batchpipeline/internal/arn"
	"sort"
	"strings"

	"batchpipeline/internal/integrations"
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
// shows, with their fallbacks: where a resource whose ARN is unknown may
// live.
type Candidates struct {
	Partitions, Accounts, Regions []string
	// AccountGuessed and RegionGuessed are set when the stack shows no
	// account (Accounts holds a placeholder) or no region (Regions holds
	// us-east-1): an ARN built from them may be wrong, so a condition on
	// it must not be decided.
	AccountGuessed, RegionGuessed bool
}

// candidates returns what e has observed, sorted.
func (e *arnObserver) candidates() *Candidates {
	c := &Candidates{
		Accounts: candidates(e.accounts, placeholderAccount),
		Regions:  candidates(e.regions, "us-east-1"),

		AccountGuessed: len(e.accounts) == 0,
		RegionGuessed:  len(e.regions) == 0,
	}
	c.Partitions = candidates(e.partitions, "")
	if len(e.partitions) == 0 {
		// No ARN shows a partition: the regions' own.
		seen := map[string]struct{}{}
		for _, r := range c.Regions {
			seen[arn.PartitionOf(r)] = struct{}{}
		}
		c.Partitions = candidates(seen, "")
	}
	return c
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

// placeholderAccount stands for the account in an ARN the stack gives no
// hint of; documents that name a concrete account always add it to the
// environment, so the placeholder only matches wildcards.
const placeholderAccount = "000000000000"

// candidates returns the sorted values of set, or fallback when it is empty.
func candidates(set map[string]struct{}, fallback string) []string {
	if len(set) == 0 {
		return []string{fallback}
	}
	out := make([]string, 0, len(set))
	for v := range set {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}

// roleARNs returns the ARNs a role with this name and path may have, one
// per partition and account seen in the stack.
func (c *Candidates) roleARNs(path, name string) []string {
	out := make([]string, 0, len(c.Partitions)*len(c.Accounts))
	for _, p := range c.Partitions {
		for _, a := range c.Accounts {
			out = append(out, integrations.Account{Partition: p, ID: a}.RoleARN(path, name))
		}
	}
	return out
}

// regionalARNs returns the ARNs a regional resource may have: build's
// answer in every partition, region and account seen in the stack.
func (c *Candidates) regionalARNs(build func(integrations.Account) string) []string {
	out := make([]string, 0, len(c.Partitions)*len(c.Regions)*len(c.Accounts))
	for _, p := range c.Partitions {
		for _, r := range c.Regions {
			for _, a := range c.Accounts {
				out = append(out, build(integrations.Account{Partition: p, Region: r, ID: a}))
			}
		}
	}
	return out
}

// Display returns an ARN fit for a message: the account placeholder is
// spelled so that a reader sees it must be filled in.
func Display(a string) string {
	return strings.Replace(a, ":"+placeholderAccount+":", ":ACCOUNT_ID:", 1)
}
