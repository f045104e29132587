package pack

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"batchpipeline/internal/iam"
	"batchpipeline/internal/integrations"
	"batchpipeline/policies/pack/stackmodel"
)

// need is one IAM request a state machine's tasks need, as the pack
// decided it: the model's need (integrations.Need, as built in the state
// machine's account or its first candidate), who makes the call, where it
// comes from and the outcome.
type need struct {
	integrations.Need
	// caller is the role whose permissions AWS checks: the state
	// machine's, or a state's Credentials role.
	caller stackmodel.ResolvedRole
	// states are the paths of the states it comes from.
	states []string
	// from says, for a role passed, where the role comes from.
	from []roleSource
	z    authz
}

// roleSource says where a role passed comes from: "executionRoleArn of
// task definition "x" (run by state S; role R may run it)", or
// "Overrides.TaskRoleArn of state S".
type roleSource struct {
	via, of string
	why     []string
}

func (r roleSource) String() string {
	s := r.via + " of " + r.of
	if len(r.why) > 0 {
		s += " (" + strings.Join(r.why, "; ") + ")"
	}
	return s
}

// because joins where a role passed comes from.
func (n *need) because() string {
	parts := make([]string, len(n.from))
	for i, r := range n.from {
		parts[i] = r.String()
	}
	return strings.Join(parts, "; ")
}

// addSource records src, merging it with an entry of the same origin.
func (n *need) addSource(src *roleSource) {
	if src == nil {
		return
	}
	for i := range n.from {
		if n.from[i].via == src.via && n.from[i].of == src.of {
			for _, w := range src.why {
				if !slices.Contains(n.from[i].why, w) {
					n.from[i].why = append(n.from[i].why, w)
				}
			}
			return
		}
	}
	n.from = append(n.from, roleSource{via: src.via, of: src.of, why: slices.Clone(src.why)})
}

// analysis is what the calls of one caller need (the Task states of a
// state machine, or an ECS target's RunTask), decided once per stack
// model: four policies read it.
type analysis struct {
	stack  *stack
	caller caller
	// role is the caller's role.
	role stackmodel.ResolvedRole
	// needs are in a stable order: by caller, kind, action, resource.
	needs []*need
	// open lists what could not be read at all, one sentence each.
	open []string
}

// analysisMemo holds the analysis of one caller.
type analysisMemo struct {
	once sync.Once
	res  *analysis
}

// analyze returns the analysis of c, computed on first use.
func (s *stack) analyze(c caller) *analysis {
	memo := s.analyses[c]
	memo.once.Do(func() {
		if c.machine != nil {
			memo.res = s.machineAnalysis(c.machine)
		} else {
			memo.res = s.targetAnalysis(c.target)
		}
	})
	if memo.res == nil {
		// computeAnalysis panicked in the policy that ran first (and was
		// reported there); say so here too rather than guess.
		panic(fmt.Sprintf("the analysis of %s failed", c.label()))
	}
	return memo.res
}

// withOutcome returns the needs with outcome o that pass a role
// (passRole) or do not.
func (a *analysis) withOutcome(o outcome, passRole bool) []*need {
	var out []*need
	for _, n := range a.needs {
		if n.z.outcome == o && (n.Kind == integrations.PassRoleNeed) == passRole {
			out = append(out, n)
		}
	}
	return out
}

// instance is one need found in one candidate account, before the
// candidates are merged.
type instance struct {
	// Need points into the list the model returned: an instance is
	// small, a Need is not.
	*integrations.Need
	state  string
	source *roleSource
	// credentials is the AssumeRole need of the state's Credentials when
	// the need is checked against that role.
	credentials *integrations.Need
}

// machineAnalysis analyses the Task states of m.
func (s *stack) machineAnalysis(m *stackmodel.Machine) *analysis {
	res := &analysis{stack: s, caller: caller{machine: m}}
	if m.Role.Knownness == stackmodel.Missing {
		return res
	}
	res.role = s.ResolveRole(m.Role)
	if res.role.Role == nil {
		res.open = append(res.open, fmt.Sprintf("the permissions of its role cannot be read: %s", res.role.Why))
		return res
	}
	accounts := s.accounts(m.ARN, res.role)
	runnable := s.runnableTaskDefs(res.role.Role, accounts[0])
	perAccount := make([][]instance, len(accounts))
	for i, acct := range accounts {
		perAccount[i] = s.instances(m, stackmodel.NewEnv(s.Stack, acct, m.DefinitionKnownness == stackmodel.Secret), res.role, runnable)
	}
	s.decideAll(res, perAccount, m.DefinitionKnownness == stackmodel.Secret)
	return res
}

