package pack

import (
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"strconv"
	"strings"

	"batchpipeline/internal/iam"
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

// runnableTaskDefs returns the task definitions of the stack that role ro
// is allowed (or probably allowed) to run with ecs:RunTask. Candidates are
// picked from the Resource patterns of the statements that may allow the
// action, so that a role scoped to a few families costs a few lookups, not
// a scan of every task definition of the stack; each candidate is then
// evaluated.
func (s *stack) runnableTaskDefs(ro *role, acct integrations.Account) []*taskDef {
	runTask := integrations.RunTaskNeeds(acct, integrations.TaskDefinition{}, "")[0].Action
	cand := map[*taskDef]struct{}{}
	all := false
	v := ro.evalView()
	for _, doc := range v.known {
		for _, st := range doc.Statement {
			if all {
				break
			}
			if !strings.EqualFold(st.Effect, iam.Allow) || !mayMatchAction(st, runTask) {
				continue
			}
			if len(st.NotResource) > 0 || len(st.Resource) == 0 {
				all = true
				continue
			}
			for _, p := range st.Resource {
				if s.addTaskDefCandidates(p, cand) {
					all = true
					break
				}
			}
		}
	}
	for _, d := range v.unknown {
		for _, u := range d.deps() {
			if td, ok := s.taskDefsByURN[u]; ok {
				cand[td] = struct{}{}
			}
		}
	}
	if all {
		for _, td := range s.taskDefs {
			cand[td] = struct{}{}
		}
	}
	for _, td := range s.taskDefs {
		if td.family == "" && td.arn == "" {
			cand[td] = struct{}{}
		}
	}
	var out []*taskDef
	for td := range cand {
		// Strict: an unknown document not built from the task definition
		// is not taken to let the role run it (see authorizeOne).
		z := s.authorize(ro, runTask, td.arns(s.env), nil, td.res.URN, true)
		if z.outcome != denied {
			out = append(out, td)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].res.URN < out[j].res.URN })
	return out
}

// mayMatchAction reports whether a statement's Action or NotAction
// element covers action.
func mayMatchAction(st iam.Statement, action string) bool {
	if len(st.NotAction) > 0 {
		for _, p := range st.NotAction {
			if iam.MatchAction(p, action) {
				return false
			}
		}
		return true
	}
	for _, p := range st.Action {
		if iam.MatchAction(p, action) {
			return true
		}
	}
	return false
}

// addTaskDefCandidates adds the task definitions a Resource pattern may
// match (integrations.TaskDefinitionFamilies). It reports true when the
// pattern may match any of them.
func (s *stack) addTaskDefCandidates(pattern string, cand map[*taskDef]struct{}) bool {
	m := integrations.TaskDefinitionFamilies(pattern)
	switch {
	case m.All:
		return true
	case !m.Prefix:
		for _, td := range s.taskDefsByFam[m.Family] {
			cand[td] = struct{}{}
		}
	default:
		j := sort.SearchStrings(s.sortedFamilies, m.Family)
		for ; j < len(s.sortedFamilies) && strings.HasPrefix(s.sortedFamilies[j], m.Family); j++ {
			for _, td := range s.taskDefsByFam[s.sortedFamilies[j]] {
				cand[td] = struct{}{}
			}
		}
	}
	return false
}
