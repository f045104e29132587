package stackmodel

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"batchpipeline/internal/arn"
	"batchpipeline/internal/integrations"
	"batchpipeline/policies/pack/internal/parallel"
)

// Resource type tokens the policies read.
const (
	TypeStateMachine         = "aws:sfn/stateMachine:StateMachine"
	TypeTaskDefinition       = "aws:ecs/taskDefinition:TaskDefinition"
	TypeRole                 = "aws:iam/role:Role"
	TypeRolePolicy           = "aws:iam/rolePolicy:RolePolicy"
	TypeRolePolicyAttachment = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	TypePolicyAttachment     = "aws:iam/policyAttachment:PolicyAttachment"
	TypePolicy               = "aws:iam/policy:Policy"
	TypeSchedule             = "aws:scheduler/schedule:Schedule"
	TypeEventRule            = "aws:cloudwatch/eventRule:EventRule"
	TypeEventTarget          = "aws:cloudwatch/eventTarget:EventTarget"
)

// Resource is one Resource of the stack.
type Resource struct {
	*policyx.AnalyzerResource
}

// Deps returns the URNs the property key depends on: its property
// dependencies and the dependencies carried by the value itself.
func (r *Resource) Deps(key string, v property.Value) URNSet {
	prop, own := r.PropertyDependencies[key], v.Dependencies()
	out := make(URNSet, 0, len(prop)+len(own))
	out = append(out, prop...)
	for _, u := range own {
		out = append(out, string(u))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// URNSet is a set of URNs, sorted and without repeats: a property depends
// on a few resources, so a slice is smaller and faster than a map.
type URNSet []string

// has reports whether u is in the set.
func (s URNSet) has(u string) bool {
	_, ok := slices.BinarySearch(s, u)
	return ok
}

// absentButLinked reports whether the top-level property key is absent
// while the engine records resources it is built from: a value computed
// from outputs that the snapshot leaves out rather than marks unknown
// (seen with mocks; harmless with the engine). Such a property is treated
// as unknown, never as not set.
func (r *Resource) absentButLinked(key string) bool {
	if v, ok := r.Properties.GetOk(key); ok && !v.IsNull() {
		return false
	}
	return len(r.PropertyDependencies[key]) > 0
}

// Region returns the region of the resource's provider, "" when it is not
// known: where the resource lives.
func (r *Resource) Region() string {
	if region, kn := ReadString(r.Provider.Properties, "region"); kn == Known {
		return region
	}
	return ""
}

// DepsOf returns the sorted URNs the property key of r depends on.
func (r *Resource) DepsOf(key string) []string {
	return r.Deps(key, r.Properties.Get(key))
}

// Stack is the model of one stack: built once by New, in time linear in
// the number of resources, and only read afterwards, possibly by several
// goroutines (documents parse under sync.Once). Its fields are read-only.
type Stack struct {
	// where is where a resource whose ARN is unknown lives, observed on
	// first use (Where): a deployed stack, whose ARNs are known, rarely
	// asks.
	whereOnce  sync.Once
	candidates *Candidates
	where      integrations.Account

	Resources []*Resource
	byURN     map[string]*Resource

	Roles       []*Role
	RolesByURN  map[string]*Role
	rolesByName map[string][]*Role
	rolesByARN  map[string]*Role

	policiesByURN  map[string]*customerPolicy
	policiesByARN  map[string]*customerPolicy
	policiesByName map[string][]*customerPolicy

	TaskDefs         []*TaskDef
	TaskDefsByURN    map[string]*TaskDef
	taskDefsByARN    map[string]*TaskDef
	TaskDefsByFamily map[string][]*TaskDef
	Families         []string

	Machines       []*Machine
	machinesByURN  map[string]*Machine
	machinesByARN  map[string]*Machine
	machinesByName map[string][]*Machine

	// Starters holds Schedules and EventTargets, the resources that start
	// a state machine.
	Starters []*Starter
	// resPolicies indexes what resource-based policies are read from,
	// on first use.
	resPolicies resourcePolicies
}

// customerPolicy is an aws:iam/policy:Policy of the stack.
type customerPolicy struct {
	res  *Resource
	name string // with its path: "/path/name"
	arn  string
	doc  *Document
	// named and hasARN say whether name and arn were read (an empty
	// string is a value too).
	named, hasARN bool
}

// New models resources: every resource by URN, then the roles, policies,
// task definitions, state machines and starters with the links between
// them (each role's documents, each reference to a role resolved), and
// the definitions and role documents the policies read, parsed. Each pass
// spreads over the CPUs (parallel.For): the budget needs it (BENCHMARKS.md).
func New(resources []policyx.AnalyzerResource) *Stack {
	s := &Stack{
		byURN:            map[string]*Resource{},
		RolesByURN:       map[string]*Role{},
		rolesByName:      map[string][]*Role{},
		rolesByARN:       map[string]*Role{},
		policiesByURN:    map[string]*customerPolicy{},
		policiesByARN:    map[string]*customerPolicy{},
		policiesByName:   map[string][]*customerPolicy{},
		TaskDefsByURN:    map[string]*TaskDef{},
		taskDefsByARN:    map[string]*TaskDef{},
		TaskDefsByFamily: map[string][]*TaskDef{},
		machinesByURN:    map[string]*Machine{},
		machinesByARN:    map[string]*Machine{},
		machinesByName:   map[string][]*Machine{},
	}
	// Pass 1: the resources themselves, their own documents and the ARNs
	// they show, read in parallel, then added in stack order.
	s.Resources = make([]*Resource, len(resources))
	for i := range resources {
		s.Resources[i] = &Resource{AnalyzerResource: &resources[i]}
	}
	objs := readAll(s.Resources)
	var attachments []*Resource
	for i, r := range s.Resources {
		s.byURN[r.URN] = r
		switch o := objs[i].(type) {
		case *Role:
			s.addRole(o)
		case *customerPolicy:
			s.addPolicy(o)
		case *TaskDef:
			s.addTaskDef(o)
		case *Machine:
			s.addMachine(o)
		case *Starter:
			s.Starters = append(s.Starters, o)
		}
		switch r.Type {
		case TypeRolePolicy, TypeRolePolicyAttachment, TypePolicyAttachment:
			attachments = append(attachments, r)
		}
	}
	// Pass 2: links between resources: each role's own documents, then
	// the attachments (role policies, policy attachments), resolved in
	// parallel and added to their roles in stack order.
	parallel.For(len(s.Roles), func(i int) { s.linkRole(s.Roles[i]) })
	links := make([]attachmentLink, len(attachments))
	parallel.For(len(attachments), func(i int) { links[i] = s.linkAttachment(attachments[i]) })
	for _, l := range links {
		for _, ro := range l.roles {
			ro.Sources = append(ro.Sources, l.docs...)
		}
	}
	sort.Strings(s.Families)
	for _, sr := range s.Starters {
		s.linkECSTarget(sr)
	}
	s.resolveRefs()
	s.warm()
	return s
}

// readAll reads the object New keeps for each resource (a role, policy,
// task definition, state machine or starter; nil for the others), in
// parallel. A panic while reading (a bug) is raised again on the calling
// goroutine (see parallel.Workers), where the policy's guard reports it.
func readAll(rs []*Resource) []any {
	objs := make([]any, len(rs))
	parallel.For(len(rs), func(i int) { objs[i] = readResource(rs[i]) })
	return objs
}

// Where returns where a resource of the stack whose ARN is not known yet
// lives (Candidates.Where), observing the stack on first use.
func (s *Stack) Where() integrations.Account {
	s.observe()
	return s.where
}

// Candidates returns the partitions, accounts and regions the stack
// shows, observing it on first use.
func (s *Stack) Candidates() *Candidates {
	s.observe()
	return s.candidates
}

// observe records the ARNs every resource shows, once, in parallel, on
// chunks of resources, each with its own observer, merged at the end.
func (s *Stack) observe() {
	s.whereOnce.Do(func() {
		rs := s.Resources
		const chunk = 256
		observers := make([]*arnObserver, (len(rs)+chunk-1)/chunk)
		parallel.For(len(observers), func(c int) {
			o := newARNObserver()
			observers[c] = o
			for i := c * chunk; i < min((c+1)*chunk, len(rs)); i++ {
				o.observeResource(rs[i])
			}
		})
		all := newARNObserver()
		for _, o := range observers {
			all.merge(o)
		}
		s.candidates = all.candidates()
		s.where = s.candidates.Where()
	})
}

// readResource returns the object New keeps for r, nil for a type the
// model does not keep one for.
func readResource(r *Resource) any {
	switch r.Type {
	case TypeRole:
		return newRole(r)
	case TypePolicy:
		return newPolicy(r)
	case TypeTaskDefinition:
		return newTaskDef(r)
	case TypeStateMachine:
		return newMachine(r)
	case TypeSchedule, TypeEventTarget:
		return newStarter(r)
	default:
		return nil
	}
}

// observeResource records the ARNs and region a resource shows: in its
// top-level properties, and quoted in the JSON documents they hold (a
// role's inline policies one level down).
func (e *arnObserver) observeResource(r *Resource) {
	for _, v := range r.Properties.All {
		e.observeValue(v, 2)
	}
	if region, kn := ReadString(r.Provider.Properties, "region"); kn == Known {
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
		if arn.HasPrefix(str) {
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

func (s *Stack) addRole(ro *Role) {
	s.Roles = append(s.Roles, ro)
	s.RolesByURN[ro.Resource.URN] = ro
	if ro.Name != "" {
		s.rolesByName[ro.Name] = append(s.rolesByName[ro.Name], ro)
	}
	if ro.ARN != "" {
		s.rolesByARN[ro.ARN] = ro
	}
}

func newPolicy(r *Resource) *customerPolicy {
	p := &customerPolicy{res: r}
	if name, kn := ReadString(r.Properties, "name"); kn.Usable() {
		path, _ := ReadString(r.Properties, "path")
		p.name = arn.NormalizePath(path) + name
		p.named = true
	}
	if a, kn := ReadString(r.Properties, "arn"); kn.Usable() {
		p.arn, p.hasARN = a, true
	}
	p.doc = readDocument(r, r.Properties, "policy", "policy", "")
	return p
}

func (s *Stack) addPolicy(p *customerPolicy) {
	if p.named {
		s.policiesByName[p.name] = append(s.policiesByName[p.name], p)
	}
	if p.hasARN {
		s.policiesByARN[p.arn] = p
	}
	s.policiesByURN[p.res.URN] = p
}

func (s *Stack) addTaskDef(td *TaskDef) {
	s.TaskDefs = append(s.TaskDefs, td)
	s.TaskDefsByURN[td.Resource.URN] = td
	if td.ARN != "" {
		s.taskDefsByARN[td.ARN] = td
	}
	if td.Family != "" {
		if len(s.TaskDefsByFamily[td.Family]) == 0 {
			s.Families = append(s.Families, td.Family)
		}
		s.TaskDefsByFamily[td.Family] = append(s.TaskDefsByFamily[td.Family], td)
	}
}

func (s *Stack) addMachine(m *Machine) {
	s.Machines = append(s.Machines, m)
	s.machinesByURN[m.Resource.URN] = m
	if m.ARN != "" {
		s.machinesByARN[m.ARN] = m
	}
	if m.Name != "" {
		s.machinesByName[m.Name] = append(s.machinesByName[m.Name], m)
	}
}

// NameOf names a resource of the stack by type and name.
func (s *Stack) NameOf(urn string) string {
	r, ok := s.byURN[urn]
	if !ok {
		return urn
	}
	if ro, ok := s.RolesByURN[urn]; ok {
		return ro.Label()
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

// DependsOn reports whether r waits for the resource urn: whether urn is
// among its dependencies (dependsOn and the resources its properties are
// built from), or theirs, transitively. The engine creates or updates r
// only after every such resource.
func (s *Stack) DependsOn(r *Resource, urn string) bool {
	seen := map[string]bool{r.URN: true}
	next := []*Resource{r}
	for len(next) > 0 {
		cur := next[len(next)-1]
		next = next[:len(next)-1]
		deps := cur.Dependencies
		for _, us := range cur.PropertyDependencies {
			deps = append(slices.Clip(deps), us...)
		}
		for _, u := range deps {
			if u == urn {
				return true
			}
			if seen[u] {
				continue
			}
			seen[u] = true
			if d, ok := s.byURN[u]; ok {
				next = append(next, d)
			}
		}
	}
	return false
}
