package pack

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"batchpipeline/internal/integrations"
)

// Resource type tokens the policies read.
const (
	typeStateMachine         = "aws:sfn/stateMachine:StateMachine"
	typeTaskDefinition       = "aws:ecs/taskDefinition:TaskDefinition"
	typeRole                 = "aws:iam/role:Role"
	typeRolePolicy           = "aws:iam/rolePolicy:RolePolicy"
	typeRolePolicyAttachment = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	typePolicyAttachment     = "aws:iam/policyAttachment:PolicyAttachment"
	typePolicy               = "aws:iam/policy:Policy"
	typeSchedule             = "aws:scheduler/schedule:Schedule"
	typeEventRule            = "aws:cloudwatch/eventRule:EventRule"
	typeEventTarget          = "aws:cloudwatch/eventTarget:EventTarget"
	typeCodeBuildProject     = "aws:codebuild/project:Project"
)

// resource is one resource of the stack.
type resource struct {
	*policyx.AnalyzerResource
}

// deps returns the URNs the property key depends on: its property
// dependencies and the dependencies carried by the value itself.
func (r *resource) deps(key string, v property.Value) urnSet {
	prop, own := r.PropertyDependencies[key], v.Dependencies()
	out := make(urnSet, 0, len(prop)+len(own))
	out = append(out, prop...)
	for _, u := range own {
		out = append(out, string(u))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// urnSet is a set of URNs, sorted and without repeats: a property depends
// on a few resources, so a slice is smaller and faster than a map.
type urnSet []string

// has reports whether u is in the set.
func (s urnSet) has(u string) bool {
	_, ok := slices.BinarySearch(s, u)
	return ok
}

// absentButLinked reports whether the top-level property key is absent
// while the engine records resources it is built from: a value computed
// from outputs that the snapshot leaves out rather than marks unknown
// (seen with mocks; harmless with the engine). Such a property is treated
// as unknown, never as not set.
func (r *resource) absentButLinked(key string) bool {
	if v, ok := r.Properties.GetOk(key); ok && !v.IsNull() {
		return false
	}
	return len(r.PropertyDependencies[key]) > 0
}

// depsOf returns the sorted URNs the property key of r depends on.
func (r *resource) depsOf(key string) []string {
	return r.deps(key, r.Properties.Get(key))
}

// stack indexes the resources of one stack analysis: built once (by the
// first stack policy to run, see stackCache), in time linear in the number
// of resources, and only read afterwards, possibly by several goroutines
// (documents parse under sync.Once, the PassRole analysis is memoized per
// machine under sync.Once).
type stack struct {
	// env is where a resource whose ARN is unknown may live.
	env *arnCandidates

	resources []*resource
	byURN     map[string]*resource

	roles       []*role
	rolesByURN  map[string]*role
	rolesByName map[string][]*role
	rolesByARN  map[string]*role

	policiesByURN  map[string]*customerPolicy
	policiesByARN  map[string]*customerPolicy
	policiesByName map[string][]*customerPolicy

	taskDefs       []*taskDef
	taskDefsByURN  map[string]*taskDef
	taskDefsByARN  map[string]*taskDef
	taskDefsByFam  map[string][]*taskDef
	sortedFamilies []string

	machines       []*machine
	machinesByURN  map[string]*machine
	machinesByARN  map[string]*machine
	machinesByName map[string][]*machine

	projectsByName map[string][]*resource

	// analyses memoizes analyze, which four policies read: one entry per
	// machine, filled once.
	analyses map[*machine]*analysisMemo

	// starters holds Schedules and EventTargets, the resources that start
	// a state machine.
	starters []*starter
}

// customerPolicy is an aws:iam/policy:Policy of the stack.
type customerPolicy struct {
	res  *resource
	name string // with its path: "/path/name"
	arn  string
	doc  *docSource
	// named and hasARN say whether name and arn were read (an empty
	// string is a value too).
	named, hasARN bool
}

// newStack indexes resources.
func newStack(resources []policyx.AnalyzerResource) *stack {
	// Size every map and list up front, from the count of each type.
	count := map[string]int{}
	for i := range resources {
		count[resources[i].Type]++
	}
	roles, policies := count[typeRole], count[typePolicy]
	taskDefs, machines := count[typeTaskDefinition], count[typeStateMachine]
	s := &stack{
		byURN:          make(map[string]*resource, len(resources)),
		roles:          make([]*role, 0, roles),
		rolesByURN:     make(map[string]*role, roles),
		rolesByName:    make(map[string][]*role, roles),
		policiesByURN:  make(map[string]*customerPolicy, policies),
		policiesByARN:  make(map[string]*customerPolicy, policies),
		policiesByName: make(map[string][]*customerPolicy, policies),
		taskDefs:       make([]*taskDef, 0, taskDefs),
		taskDefsByURN:  make(map[string]*taskDef, taskDefs),
		taskDefsByFam:  make(map[string][]*taskDef, taskDefs),
		sortedFamilies: make([]string, 0, taskDefs),
		machines:       make([]*machine, 0, machines),
		machinesByURN:  make(map[string]*machine, machines),
		machinesByName: make(map[string][]*machine, machines),
		projectsByName: make(map[string][]*resource, count[typeCodeBuildProject]),
		analyses:       make(map[*machine]*analysisMemo, machines),
		starters:       make([]*starter, 0, count[typeSchedule]+count[typeEventTarget]),
	}
	s.resources = make([]*resource, len(resources))
	slab := make([]resource, len(resources)) // one allocation, not one per resource
	for i := range resources {
		r := &slab[i]
		r.AnalyzerResource = &resources[i]
		s.resources[i] = r
		s.byURN[r.URN] = r
	}
	// Pass 1: the resources themselves, their own documents and the ARNs
	// they show.
	objs := make([]any, len(s.resources))
	observer := newARNObserver()
	for i, r := range s.resources {
		objs[i] = readResource(r)
		observer.observeResource(r)
	}
	s.env = observer.candidates()
	// ARNs are known only once deployed: size their maps from the count.
	var roleARNs, taskDefARNs, machineARNs int
	for _, o := range objs {
		switch o := o.(type) {
		case *role:
			if o.arn != "" {
				roleARNs++
			}
		case *taskDef:
			if o.arn != "" {
				taskDefARNs++
			}
		case *machine:
			if o.arn != "" {
				machineARNs++
			}
		}
	}
	s.rolesByARN = make(map[string]*role, roleARNs)
	s.taskDefsByARN = make(map[string]*taskDef, taskDefARNs)
	s.machinesByARN = make(map[string]*machine, machineARNs)
	attachments := make([]*resource, 0, count[typeRolePolicy]+count[typeRolePolicyAttachment]+count[typePolicyAttachment])
	for i, r := range s.resources {
		switch o := objs[i].(type) {
		case *role:
			s.addRole(o)
		case *customerPolicy:
			s.addPolicy(o)
		case *taskDef:
			s.addTaskDef(o)
		case *machine:
			s.addMachine(o)
		case *starter:
			s.starters = append(s.starters, o)
		}
		switch r.Type {
		case typeRolePolicy, typeRolePolicyAttachment, typePolicyAttachment:
			attachments = append(attachments, r)
		case typeCodeBuildProject:
			if name, st := str(r.Properties, "name"); st.ok() {
				s.projectsByName[name] = append(s.projectsByName[name], r)
			}
		}
	}
	// Pass 2: links between resources: each role's own documents, then
	// the attachments (role policies, policy attachments), added to their
	// roles in stack order.
	for _, ro := range s.roles {
		s.linkRole(ro)
	}
	for _, r := range attachments {
		l := s.linkAttachment(r)
		for _, ro := range l.roles {
			ro.sources = append(ro.sources, l.docs...)
		}
	}
	sort.Strings(s.sortedFamilies)
	s.resolveRefs()
	s.warm()
	return s
}

// readResource returns the index object of r, nil for a type the index
// does not model.
func readResource(r *resource) any {
	switch r.Type {
	case typeRole:
		return newRole(r)
	case typePolicy:
		return newPolicy(r)
	case typeTaskDefinition:
		return newTaskDef(r)
	case typeStateMachine:
		return newMachine(r)
	case typeSchedule, typeEventTarget:
		return newStarter(r)
	default:
		return nil
	}
}

// observeResource records the ARNs and region a resource shows: in its
// top-level properties, and quoted in the JSON documents they hold (a
// role's inline policies one level down).
func (e *arnObserver) observeResource(r *resource) {
	for _, v := range r.Properties.All {
		e.observeValue(v, 2)
	}
	if region, st := str(r.Provider.Properties, "region"); st == known {
		e.observeRegion(region)
	}
}

// observeValue records the ARNs in a value, depth levels of arrays and
// objects down. Secret values are skipped: the account of a secret ARN
// could otherwise reach a message through a candidate ARN.
func (e *arnObserver) observeValue(v property.Value, depth int) {
	switch {
	case v.IsComputed(), v.Secret():
	case v.IsString():
		str := v.AsString()
		if strings.HasPrefix(str, "arn:") {
			e.observe(str)
		} else {
			e.observeJSON(str) // a document quoting ARNs, if any
		}
	case depth == 0:
	case v.IsArray():
		for _, el := range v.AsArray().AsSlice() {
			e.observeValue(el, depth-1)
		}
	case v.IsMap():
		for _, el := range v.AsMap().All {
			e.observeValue(el, depth-1)
		}
	}
}

func (s *stack) addRole(ro *role) {
	s.roles = append(s.roles, ro)
	s.rolesByURN[ro.res.URN] = ro
	if ro.name != "" {
		s.rolesByName[ro.name] = append(s.rolesByName[ro.name], ro)
	}
	if ro.arn != "" {
		s.rolesByARN[ro.arn] = ro
	}
}

func newPolicy(r *resource) *customerPolicy {
	p := &customerPolicy{res: r}
	if name, st := str(r.Properties, "name"); st.ok() {
		path, _ := str(r.Properties, "path")
		p.name = integrations.NormalizePath(path) + name
		p.named = true
	}
	if a, st := str(r.Properties, "arn"); st.ok() {
		p.arn, p.hasARN = a, true
	}
	p.doc = readDocument(r, r.Properties, "policy", "policy", "")
	return p
}

func (s *stack) addPolicy(p *customerPolicy) {
	if p.named {
		s.policiesByName[p.name] = append(s.policiesByName[p.name], p)
	}
	if p.hasARN {
		s.policiesByARN[p.arn] = p
	}
	s.policiesByURN[p.res.URN] = p
}

func (s *stack) addTaskDef(td *taskDef) {
	s.taskDefs = append(s.taskDefs, td)
	s.taskDefsByURN[td.res.URN] = td
	if td.arn != "" {
		s.taskDefsByARN[td.arn] = td
	}
	if td.family != "" {
		if len(s.taskDefsByFam[td.family]) == 0 {
			s.sortedFamilies = append(s.sortedFamilies, td.family)
		}
		s.taskDefsByFam[td.family] = append(s.taskDefsByFam[td.family], td)
	}
}

func (s *stack) addMachine(m *machine) {
	s.machines = append(s.machines, m)
	s.analyses[m] = &analysisMemo{}
	s.machinesByURN[m.res.URN] = m
	if m.arn != "" {
		s.machinesByARN[m.arn] = m
	}
	if m.name != "" {
		s.machinesByName[m.name] = append(s.machinesByName[m.name], m)
	}
}

// machineURN returns the URN of the i-th state machine.
func (s *stack) machineURN(i int) string { return s.machines[i].res.URN }

// nameOf names a resource of the stack by type and name.
func (s *stack) nameOf(urn string) string {
	r, ok := s.byURN[urn]
	if !ok {
		return urn
	}
	if ro, ok := s.rolesByURN[urn]; ok {
		return ro.label()
	}
	return fmt.Sprintf("%s %q", shortType(r.Type), r.Name)
}

// shortType turns "aws:iam/role:Role" into "Role".
func shortType(t string) string {
	if i := strings.LastIndex(t, ":"); i >= 0 {
		return t[i+1:]
	}
	return t
}
