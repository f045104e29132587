package pack

import (
	"fmt"

	"batchpipeline/internal/integrations"
	"batchpipeline/internal/partial"
	"batchpipeline/policies/pack/stackmodel"
)

// gather lists the requests AWS makes for c, each with the roles it
// names resolved: every source of requests ends here, in the one shape
// decide reads.
func (s *stack) gather(c *caller) {
	var reqs []*request
	switch c.kind {
	case machineCaller:
		reqs = s.machineRequests(c)
	case ecsTargetCaller:
		reqs = s.ecsTargetRequests(c)
	case starterCaller:
		reqs = s.starterRequests(c)
	case taskDefCaller:
		reqs = s.taskDefRequests(c)
	}
	for _, r := range reqs {
		if r.Kind != integrations.CallRequest {
			r.roleLabel = s.roleLabel(r.Request)
			if r.assumed != nil && r.assumed.Role != nil {
				r.roleLabel = r.assumed.Label
			}
		}
	}
	c.merge(reqs)
}

// machineRequests are a state machine's: its role's trust for Step
// Functions, every request of its Task states (with its role, or a
// state's Credentials role), and at a first preview, for a definition
// built from resources of the stack, what running them certainly needs.
func (s *stack) machineRequests(c *caller) []*request {
	m := c.machine
	if m.Role.Knownness == stackmodel.Missing {
		return nil // the provider refuses a state machine without roleArn
	}
	role := s.ResolveRole(m.Role)
	c.roleLabel = role.Label
	where := s.where(m.ARN, role, m.Resource)
	secret := m.DefinitionKnownness == stackmodel.Secret
	self := s.machineARN(m, where)
	env := stackmodel.NewEnv(s.Stack, where, secret).WithStateMachine(self)
	reqs := []*request{s.assumption(c, integrations.Assumption{
		Service: integrations.StatesService, Account: where.ID, SourceARN: self}, m.Role)}
	for _, t := range m.Tasks() {
		rs := t.Call.Requests(env)
		var creds *stackmodel.ResolvedRole
		for _, r := range rs {
			if r.Kind == integrations.AssumeRoleRequest {
				rr := s.modelRole(r.Role, r.Via)
				creds = &rr
			}
		}
		// One slice for the requests of a state: merge never appends to
		// it in place (its capacity is its length).
		states := []string{t.Path}
		for i := range rs {
			r := &rs[i]
			req := &request{Request: r, caller: c, principal: &role, states: states}
			switch {
			case r.Kind == integrations.AssumeRoleRequest:
				req.assumed = creds
			case r.By == integrations.CredentialsRole:
				req.principal = creds
			}
			req.addSource(s.sourceOf(r, t.Path, ""))
			reqs = append(reqs, req)
		}
	}
	if m.Definition == nil && m.DefinitionKnownness == stackmodel.Unknown {
		for _, u := range m.Resource.DepsOf("definition") {
			implied := integrations.ImpliedRequests(env, u)
			for i := range implied {
				r := &implied[i]
				req := &request{Request: r, caller: c, principal: &role}
				req.addSource(s.sourceOf(r, "", "the definition, unknown at this preview, is built from it"))
				reqs = append(reqs, req)
			}
		}
	}
	return reqs
}

// ecsTargetRequests are those of an EventBridge rule target or a
// Scheduler schedule that runs an ECS task: its role's trust, and the
// requests of its RunTask, made with its role
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/CWE_IAM_role.html).
func (s *stack) ecsTargetRequests(c *caller) []*request {
	sr := c.starter
	if sr.Role.Knownness == stackmodel.Missing {
		c.open = append(c.open, fmt.Sprintf("it sets no %s: the service needs a role to run the task", sr.Role.Prop))
		return nil
	}
	role := s.ResolveRole(sr.Role)
	c.roleLabel = role.Label
	cluster := ""
	if sr.Invokes.Knownness == stackmodel.Known {
		cluster = sr.Invokes.ARN
	}
	where := s.where(cluster, role, sr.Resource)
	// The service assumes the role for the rule or schedule, whose
	// account the cluster's does not show.
	reqs := []*request{s.starterAssumption(c, s.where("", role, sr.Resource))}
	why := "run by " + c.label
	rs := sr.ECS.Call().Requests(stackmodel.NewEnv(s.Stack, where, false))
	for i := range rs {
		r := &rs[i]
		req := &request{Request: r, caller: c, principal: &role}
		req.addSource(s.sourceOf(r, "", why))
		reqs = append(reqs, req)
	}
	return reqs
}

// starterRequests are those of a target or schedule that starts a state
// machine of the stack: its role's trust, and states:StartExecution on
// the machine with its role.
func (s *stack) starterRequests(c *caller) []*request {
	sr, m := c.starter, c.machine
	if sr.Role.Knownness == stackmodel.Missing {
		r := integrations.StartExecutionRequest(s.machineARN(m, s.Where()), m.Resource.URN)
		return []*request{{Request: &r, caller: c}}
	}
	role := s.ResolveRole(sr.Role)
	c.roleLabel = role.Label
	own, _ := stackmodel.ReadString(sr.Resource.Properties, "arn")
	where := s.where(own, role, sr.Resource)
	r := integrations.StartExecutionRequest(s.machineARN(m, where), m.Resource.URN)
	return []*request{s.starterAssumption(c, where), {Request: &r, caller: c, principal: &role}}
}

