package pack

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"batchpipeline/internal/iam"
	"batchpipeline/internal/integrations"
)

// SyncPermissionsPolicy is the name of the policy that checks what the
// .sync service integrations need besides PassRole.
const SyncPermissionsPolicy = "sfn-sync-integration-permissions"

// syncIntegrationPermissions builds the sfn-sync-integration-permissions
// policy: for every ecs:runTask and codebuild:startBuild Task state, the
// state machine's role must be allowed what Step Functions calls
// (integrations.RequiredECS, integrations.RequiredCodeBuild): ecs:RunTask,
// ecs:StopTask, ecs:DescribeTasks, codebuild:StartBuild/StopBuild/
// BatchGetBuilds/BatchGetReports and, for .sync, events:PutTargets/
// PutRule/DescribeRule on the managed rules StepFunctionsGetEventsForECSTaskRule
// and StepFunctionsGetEventForCodeBuildStartBuildRule. iam:PassRole is left
// to sfn-ecs-passrole.
//
// Only certain gaps are reported: a request that an unknown document, an
// external managed policy or a statement with a condition the pack cannot
// evaluate might allow is not. A condition on a key the pack does not know
// the value of (aws:RequestedRegion, aws:ResourceTag/..., ecs:cluster when
// the cluster is chosen at run time) is such a condition; ecs:cluster is
// known when the state names its cluster (see runTaskCluster).
func syncIntegrationPermissions(cache *stackCache) policyx.StackValidationPolicy {
	return newStackPolicy(SyncPermissionsPolicy,
		"A state machine's role must be allowed what its ECS and CodeBuild service integrations call "+
			"(.sync: the managed EventBridge rule too), or the task fails at run time.",
		policyx.EnforcementLevelMandatory, cache,
		func(s *stack, rep reporter) {
			rep.checkAll(len(s.machines), s.machineURN, func(i int) string {
				return s.syncProblems(s.machines[i])
			})
		})
}

// missingPermission is one requirement a role lacks.
type missingPermission struct {
	req    integrations.Requirement
	states []string
	// onCluster is set when the request is denied because of its cluster:
	// without ecs:cluster in its context it would not be denied.
	onCluster bool
}

// syncProblems explains what the role of m lacks, or returns "".
func (s *stack) syncProblems(m *machine) string {
	if m.def == nil {
		return ""
	}
	rr := s.resolveRole(m.role)
	if rr.role == nil {
		return ""
	}
	acct := s.account(m, rr)
	var missing map[string]*missingPermission // made at the first gap
	var keys []string
	for _, t := range m.tasks() {
		reqs, targets := s.requirements(acct, t, runTaskCluster(m, t))
		for i, req := range reqs {
			z := s.authorize(rr.role, req.Action, []string{req.Resource}, req.Context, targets[i])
			if z.outcome != denied {
				continue
			}
			cluster := req.Context[integrations.ConditionECSCluster]
			key := req.Action + " " + req.Resource + " " + cluster
			mp, ok := missing[key]
			if !ok {
				if missing == nil {
					missing = map[string]*missingPermission{}
				}
				mp = &missingPermission{req: req}
				if cluster != "" {
					mp.onCluster = s.authorize(rr.role, req.Action, []string{req.Resource},
						withoutKey(req.Context, integrations.ConditionECSCluster), targets[i]).outcome != denied
				}
				missing[key] = mp
				keys = append(keys, key)
			}
			mp.states = append(mp.states, t.path)
		}
	}
	if len(keys) == 0 {
		return ""
	}
	sort.Strings(keys)
	var b strings.Builder
	fmt.Fprintf(&b, "%s uses %s, which is not allowed what its service integrations call:\n", m.label(), rr.label)
	byResource := map[string][]string{}
	var resources []string
	shown := func(r string) string {
		if m.defState == secret {
			return "(a resource named in the secret definition)"
		}
		return display(r)
	}
	for _, k := range keys {
		mp := missing[k]
		on, why := shown(mp.req.Resource), mp.req.Why
		if mp.onCluster {
			c := mp.req.Context[integrations.ConditionECSCluster]
			if m.nameSecret && m.defState != secret {
				// Its account and region may come from the secret
				// state machine ARN: show the name only.
				c = c[strings.LastIndex(c, ":")+1:]
			}
			on += " in cluster " + shown(c)
			why += "; a condition on ecs:cluster in its policies rules out this cluster"
		}
		fmt.Fprintf(&b, "  - %s on %s (states %s): %s.\n", mp.req.Action, on,
			strings.Join(slices.Compact(mp.states), ", "), why)
		if _, ok := byResource[mp.req.Resource]; !ok {
			resources = append(resources, mp.req.Resource)
		}
		if !slices.Contains(byResource[mp.req.Resource], mp.req.Action) {
			byResource[mp.req.Resource] = append(byResource[mp.req.Resource], mp.req.Action)
		}
	}
	stmts := make([]iam.Statement, 0, len(resources))
	for _, r := range resources {
		stmts = append(stmts, iam.Statement{Effect: iam.Allow, Action: iam.Strings(byResource[r]),
			Resource: iam.Strings{shown(suggestedResource(r))}})
	}
	js := renderJSON(stmts)
	fmt.Fprintf(&b, "Add these statements to a policy of %s:\n%s\n"+
		"See https://docs.aws.amazon.com/step-functions/latest/dg/ecs-iam.html and "+
		"https://docs.aws.amazon.com/step-functions/latest/dg/codebuild-iam.html", rr.label, js)
	return b.String()
}