// targetAnalysis analyses the RunTask of an ECS target, made with its
// role (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/CWE_IAM_role.html).
func (s *stack) targetAnalysis(sr *stackmodel.Starter) *analysis {
	res := &analysis{stack: s, caller: caller{target: sr}}
	if sr.Role.Knownness == stackmodel.Missing {
		res.open = append(res.open, fmt.Sprintf("it sets no %s: the service needs a role to run the task", sr.Role.Prop))
		return res
	}
	res.role = s.ResolveRole(sr.Role)
	if res.role.Role == nil {
		res.open = append(res.open, fmt.Sprintf("the permissions of its role cannot be read: %s", res.role.Why))
		return res
	}
	cluster := targetCluster(sr)
	call := sr.ECS.Call()
	why := "run by " + res.caller.label()
	accounts := s.accounts(cluster, res.role)
	perAccount := make([][]instance, len(accounts))
	for i, acct := range accounts {
		needs := call.Needs(stackmodel.NewEnv(s.Stack, acct, false))
		for j := range needs {
			n := &needs[j]
			perAccount[i] = append(perAccount[i], instance{Need: n, source: s.sourceOf(*n, "", why)})
		}
	}
	s.decideAll(res, perAccount, false)
	return res
}

// decideAll decides the needs found in each candidate account (the same
// needs, in the same order, in each), once per distinct need, and adds
// them to res in a stable order. secret hides what may quote a secret
// definition.
func (s *stack) decideAll(res *analysis, perAccount [][]instance, secret bool) {
	byKey := map[string]*need{}
	var keys []string
	zs := make([]authz, 0, len(perAccount))
	resources := make([]string, 0, len(perAccount))
	for i := range perAccount[0] {
		first := &perAccount[0][i]
		caller := s.callerOf(*first, res.role)
		key := needKey(caller, *first.Need)
		n, ok := byKey[key]
		if !ok {
			// Decided once per distinct need, in every candidate account.
			zs, resources = zs[:0], resources[:0]
			for _, list := range perAccount {
				if i < len(list) {
					zs = append(zs, s.decide(caller, *list[i].Need))
					resources = append(resources, list[i].Resource)
				}
			}
			n = &need{Need: *first.Need, caller: caller, z: mergeCandidates(zs, resources)}
			if secret {
				n.hideDefinitionValues()
			}
			byKey[key] = n
			keys = append(keys, key)
		}
		if first.state != "" && !slices.Contains(n.states, first.state) {
			n.states = append(n.states, first.state)
		}
		n.addSource(first.source)
	}
	sort.Strings(keys)
	for _, k := range keys {
		res.needs = append(res.needs, byKey[k])
	}
}

// instances lists what m's tasks need in one account: every need of
// every Task state the model reads, and the roles passed by the task
// definitions the role may run (runnable) or that an unknown definition
// is built from.
func (s *stack) instances(m *stackmodel.Machine, env stackmodel.Env, role stackmodel.ResolvedRole, runnable []*stackmodel.TaskDef) []instance {
	out := make([]instance, 0, 12*len(m.Tasks()))
	for _, t := range m.Tasks() {
		needs := t.Call.Needs(env)
		var creds *integrations.Need
		for i := range needs {
			if needs[i].Kind == integrations.AssumeRoleNeed {
				creds = &needs[i]
			}
		}
		for i := range needs {
			n := &needs[i]
			in := instance{Need: n, state: t.Path, source: s.sourceOf(*n, t.Path, "")}
			if n.By == integrations.CredentialsRole {
				in.credentials = creds
			}
			out = append(out, in)
		}
	}
	passRoles := func(td *stackmodel.TaskDef, why func(run string) string) {
		needs := integrations.RunTaskNeeds(env.Account(), env.TaskDefinition(td), "")
		for i := range needs[1:] {
			n := &needs[1+i]
			out = append(out, instance{Need: n, source: s.sourceOf(*n, "", why(needs[0].Action))})
		}
	}
	if m.Definition == nil && m.DefinitionKnownness == stackmodel.Unknown {
		for _, u := range m.Resource.DepsOf("definition") {
			if td, ok := s.TaskDefsByURN[u]; ok {
				passRoles(td, func(string) string { return "the definition, unknown at this preview, is built from it" })
			}
		}
	}
	for _, td := range runnable {
		passRoles(td, func(run string) string { return role.Label + " may run it (" + run + ")" })
	}
	return out
}

// secretValue replaces, in messages, a reason that may quote a value of
// a secret definition.
const secretValue = "a value of the secret definition is not known before the run"

// hideDefinitionValues replaces the reasons that may quote the definition
// (the model's Unknown texts) when it is secret.
func (n *need) hideDefinitionValues() {
	for i, r := range n.z.reasons {
		if (n.Unknown != "" && strings.Contains(r, n.Unknown)) || (n.Role.Unknown != "" && strings.Contains(r, n.Role.Unknown)) {
			n.z.reasons[i] = secretValue
		}
	}
	if n.Unknown != "" {
		n.Unknown = secretValue
	}
	if n.Role.Unknown != "" {
		n.Role.Unknown = secretValue
	}
}

