package pack

import (
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"batchpipeline/internal/integrations"
)

// taskDef is an aws:ecs/taskDefinition:TaskDefinition of the stack.
type taskDef struct {
	res    *resource
	family string // "" when unknown
	// familySecret is set when the family is secret (then never printed).
	familySecret bool
	arn          string // "" when unknown
	revision     string // "" when unknown
	// awsvpc is set when networkMode is awsvpc or the task requires
	// FARGATE (which only supports awsvpc).
	awsvpc bool
	// exec and task are the execution role and the task role.
	exec, task roleRef
	// tagged says whether the task definition has tags (tags, or tagsAll
	// with the provider's default tags), which RunTask copies to the task
	// with PropagateTags TASK_DEFINITION.
	tagged integrations.Tri
	// labelText is label(), built once.
	labelText string
}

func newTaskDef(r *resource) *taskDef {
	td := &taskDef{res: r}
	p := r.Properties
	if f, st := str(p, "family"); st.ok() {
		td.family, td.familySecret = f, st == secret
	}
	if a, st := str(p, "arn"); st.ok() {
		td.arn = a
	}
	if v, ok := p.GetOk("revision"); ok && v.IsNumber() && !v.IsComputed() {
		td.revision = strconv.Itoa(int(v.AsNumber()))
	}
	if mode, st := str(p, "networkMode"); st.ok() && mode == "awsvpc" {
		td.awsvpc = true
	}
	compat, _, _ := strList(p, "requiresCompatibilities")
	for _, c := range compat {
		if c == "FARGATE" {
			td.awsvpc = true
		}
	}
	td.tagged = tagged(p)
	td.exec = readRoleRef(r, p, "executionRoleArn", "executionRoleArn", "executionRoleArn")
	td.task = readRoleRef(r, p, "taskRoleArn", "taskRoleArn", "taskRoleArn")
	td.labelText = td.newLabel()
	return td
}

// tagged reads whether a resource has tags: its own (tags) or with the
// provider's default tags (tagsAll, an output).
func tagged(p property.Map) integrations.Tri {
	out := integrations.No
	for _, key := range []string{"tags", "tagsAll"} {
		m, st := obj(p, key)
		switch {
		case st.ok() && m.Len() > 0:
			return integrations.Yes
		case st == unknown:
			out = integrations.Unknown
		}
	}
	return out
}

// label names the task definition in messages.
func (td *taskDef) label() string { return td.labelText }

// newLabel builds label's answer, once.
func (td *taskDef) newLabel() string {
	if td.family != "" && !td.familySecret {
		return "task definition " + strconv.Quote(td.family)
	}
	return "TaskDefinition " + strconv.Quote(td.res.Name)
}

// arns returns the task definition's ARN, or the ARNs it may have.
func (td *taskDef) arns(env *arnCandidates) []string {
	if td.arn != "" {
		return []string{td.arn}
	}
	if td.family == "" {
		return nil
	}
	// A new task definition's first revision is 1.
	rev, err := strconv.Atoi(td.revision)
	if err != nil {
		rev = 1
	}
	return env.regionalARNs(func(a integrations.Account) string { return a.TaskDefinitionARN(td.family, rev) })
}

// taskDefsNamed finds the task definitions of the stack a state's
// TaskDefinition parameter names: an ARN (with or without revision) or
// family[:revision].
func (s *stack) taskDefsNamed(ref string) []*taskDef {
	if td, ok := s.taskDefsByARN[ref]; ok {
		return []*taskDef{td}
	}
	family, rev, hasRev := strings.Cut(ref, ":")
	if integrations.IsARNPrefix(ref) {
		f, r, ok := integrations.TaskDefinitionFromARN(ref)
		if !ok {
			return nil
		}
		family, rev, hasRev = f, r, r != ""
	}
	var out []*taskDef
	for _, td := range s.taskDefsByFam[family] {
		if !hasRev || td.revision == "" || td.revision == rev {
			out = append(out, td)
		}
	}
	return out
}
