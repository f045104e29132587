package pack

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"

	"batchpipeline/internal/iam"
	"batchpipeline/internal/integrations"
)

// ecsIAMDoc is the AWS page that lists what a state machine role needs to
// run ECS tasks, PassRole included.
const ecsIAMDoc = "https://docs.aws.amazon.com/step-functions/latest/dg/ecs-iam.html"

// passNeed is one role a state machine's role must be able to pass.
type passNeed struct {
	target resolvedRole
	// because lists where the need comes from: "executionRoleArn of task
	// definition "x" (run by state States.A)", built only when reported.
	because []needReason
	z       authz
}

// needReason says where a need comes from: the role property prop of a
// task definition that runs (runs says why), or a text.
type needReason struct {
	text string
	prop string
	td   *taskDef
	runs []string
}

func (r needReason) String() string {
	if r.td == nil {
		return r.text
	}
	return r.prop + " of " + r.td.label() + " (" + strings.Join(r.runs, "; ") + ")"
}

// becauseText joins the reasons of a need, for a message.
func (n *passNeed) becauseText() string {
	parts := make([]string, len(n.because))
	for i, r := range n.because {
		parts[i] = r.String()
	}
	return strings.Join(parts, "; ")
}

// passRoleResult is the PassRole analysis of one state machine.
type passRoleResult struct {
	m    *machine
	role resolvedRole
	// needs are the roles to pass, in a stable order.
	needs []*passNeed
	// open lists what could not be decided, one sentence each, beyond the
	// undecided needs.
	open []string
}

// denied returns the needs the role certainly cannot pass.
func (r *passRoleResult) denied() []*passNeed { return r.withOutcome(denied) }

// undecidedNeeds returns the needs that could not be decided.
func (r *passRoleResult) undecidedNeeds() []*passNeed { return r.withOutcome(undecided) }

func (r *passRoleResult) withOutcome(o outcome) []*passNeed {
	var out []*passNeed
	for _, n := range r.needs {
		if n.z.outcome == o {
			out = append(out, n)
		}
	}
	return out
}

// passRoleContext is the request context of the PassRole call ECS makes on
// behalf of Step Functions. The stack keeps one (passRoleCtx), read only.
func passRoleContext() map[string]string {
	return map[string]string{"iam:PassedToService": integrations.ECSTasksService}
}

// analyzePassRole finds the ECS task roles a state machine's role must pass
// and whether its documents allow it. The result is computed once per
// stack index: sfn-ecs-passrole and sfn-ecs-passrole-unverified both read it.
func (s *stack) analyzePassRole(m *machine) *passRoleResult {
	memo := s.passRoles[m]
	memo.once.Do(func() { memo.res = s.computePassRole(m) })
	if memo.res == nil {
		// computePassRole panicked in the policy that ran first (and was
		// reported there); say so here too rather than guess.
		panic(fmt.Sprintf("the PassRole analysis of %s failed", m.label()))
	}
	return memo.res
}

// passRoleMemo holds the PassRole analysis of one machine.
type passRoleMemo struct {
	once sync.Once
	res  *passRoleResult
}

// computePassRole does the work of analyzePassRole.
func (s *stack) computePassRole(m *machine) *passRoleResult {
	res := &passRoleResult{m: m}
	if m.role.st == missing {
		return res
	}
	res.role = s.resolveRole(m.role)
	if res.role.role == nil {
		res.open = append(res.open, fmt.Sprintf("the permissions of its role cannot be read: %s", res.role.why))
		return res
	}
	runs := map[*taskDef][]string{}
	var order []*taskDef
	add := func(td *taskDef, why string) {
		if _, ok := runs[td]; !ok {
			order = append(order, td)
		}
		runs[td] = append(runs[td], why)
	}
	extra := map[string]*passNeed{}
	switch {
	case m.def != nil:
		for _, t := range m.tasks() {
			if !isECSRunTask(t.integ) {
				continue
			}
			s.definitionTaskDefs(res, t, add)
			s.overrideRoles(res, t, extra)
		}
	case m.defState == unknown:
		for _, u := range m.res.depsOf("definition") {
			if td, ok := s.taskDefsByURN[u]; ok {
				add(td, "the definition, unknown at this preview, is built from it")
			}
		}
	}
	for _, td := range s.runnableTaskDefs(res.role.role) {
		add(td, res.role.label+" may run it (ecs:RunTask)")
	}

	needs := map[string]*passNeed{}
	var keys []string
	need := func(rr resolvedRole, because needReason) {
		key := rr.label
		if rr.role != nil {
			key = rr.role.res.URN
		}
		n, ok := needs[key]
		if !ok {
			n = &passNeed{target: rr}
			needs[key] = n
			keys = append(keys, key)
		}
		n.because = append(n.because, because)
	}
	for _, td := range order {
		for _, ref := range []roleRef{td.exec, td.task} {
			if ref.st == missing {
				continue
			}
			rr := s.resolveRole(ref)
			if len(rr.arns) == 0 {
				res.open = append(res.open, fmt.Sprintf("%s of %s: %s", ref.prop, td.label(), rr.why))
				continue
			}
			need(rr, needReason{prop: ref.prop, td: td, runs: runs[td]})
		}
	}
	for _, k := range sortedKeys(keysOf(extra)) {
		n := extra[k]
		for _, b := range n.because {
			need(n.target, b)
		}
	}
	sort.Strings(keys)
	ctx := s.passRoleCtx
	for _, k := range keys {
		n := needs[k]
		target := ""
		if n.target.role != nil {
			target = n.target.role.res.URN
		}
		n.z = s.authorize(res.role.role, "iam:PassRole", n.target.arns, ctx, target)
		res.needs = append(res.needs, n)
	}
	return res
}