// taskDefRequests are ECS assuming a task definition's execution role
// and task role. ECS assumes the execution role when a container needs
// it; otherwise a role it cannot assume may not fail.
func (s *stack) taskDefRequests(c *caller) []*request {
	td := c.taskDef
	var reqs []*request
	for _, ro := range []struct {
		property string
		ref      stackmodel.ARNRef
	}{{"executionRoleArn", td.ExecutionRole}, {"taskRoleArn", td.TaskRole}} {
		if ro.ref.Knownness == stackmodel.Missing {
			continue
		}
		where := s.where(td.ARN, s.ResolveRole(ro.ref), td.Resource)
		r := s.assumption(c, integrations.Assumption{Service: integrations.ECSTasksService, Property: ro.property, Account: where.ID}, ro.ref)
		if ro.property == "executionRoleArn" {
			r.unsure = func() string { return executionRoleUnsure(td) }
		}
		reqs = append(reqs, r)
	}
	return reqs
}

// starterAssumption is the service of a target or schedule assuming its
// role, for the rule's ARN or the schedule group's.
func (s *stack) starterAssumption(c *caller, where integrations.Account) *request {
	sr := c.starter
	as := integrations.Assumption{Account: where.ID}
	if sr.Resource.Type == stackmodel.TypeSchedule {
		as.Service = integrations.SchedulerService
		group := sr.Group
		if group == "" {
			group = partial.Hole{Label: "GROUP", Class: partial.Name,
				Why: "the schedule group of " + c.label + " is not known at this preview"}.String()
		}
		as.SourceARN = where.ScheduleGroupARN(group)
	} else {
		as.Service = integrations.EventsService
		rule := sr.Rule
		if rule == "" {
			rule = partial.Hole{Label: "RULE", Class: partial.Name,
				Why: "the rule of " + c.label + " is not known at this preview"}.String()
		}
		if sr.Bus == "" {
			as.SourceARN = where.RuleARNOnBusNotKnown(rule, "the event bus of "+c.label+" is not known at this preview")
		} else {
			as.SourceARN = where.RuleARN(sr.Bus, rule)
		}
	}
	return s.assumption(c, as, sr.Role)
}

// assumption is the request of a service assuming the role ref names.
func (s *stack) assumption(c *caller, as integrations.Assumption, ref stackmodel.ARNRef) *request {
	rr := s.ResolveRole(ref)
	role := integrations.Role{Set: true, ARN: rr.ARN, Secret: rr.Secret}
	if rr.Role != nil {
		role.Key = rr.Role.Resource.URN
	}
	if role.ARN == "" {
		role.ARN = s.Where().RoleARN("/", partial.Hole{Label: "ROLE", Class: partial.Any, Why: rr.Why}.String())
	}
	r := as.Request(role)
	return &request{Request: &r, caller: c, assumed: &rr}
}

// machineARN is a state machine's ARN in where, its name a hole when not
// known.
func (s *stack) machineARN(m *stackmodel.Machine, where integrations.Account) string {
	if a := m.ARNIn(where); a != "" {
		return a
	}
	return where.StateMachineARN(partial.Hole{Label: "NAME", Class: partial.Name,
		Why: "the name of " + m.Label() + " is not known at this preview"}.String())
}

// executionRoleUnsure says why a task may start without its execution
// role, "" when a container needs it.
func executionRoleUnsure(td *stackmodel.TaskDef) string {
	use, known := td.ExecutionRoleUse()
	switch {
	case use != "":
		return ""
	case !known:
		return "ECS assumes the execution role when a container needs it (a private ECR image, awslogs, secrets, " +
			"registry credentials), and the container definitions cannot be read at this preview"
	default:
		return "ECS assumes the execution role when a container needs it (a private ECR image, awslogs, secrets, " +
			"registry credentials), no container definition needs it, and AWS does not say whether ECS assumes it otherwise"
	}
}

// sourceOf says where a role passed by r comes from: a task definition's
// role property, which runs because of why (by default, because the state
// at path runs it), or a property of the state at path; nil for other
// requests.
func (s *stack) sourceOf(r *integrations.Request, path, why string) *roleSource {
	if r.Kind != integrations.PassRoleRequest || r.Via == "" {
		return nil
	}
	if td, ok := s.TaskDefsByURN[r.TaskDefinition]; ok {
		if why == "" {
			why = "run by state " + path
		}
		return &roleSource{via: r.Via, of: td.Label(), why: []string{why}}
	}
	return &roleSource{via: r.Via, of: "state " + path}
}

// modelRole returns the stack's role a model's Role names (by Key), or a
// role outside the stack.
func (s *stack) modelRole(ro integrations.Role, via string) stackmodel.ResolvedRole {
	if r, ok := s.RolesByURN[ro.Key]; ok {
		return stackmodel.ResolvedRole{Role: r, ARN: ro.ARN, Label: r.Label(), Secret: r.Secret || ro.Secret}
	}
	label := "role " + partial.Display(ro.ARN)
	switch {
	case ro.Secret:
		label = "role (secret " + via + ")"
	case !partial.Known(ro.ARN):
		label = via + " (not known before the run)"
	}
	return stackmodel.ResolvedRole{ARN: ro.ARN, Label: label, Secret: ro.Secret,
		Why: fmt.Sprintf("%s is not a Role of this stack", label)}
}