// withoutKey returns a copy of ctx without key.
func withoutKey(ctx map[string]string, key string) map[string]string {
	out := make(map[string]string, len(ctx))
	for k, v := range ctx {
		if k != key {
			out[k] = v
		}
	}
	return out
}

// suggestedResource widens a revisioned task definition ARN to every
// revision of its family (task-definition/FAMILY:*): a statement on one
// revision breaks at the next deploy of the task definition.
func suggestedResource(r string) string {
	a, ok := parseARN(r)
	if !ok || a.Service != "ecs" || !strings.HasPrefix(a.Resource, "task-definition/") {
		return r
	}
	if i := strings.LastIndex(r, ":"); i > strings.Index(r, "task-definition/") {
		return r[:i] + ":*"
	}
	return r + ":*"
}

// requirements returns what one Task state needs, and for each the URN of
// the stack resource it acts on ("" for static ARNs such as the managed
// rules), through which an unknown document may name it. cluster is the
// ARN of the cluster an ECS state runs on when certain, else "".
func (s *stack) requirements(acct integrations.Account, t task, cluster string) ([]integrations.Requirement, []string) {
	sync := t.integ.Pattern == integrations.PatternSync || t.integ.Pattern == integrations.PatternSync2
	switch {
	case isECSRunTask(t.integ):
		ref, dynamic, present := t.param("TaskDefinition")
		tdARN, target := "", ""
		if present && !dynamic {
			tdARN, target = s.taskDefARN(acct, ref)
		}
		onTaskDef := func(r integrations.Requirement) bool { return r.Action == "ecs:RunTask" }
		return instantiate(s.reqTemplates.ecsTemplate(acct), tdARN, target, sync, onTaskDef,
			func(r integrations.Requirement) integrations.Requirement { return ecsRequirement(r, cluster, tdARN) })
	case isCodeBuildStartBuild(t.integ):
		ref, dynamic, present := t.param("ProjectName")
		projectARN, target := "", ""
		if present && !dynamic {
			projectARN, target = s.projectARN(acct, ref)
		}
		onProject := func(r integrations.Requirement) bool { return strings.HasPrefix(r.Action, "codebuild:") }
		return instantiate(s.reqTemplates.codeBuildTemplate(acct), projectARN, target, sync, onProject,
			func(r integrations.Requirement) integrations.Requirement { return codeBuildRequirement(r, projectARN) })
	}
	return nil, nil
}

