package stackmodel

import (
	"encoding/json"
	"strconv"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"batchpipeline/internal/arn"
	"batchpipeline/internal/integrations"
)

// TaskDef is an aws:ecs/taskDefinition:TaskDefinition of the stack.
type TaskDef struct {
	Resource *Resource
	Family   string // "" when unknown
	// familySecret is set when the family is secret (then never printed).
	familySecret bool
	ARN          string // "" when unknown
	revision     string // "" when unknown
	// awsvpc is set when networkMode is awsvpc or the task requires
	// FARGATE (which only supports awsvpc).
	awsvpc bool
	// ExecutionRole and TaskRole are the execution role and the task role.
	ExecutionRole, TaskRole ARNRef
	// Tagged says whether the task definition has tags (tags, or tagsAll
	// with the provider's default tags), which RunTask copies to the task
	// with PropagateTags TASK_DEFINITION.
	Tagged integrations.Tri
	// execUse is ExecutionRoleUse's answer, read on first use: only a
	// policy that finds an execution role ECS cannot assume asks.
	execOnce  sync.Once
	execUse   string
	execKnown bool
	// labelText is label(), built once.
	labelText string
}

func newTaskDef(r *Resource) *TaskDef {
	td := &TaskDef{Resource: r}
	p := r.Properties
	if f, kn := ReadString(p, "family"); kn.Usable() {
		td.Family, td.familySecret = f, kn == Secret
	}
	if a, kn := ReadString(p, "arn"); kn.Usable() {
		td.ARN = a
	}
	if v, ok := p.GetOk("revision"); ok && v.IsNumber() && !v.IsComputed() {
		td.revision = strconv.Itoa(int(v.AsNumber()))
	}
	if mode, kn := ReadString(p, "networkMode"); kn.Usable() && mode == "awsvpc" {
		td.awsvpc = true
	}
	compat, _, _ := readStrings(p, "requiresCompatibilities")
	for _, c := range compat {
		if c == "FARGATE" {
			td.awsvpc = true
		}
	}
	td.Tagged = tagged(p)
	td.ExecutionRole = readARNRef(r, p, "executionRoleArn", "executionRoleArn", "executionRoleArn")
	td.TaskRole = readARNRef(r, p, "taskRoleArn", "taskRoleArn", "taskRoleArn")
	td.labelText = td.newLabel()
	return td
}

// tagged reads whether a resource has tags: its own (tags) or with the
// provider's default tags (tagsAll, an output).
func tagged(p property.Map) integrations.Tri {
	out := integrations.No
	for _, key := range []string{"tags", "tagsAll"} {
		m, kn := readObject(p, key)
		switch {
		case kn.Usable() && m.Len() > 0:
			return integrations.Yes
		case kn == Unknown:
			out = integrations.Maybe
		}
	}
	return out
}

// ExecutionRoleUse says why ECS needs the execution role for one of the
// containers (integrations.Container.ExecutionRoleUse), "" for none;
// known is false when containerDefinitions cannot be read.
func (td *TaskDef) ExecutionRoleUse() (use string, known bool) {
	td.execOnce.Do(func() { td.execUse, td.execKnown = executionRoleUse(td.Resource.Properties) })
	return td.execUse, td.execKnown
}

// executionRoleUse reads containerDefinitions (a JSON array of container
// definitions, RegisterTaskDefinition's names) and says why a container
// needs the execution role; known is false when they cannot be read. The
// use of a secret definition is said without quoting it.
func executionRoleUse(p property.Map) (use string, known bool) {
	raw, kn := ReadString(p, "containerDefinitions")
	if !kn.Usable() {
		return "", false
	}
	var containers []struct {
		Image            string `json:"image"`
		LogConfiguration *struct {
			LogDriver     string `json:"logDriver"`
			SecretOptions []any  `json:"secretOptions"`
		} `json:"logConfiguration"`
		Secrets               []any `json:"secrets"`
		RepositoryCredentials any   `json:"repositoryCredentials"`
	}
	if json.Unmarshal([]byte(raw), &containers) != nil {
		return "", false
	}
	for _, c := range containers {
		ic := integrations.Container{Image: c.Image, Secrets: len(c.Secrets) > 0, RepositoryCredentials: c.RepositoryCredentials != nil}
		if lc := c.LogConfiguration; lc != nil {
			ic.LogDriver, ic.Secrets = lc.LogDriver, ic.Secrets || len(lc.SecretOptions) > 0
		}
		if u := ic.ExecutionRoleUse(); u != "" {
			if kn == Secret {
				return "a container of its secret containerDefinitions needs it", true
			}
			return u, true
		}
	}
	return "", true
}

// Label names the task definition in messages.
func (td *TaskDef) Label() string { return td.labelText }

// newLabel builds label's answer, once.
func (td *TaskDef) newLabel() string {
	if td.Family != "" && !td.familySecret {
		return "task definition " + strconv.Quote(td.Family)
	}
	return "TaskDefinition " + strconv.Quote(td.Resource.Name)
}

// ARNIn returns the task definition's ARN, or when it is not known yet
// the ARN of its revision in the account where: a new task definition's
// first revision is 1. "" when even the family is unknown.
func (td *TaskDef) ARNIn(where integrations.Account) string {
	switch {
	case td.ARN != "":
		return td.ARN
	case td.Family == "":
		return ""
	}
	return where.TaskDefinitionARN(td.Family, revisionOf(td))
}

// taskDefsNamed finds the task definitions of the stack a state's
// TaskDefinition parameter names: an ARN (with or without revision) or
// family[:revision].
func (s *Stack) taskDefsNamed(ref string) []*TaskDef {
	if td, ok := s.taskDefsByARN[ref]; ok {
		return []*TaskDef{td}
	}
	if td, ok := s.TaskDefsByURN[ref]; ok {
		// An ECS target's task definition, resolved through its
		// dependencies (linkECSTarget).
		return []*TaskDef{td}
	}
	family, rev, hasRev := strings.Cut(ref, ":")
	if arn.HasPrefix(ref) {
		f, r, ok := integrations.TaskDefinitionFromARN(ref)
		if !ok {
			return nil
		}
		family, rev, hasRev = f, r, r != ""
	}
	var out []*TaskDef
	for _, td := range s.TaskDefsByFamily[family] {
		if !hasRev || td.revision == "" || td.revision == rev {
			out = append(out, td)
		}
	}
	return out
}
