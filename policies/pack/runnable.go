package pack

import (
	"sort"
	"strings"

	"batchpipeline/internal/iam"
	"batchpipeline/internal/integrations"
	"batchpipeline/policies/pack/stackmodel"
)

// runnableTaskDefs returns the task definitions of the stack that role ro
// is allowed (or probably allowed) to run with ecs:RunTask. Candidates are
// picked from the Resource patterns of the statements that may allow the
// action, so that a role scoped to a few families costs a few lookups, not
// a scan of every task definition of the stack; each candidate is then
// evaluated.
func (s *stack) runnableTaskDefs(ro *stackmodel.Role, acct integrations.Account) []*stackmodel.TaskDef {
	runTask := integrations.RunTaskNeeds(acct, integrations.TaskDefinition{}, "")[0].Action
	cand := map[*stackmodel.TaskDef]struct{}{}
	all := false
	v := ro.View()
	for _, doc := range v.Parsed {
		for _, stmt := range doc.Statement {
			if all {
				break
			}
			if !strings.EqualFold(stmt.Effect, iam.Allow) || !mayMatchAction(stmt, runTask) {
				continue
			}
			if len(stmt.NotResource) > 0 || len(stmt.Resource) == 0 {
				all = true
				continue
			}
			for _, p := range stmt.Resource {
				if s.addTaskDefCandidates(p, cand) {
					all = true
					break
				}
			}
		}
	}
	for _, d := range v.Unknown {
		for _, u := range d.Deps() {
			if td, ok := s.TaskDefsByURN[u]; ok {
				cand[td] = struct{}{}
			}
		}
	}
	if all {
		for _, td := range s.TaskDefs {
			cand[td] = struct{}{}
		}
	}
	for _, td := range s.TaskDefs {
		if td.Family == "" && td.ARN == "" {
			cand[td] = struct{}{}
		}
	}
	var out []*stackmodel.TaskDef
	for td := range cand {
		// Strict: an unknown document not built from the task definition
		// is not taken to let the role run it (see authorizeOne).
		z := s.authorize(ro, runTask, td.ARNs(s.Candidates), nil, td.Resource.URN, true)
		if z.outcome != denied {
			out = append(out, td)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Resource.URN < out[j].Resource.URN })
	return out
}

// mayMatchAction reports whether a statement's Action or NotAction
// element covers action.
func mayMatchAction(stmt iam.Statement, action string) bool {
	if len(stmt.NotAction) > 0 {
		for _, p := range stmt.NotAction {
			if iam.MatchAction(p, action) {
				return false
			}
		}
		return true
	}
	for _, p := range stmt.Action {
		if iam.MatchAction(p, action) {
			return true
		}
	}
	return false
}

// addTaskDefCandidates adds the task definitions a Resource pattern may
// match (integrations.TaskDefinitionFamilies). It reports true when the
// pattern may match any of them.
func (s *stack) addTaskDefCandidates(pattern string, cand map[*stackmodel.TaskDef]struct{}) bool {
	m := integrations.TaskDefinitionFamilies(pattern)
	switch {
	case m.All:
		return true
	case !m.Prefix:
		for _, td := range s.TaskDefsByFamily[m.Family] {
			cand[td] = struct{}{}
		}
	default:
		j := sort.SearchStrings(s.Families, m.Family)
		for ; j < len(s.Families) && strings.HasPrefix(s.Families[j], m.Family); j++ {
			for _, td := range s.TaskDefsByFamily[s.Families[j]] {
				cand[td] = struct{}{}
			}
		}
	}
	return false
}