// instantiate fills an integration's requirement template for one Task
// state. onResource tells the requirements that act on the state's own
// resource (its task definition or project): they are dropped when that
// resource's ARN is unknown, and paired with target, the URN of the stack
// resource. Without .sync only the starting call (RunTask, StartBuild) is
// needed. complete fills in the ARNs.
func instantiate(tmpl []integrations.Requirement, resourceARN, target string, sync bool,
	onResource func(integrations.Requirement) bool,
	complete func(integrations.Requirement) integrations.Requirement,
) ([]integrations.Requirement, []string) {
	reqs := make([]integrations.Requirement, 0, len(tmpl))
	targets := make([]string, 0, len(tmpl))
	for _, r := range tmpl {
		on := onResource(r)
		if on && resourceARN == "" {
			continue
		}
		if !sync && !isStartingCall(r.Action) {
			continue
		}
		reqs = append(reqs, complete(r))
		if on {
			targets = append(targets, target)
		} else {
			targets = append(targets, "")
		}
	}
	return reqs, targets
}

// isStartingCall reports whether action is the call an integration makes
// to start its work, the only one needed without .sync.
func isStartingCall(action string) bool {
	return action == "ecs:RunTask" || action == "codebuild:StartBuild"
}

// taskDefARN returns the revisioned ARN a TaskDefinition parameter runs
// and the URN of the stack's task definition, if any.
func (s *stack) taskDefARN(acct integrations.Account, ref string) (string, string) {
	tds := s.taskDefsNamed(ref)
	target := ""
	if len(tds) == 1 {
		target = tds[0].res.URN
		if arns := tds[0].arns(s.env); len(arns) > 0 && tds[0].arn != "" {
			return arns[0], target
		}
	}
	family := ref
	if a, ok := parseARN(ref); ok {
		family = strings.TrimPrefix(a.Resource, "task-definition/")
		if strings.Contains(family, ":") {
			return ref, target
		}
	}
	family, rev, hasRev := strings.Cut(family, ":")
	if !hasRev {
		rev = "1"
		if len(tds) == 1 && tds[0].revision != "" {
			rev = tds[0].revision
		}
	}
	return "arn:" + acctPartition(acct) + ":ecs:" + acct.Region + ":" + acct.ID + ":task-definition/" + family + ":" + rev, target
}

// projectARN returns the ARN of a CodeBuild project named by a ProjectName
// parameter (a name or an ARN) and the URN of the stack's project, if any.
func (s *stack) projectARN(acct integrations.Account, ref string) (string, string) {
	name := ref
	if a, ok := parseARN(ref); ok {
		name = strings.TrimPrefix(a.Resource, "project/")
	}
	target := ""
	if ps := s.projectsByName[name]; len(ps) == 1 {
		target = ps[0].URN
	}
	if strings.HasPrefix(ref, "arn:") {
		return ref, target
	}
	return acct.ProjectARN(name), target
}

func acctPartition(a integrations.Account) string {
	if a.Partition == "" {
		return "aws"
	}
	return a.Partition
}

// account picks the account, region and partition to build ARNs in for a
// state machine: those of its own ARN or its role's when known, else the
// first the stack shows.
func (s *stack) account(m *machine, rr resolvedRole) integrations.Account {
	acct := integrations.Account{
		Partition: candidates(s.env.partitions, "aws")[0],
		Region:    candidates(s.env.regions, "us-east-1")[0],
		ID:        candidates(s.env.accounts, placeholderAccount)[0],
	}
	if a, ok := parseARN(m.arn); ok {
		acct = integrations.Account{Partition: a.Partition, Region: a.Region, ID: a.Account}
	} else if len(rr.arns) > 0 {
		if a, ok := parseARN(rr.arns[0]); ok && isAccountID(a.Account) {
			acct.Partition, acct.ID = a.Partition, a.Account
		}
	}
	return acct
}
