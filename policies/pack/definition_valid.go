package pack

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"batchpipeline/internal/asl"
	"batchpipeline/policies/pack/stackmodel"
)

// DefinitionValidPolicy is the name of the policy that checks state
// machine definitions.
const DefinitionValidPolicy = "sfn-definition-valid"

// definitionValid builds the sfn-definition-valid policy: only what Step
// Functions rejects (invalid JSON, a transition leaving its Parallel branch
// or Map processor or naming no state, a missing Next/End, unreachable
// states: asl.Validate) and what fails every run (an ECS task on Fargate or
// awsvpc without NetworkConfiguration), for a state machine's Task states
// and for an EventBridge rule or Scheduler target that runs an ECS task.
//
// It is a stack policy, not a resource policy, because the awsvpc check
// needs the task definition the state names, another resource of the
// stack.
func definitionValid(cache *stackCache) policyx.StackValidationPolicy {
	return newStackPolicy(DefinitionValidPolicy,
		"A state machine definition must be one Step Functions accepts and that does not fail every run; "+
			"so must the ECS task an EventBridge rule or Scheduler target runs.",
		policyx.EnforcementLevelMandatory, cache,
		func(s *stack, rep reporter) {
			rep.checkAll(len(s.callers), s.callerURN, func(i int) string {
				c := s.callers[i]
				switch c.kind {
				case ecsTargetCaller:
					problems := s.targetProblems(c.starter)
					if len(problems) == 0 {
						return ""
					}
					return fmt.Sprintf("%s runs an ECS task that fails every run:\n  - %s",
						c.label, strings.Join(problems, "\n  - "))
				case machineCaller:
					problems := s.definitionProblems(c.machine)
					if len(problems) == 0 {
						return ""
					}
					return fmt.Sprintf("the definition of %s has %d problem(s):\n  - %s",
						c.label, len(problems), strings.Join(problems, "\n  - "))
				}
				return ""
			})
		})
}

// definitionProblems lists the problems of a known definition.
func (s *stack) definitionProblems(m *stackmodel.Machine) []string {
	switch m.DefinitionKnownness {
	case stackmodel.Mistyped:
		return []string{"definition is not a string"}
	case stackmodel.Known, stackmodel.Secret:
	default:
		return nil
	}
	if m.DefinitionError != nil {
		return []string{"definition is not a valid state machine JSON document: " + m.DefinitionError.Error()}
	}
	var out []string
	problems := asl.Validate(m.Definition)
	if m.DefinitionKnownness == stackmodel.Secret && len(problems) > 0 {
		// Paths and messages quote state names, part of the secret.
		out = append(out, fmt.Sprintf("the definition is secret: %d problem(s) of its structure "+
			"(transitions, Next/End, unreachable states) are not shown so as not to reveal it", len(problems)))
		problems = nil
	}
	for _, p := range problems {
		out = append(out, p.String())
	}
	env := stackmodel.NewEnv(s.Stack, s.where(m.ARN, stackmodel.ResolvedRole{}, m.Resource), false)
	for _, t := range m.Tasks() {
		for _, p := range t.Call.Problems(env) {
			out = append(out, t.Path+": "+p)
		}
	}
	return out
}

// targetProblems lists what makes every run of an ECS target's task fail.
func (s *stack) targetProblems(sr *stackmodel.Starter) []string {
	cluster := ""
	if sr.Invokes.Knownness == stackmodel.Known {
		cluster = sr.Invokes.ARN
	}
	return sr.ECS.Call().Problems(stackmodel.NewEnv(s.Stack, s.where(cluster, stackmodel.ResolvedRole{}, sr.Resource), false))
}