// sourceOf says where a role passed by n comes from: a task definition's
// role property, which runs because of why (by default, because the state
// at path runs it), or a property of the state at path; nil for other
// needs.
func (s *stack) sourceOf(n integrations.Need, path, why string) *roleSource {
	if n.Kind != integrations.PassRoleNeed || n.Via == "" {
		return nil
	}
	if td, ok := s.TaskDefsByURN[n.TaskDefinition]; ok {
		if why == "" {
			why = "run by state " + path
		}
		return &roleSource{via: n.Via, of: td.Label(), why: []string{why}}
	}
	return &roleSource{via: n.Via, of: "state " + path}
}

// callerOf returns the role whose permissions decide in: the state
// machine's role, or the role of the Credentials of in's state.
func (s *stack) callerOf(in instance, machineRole stackmodel.ResolvedRole) stackmodel.ResolvedRole {
	if in.By == integrations.MachineRole || in.credentials == nil {
		return machineRole
	}
	return s.roleOfNeed(*in.credentials)
}

// roleOfNeed returns the stack's role a need names (Role.Key), or a role
// outside the stack.
func (s *stack) roleOfNeed(n integrations.Need) stackmodel.ResolvedRole {
	if ro, ok := s.RolesByURN[n.Role.Key]; ok {
		return stackmodel.ResolvedRole{Role: ro, ARNs: nonEmpty(n.Role.ARN), Label: ro.Label(), Secret: ro.Secret || n.Role.Secret}
	}
	label := "role " + stackmodel.Display(n.Role.ARN)
	if n.Role.ARN == "" {
		label = n.Via + " (unknown)"
	}
	why := n.Role.Unknown
	if why == "" {
		why = fmt.Sprintf("%s is not a Role of this stack", label)
	}
	return stackmodel.ResolvedRole{ARNs: nonEmpty(n.Role.ARN), Label: label, Why: why, Secret: n.Role.Secret}
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// needKey identifies a need across the states and task definitions that
// share it: the same request by the same caller.
func needKey(caller stackmodel.ResolvedRole, n integrations.Need) string {
	var b strings.Builder
	b.WriteString(caller.Label)
	b.WriteString("\x00" + strconv.Itoa(int(n.Kind)) + "\x00" + n.Action + "\x00" + n.Resource + "\x00" + n.Unknown)
	for _, k := range slices.Sorted(maps.Keys(n.Context)) {
		b.WriteString("\x00" + k + "=" + n.Context[k])
	}
	if n.Kind == integrations.PassRoleNeed && n.Resource == "" {
		b.WriteString("\x00" + n.Via + "\x00" + n.TaskDefinition + "\x00" + n.Role.Unknown)
	}
	return b.String()
}

// decide evaluates one need for its caller. A need whose resource is not
// known is undecided; so is a gap in a need AWS may not check (Unsure).
// Only iam:PassRole keeps the rule that an unknown document not built from
// a resource of the stack cannot name it (see authorizeOne).
func (s *stack) decide(caller stackmodel.ResolvedRole, n integrations.Need) authz {
	switch {
	case caller.Role == nil:
		return authz{outcome: undecided, reasons: []string{"the permissions of " + caller.Label + " cannot be read: " + caller.Why}}
	case n.Resource == "":
		why := n.Unknown
		if why == "" {
			why = "the resource is not known before the call"
		}
		return authz{outcome: undecided, reasons: []string{why}}
	}
	strict := n.Kind == integrations.PassRoleNeed
	req := iam.Request{Action: n.Action, Resource: n.Resource, Context: n.Context}
	z := s.authorizeOne(caller.Role, req, n.Target, strict)
	if z.outcome != denied {
		return z
	}
	// Name the condition that rules the request out, if one does.
	for _, k := range slices.Sorted(maps.Keys(n.Context)) {
		without := maps.Clone(n.Context)
		delete(without, k)
		if s.authorizeOne(caller.Role, iam.Request{Action: n.Action, Resource: n.Resource, Context: without}, n.Target, strict).outcome != denied {
			z.reasons = append(z.reasons, fmt.Sprintf("a condition on %s in its policies rules out %s", k, n.Context[k]))
		}
	}
	if n.Unsure != "" {
		return authz{outcome: undecided, reasons: append(z.reasons, "not certain to fail: "+n.Unsure)}
	}
	return z
}

// mergeCandidates combines the outcomes of one request on each candidate
// ARN (the resources, in the same order): they decide only when they
// agree.
func mergeCandidates(zs []authz, resources []string) authz {
	for _, z := range zs[1:] {
		if z.outcome != zs[0].outcome {
			return authz{outcome: undecided, reasons: []string{fmt.Sprintf(
				"the answer depends on the account or region of the ARN, unknown at this preview (candidates: %s)",
				strings.Join(displayAll(slices.Compact(resources)), ", "))}}
		}
	}
	return zs[0]
}