func keysOf[V any](m map[string]V) map[string]struct{} {
	out := make(map[string]struct{}, len(m))
	for k := range m {
		out[k] = struct{}{}
	}
	return out
}

// definitionTaskDefs adds the task definitions an ECS Task state names.
func (s *stack) definitionTaskDefs(res *passRoleResult, t task, add func(*taskDef, string)) {
	ref, dynamic, present := t.param("TaskDefinition")
	switch {
	case dynamic:
		res.open = append(res.open, fmt.Sprintf(
			"state %s chooses its task definition at run time (TaskDefinition.$ or an expression), "+
				"so the roles it passes cannot be known before it runs", t.path))
	case !present:
		// Step Functions rejects the state; sfn-definition-valid is not the
		// place for it either, ECS reports it on the first run.
	default:
		tds := s.taskDefsNamed(ref)
		if len(tds) == 0 {
			res.open = append(res.open, fmt.Sprintf(
				"state %s runs task definition %q, which is not in this stack, so its roles cannot be read",
				t.path, t.shown(ref)))
		}
		for _, td := range tds {
			add(td, "run by state "+t.path)
		}
	}
}

// overrideRoles adds the roles a state passes through container
// overrides (Overrides.TaskRoleArn, Overrides.ExecutionRoleArn).
func (s *stack) overrideRoles(res *passRoleResult, t task, extra map[string]*passNeed) {
	ov, _ := t.params["Overrides"].(map[string]any)
	for _, key := range []string{"TaskRoleArn", "ExecutionRoleArn"} {
		if _, dyn := ov[key+".$"]; dyn {
			res.open = append(res.open, fmt.Sprintf(
				"state %s sets Overrides.%s at run time, so the role it passes cannot be known", t.path, key))
			continue
		}
		a, ok := ov[key].(string)
		if !ok || a == "" {
			continue
		}
		st := known
		if t.secret {
			st = secret
		}
		rr := s.resolveRole(roleRef{prop: "Overrides." + key, st: st, arn: a})
		k := rr.label
		n, ok := extra[k]
		if !ok {
			n = &passNeed{target: rr}
			extra[k] = n
		}
		n.because = append(n.because, needReason{text: fmt.Sprintf("Overrides.%s of state %s", key, t.path)})
	}
}

// passRoleStatement is the statement that lets a role pass targets to ECS
// tasks, as JSON.
func (s *stack) passRoleStatement(targets []resolvedRole) string {
	var arns []string
	seen := map[string]bool{}
	for _, t := range targets {
		if len(t.arns) == 0 {
			continue
		}
		a := display(t.arns[0])
		if t.secret {
			a = "(secret: the ARN of " + t.label + ")"
		}
		if !seen[a] {
			seen[a] = true
			arns = append(arns, a)
		}
	}
	st := iam.Statement{
		Effect:    iam.Allow,
		Action:    iam.Strings{"iam:PassRole"},
		Resource:  iam.Strings(arns),
		Condition: map[string]map[string]iam.Strings{"StringEquals": {"iam:PassedToService": {integrations.ECSTasksService}}},
	}
	return renderJSON(st)
}

// renderJSON renders a statement (or statements) for a message: indented,
// without HTML escaping where the encoder controls it.
func renderJSON(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Sprintf("(cannot render the statement: %v)", err)
	}
	return strings.TrimSuffix(b.String(), "\n")
}
