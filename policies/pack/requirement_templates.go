package pack

import (
	"strings"
	"sync"

	"batchpipeline/internal/integrations"
)

// requirementTemplates holds, per account, what an ECS RunTask or CodeBuild
// StartBuild state requires before its task definition, project and
// cluster are filled in: the ARNs of the task pattern and of the managed
// rules and every Why are the same for every state of an account, and
// building them per state was a twentieth of an analysis. The templates
// are shared by the per-machine checks, which run in parallel, and never
// modified.
type requirementTemplates struct {
	mu        sync.Mutex
	ecs       map[integrations.Account][]integrations.Requirement
	codeBuild map[integrations.Account][]integrations.Requirement
}

// ecsTemplate returns integrations.RequiredECSOnCluster(acct, "", "").
func (t *requirementTemplates) ecsTemplate(acct integrations.Account) []integrations.Requirement {
	t.mu.Lock()
	defer t.mu.Unlock()
	reqs, ok := t.ecs[acct]
	if !ok {
		if t.ecs == nil {
			t.ecs = map[integrations.Account][]integrations.Requirement{}
		}
		reqs = integrations.RequiredECSOnCluster(acct, "", "")
		t.ecs[acct] = reqs
	}
	return reqs
}

// codeBuildTemplate returns integrations.RequiredCodeBuild(acct, "").
func (t *requirementTemplates) codeBuildTemplate(acct integrations.Account) []integrations.Requirement {
	t.mu.Lock()
	defer t.mu.Unlock()
	reqs, ok := t.codeBuild[acct]
	if !ok {
		if t.codeBuild == nil {
			t.codeBuild = map[integrations.Account][]integrations.Requirement{}
		}
		reqs = integrations.RequiredCodeBuild(acct, "")
		t.codeBuild[acct] = reqs
	}
	return reqs
}

// ecsRequirement fills r, a requirement of ecsTemplate, for a state on
// clusterARN ("" when not known) running taskDefinitionARN: the result is
// the same element of integrations.RequiredECSOnCluster(acct, clusterARN,
// taskDefinitionARN).
func ecsRequirement(r integrations.Requirement, clusterARN, taskDefinitionARN string) integrations.Requirement {
	if r.Action != "ecs:RunTask" {
		return r
	}
	r.Resource = taskDefinitionARN
	if clusterARN != "" {
		r.Context = map[string]string{integrations.ConditionECSCluster: clusterARN}
	}
	return r
}

// codeBuildRequirement fills r, a requirement of codeBuildTemplate, for a
// state starting a build of projectARN: the result is the same element of
// integrations.RequiredCodeBuild(acct, projectARN).
func codeBuildRequirement(r integrations.Requirement, projectARN string) integrations.Requirement {
	if strings.HasPrefix(r.Action, "codebuild:") {
		r.Resource = projectARN
	}
	return r
}
