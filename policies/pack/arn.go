package pack

import (
	"sort"
	"strings"

	"batchpipeline/internal/integrations"
)

// wildcard reports whether s holds an IAM wildcard.
func wildcard(s string) bool { return strings.ContainsAny(s, "*?") }

// arnEnv holds the partitions, accounts and regions seen in the stack's
// known ARNs and in the provider configuration. It lets a policy build the
// ARN of a resource whose own ARN is unknown at a first preview (a role
// with a known name and path, a task definition with a known family) so
// that IAM documents naming it can be evaluated.
type arnEnv struct {
	partitions, accounts, regions map[string]struct{}
	// frozen holds the sorted candidates of each set once freeze is
	// called (nil before, and again after a later observation).
	frozen *arnCandidates
}

// arnCandidates are the sorted values of the sets of an arnEnv, with their
// fallbacks, as candidates returns them.
type arnCandidates struct {
	partitions, accounts, regions []string
}

// freeze computes the candidates once, for the many ARNs built after the
// stack has been observed. An arnEnv must not be observed while another
// goroutine builds ARNs from it.
func (e *arnEnv) freeze() {
	e.frozen = e.candidates()
}

// candidates returns the sorted candidates of each set.
func (e *arnEnv) candidates() *arnCandidates {
	if e.frozen != nil {
		return e.frozen
	}
	c := &arnCandidates{
		accounts: candidates(e.accounts, placeholderAccount),
		regions:  candidates(e.regions, "us-east-1"),
	}
	c.partitions = candidates(e.partitions, "")
	if len(e.partitions) == 0 {
		// No ARN shows a partition: the regions' own.
		seen := map[string]struct{}{}
		for _, r := range c.regions {
			seen[integrations.PartitionOf(r)] = struct{}{}
		}
		c.partitions = candidates(seen, "")
	}
	return c
}

func newARNEnv() *arnEnv {
	return &arnEnv{
		partitions: map[string]struct{}{},
		accounts:   map[string]struct{}{},
		regions:    map[string]struct{}{},
	}
}

// observe records the parts of s when it is a concrete ARN.
func (e *arnEnv) observe(s string) {
	if !strings.HasPrefix(s, "arn:") {
		return
	}
	a, ok := integrations.ParseARN(s)
	if !ok {
		return
	}
	e.frozen = nil
	if a.Partition != "" && !wildcard(a.Partition) {
		e.partitions[a.Partition] = struct{}{}
	}
	if integrations.IsAccountID(a.AccountID) {
		e.accounts[a.AccountID] = struct{}{}
	}
	e.observeRegion(a.Region)
}

// merge adds what o has observed to e.
func (e *arnEnv) merge(o *arnEnv) {
	for _, pair := range [...]struct{ dst, src map[string]struct{} }{
		{e.partitions, o.partitions}, {e.accounts, o.accounts}, {e.regions, o.regions},
	} {
		for v := range pair.src {
			pair.dst[v] = struct{}{}
		}
	}
	e.frozen = nil
}

// observeRegion records a region name (from an ARN or a provider).
func (e *arnEnv) observeRegion(r string) {
	if r != "" && !wildcard(r) && !strings.ContainsAny(r, " :/") {
		e.frozen = nil
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
func (e *arnEnv) roleARNs(path, name string) []string {
	c := e.candidates()
	out := make([]string, 0, len(c.partitions)*len(c.accounts))
	for _, p := range c.partitions {
		for _, a := range c.accounts {
			out = append(out, integrations.Account{Partition: p, ID: a}.RoleARN(path, name))
		}
	}
	return out
}

// regionalARNs returns the ARNs a regional resource may have: build's
// answer in every partition, region and account seen in the stack.
func (e *arnEnv) regionalARNs(build func(integrations.Account) string) []string {
	c := e.candidates()
	out := make([]string, 0, len(c.partitions)*len(c.regions)*len(c.accounts))
	for _, p := range c.partitions {
		for _, r := range c.regions {
			for _, a := range c.accounts {
				out = append(out, build(integrations.Account{Partition: p, Region: r, ID: a}))
			}
		}
	}
	return out
}

// display returns an ARN fit for a message: the account placeholder is
// spelled so that a reader sees it must be filled in.
func display(a string) string {
	return strings.Replace(a, ":"+placeholderAccount+":", ":ACCOUNT_ID:", 1)
}
