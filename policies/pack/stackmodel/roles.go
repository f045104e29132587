package stackmodel

import (
	"fmt"
	"strconv"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"batchpipeline/internal/arn"
	"batchpipeline/internal/iam"
	"batchpipeline/internal/integrations"
	"batchpipeline/policies/pack/internal/parallel"
)

// Role is an aws:iam/Role:Role of the stack with every policy document
// that applies to it.
type Role struct {
	Resource *Resource
	Name     string // AWS name, "" when unknown
	Path     string // normalized path
	ARN      string // "" when unknown
	// Secret is set when the name or ARN is secret: it is then used to
	// decide but never printed.
	Secret bool
	// Sources are the identity-based documents: inline policies,
	// RolePolicy resources, attached managed policies.
	Sources []*Document
	// Boundary is the permissions boundary, nil when there is none.
	Boundary *Document
	// Trust is the trust policy (assumeRolePolicy), nil when the role
	// sets none (the provider refuses such a role before any policy).
	Trust *Document
	// labelText is label(), built once.
	labelText string
	// view is View's answer, built once.
	viewOnce sync.Once
	view     *RoleView
}

func newRole(r *Resource) *Role {
	ro := &Role{Resource: r, Path: "/"}
	if name, kn := ReadString(r.Properties, "name"); kn.Usable() {
		ro.Name, ro.Secret = name, kn == Secret
	}
	if p, kn := ReadString(r.Properties, "path"); kn.Usable() {
		ro.Path = arn.NormalizePath(p)
		ro.Secret = ro.Secret || kn == Secret
	}
	if a, kn := ReadString(r.Properties, "arn"); kn.Usable() {
		ro.ARN = a
		ro.Secret = ro.Secret || kn == Secret
		if ro.Name == "" {
			if n, p, ok := arn.RoleOf(a); ok {
				ro.Name, ro.Path = n, p
			}
		}
	}
	if ro.Name != "" && !ro.Secret {
		ro.labelText = "role " + strconv.Quote(ro.Name)
	} else {
		ro.labelText = "role " + strconv.Quote(r.Name)
	}
	return ro
}

// Label names the role in messages: `role "NAME"`, by its AWS name when
// known, else by its Pulumi name.
func (ro *Role) Label() string { return ro.labelText }

// arnOf returns the role's ARN, or the ARN it has by its name and path
// where the stack lives (Stack.Where, observed only then).
func (s *Stack) arnOf(ro *Role) string {
	if ro.ARN != "" {
		return ro.ARN
	}
	if ro.Name == "" {
		return ""
	}
	return ro.ARNIn(s.Where())
}

// ARNIn returns the role's ARN, or when it is not known yet the ARN it
// has by its name and path in the account where (known in part); "" when
// even the name is unknown.
func (ro *Role) ARNIn(where integrations.Account) string {
	switch {
	case ro.ARN != "":
		return ro.ARN
	case ro.Name == "":
		return ""
	}
	return where.RoleARN(ro.Path, ro.Name)
}

// linkRole reads the documents the Role resource carries itself.
func (s *Stack) linkRole(ro *Role) {
	r := ro.Resource
	props := r.Properties
	inline, kn := readArray(props, "inlinePolicies")
	switch {
	case kn == Unknown:
		d := newSource("inline policies of "+ro.Label(), r.URN, DocUnknown)
		d.content.deps = r.Deps("inlinePolicies", props.Get("inlinePolicies"))
		ro.Sources = append(ro.Sources, d)
	case kn.Usable():
		for i, e := range inline.AsSlice() {
			switch {
			case e.IsComputed():
				d := newSource(fmt.Sprintf("inline policy #%d of %s", i, ro.Label()), r.URN, DocUnknown)
				d.content.deps = r.Deps("inlinePolicies", e)
				ro.Sources = append(ro.Sources, d)
			case e.IsMap():
				name, _ := ReadString(e.AsMap(), "name")
				label := fmt.Sprintf("inline policy %q of %s", name, ro.Label())
				if _, ok := e.AsMap().GetOk("policy"); !ok {
					continue // an empty inline block only clears the inline policies
				}
				ro.Sources = append(ro.Sources, readDocument(r, e.AsMap(), "policy", "inlinePolicies", label))
			}
		}
	}
	arns, someUnknown, _ := readStrings(props, "managedPolicyArns")
	via := "managedPolicyArns of " + ro.Label()
	for _, a := range arns {
		ro.Sources = append(ro.Sources, s.policyByARN(a, r, via))
	}
	if someUnknown {
		ro.Sources = append(ro.Sources, s.policiesByDeps(r, "managedPolicyArns", via)...)
	}
	if v, ok := props.GetOk("assumeRolePolicy"); (ok && !v.IsNull()) || r.absentButLinked("assumeRolePolicy") {
		ro.Trust = readDocument(r, props, "assumeRolePolicy", "assumeRolePolicy", "assumeRolePolicy of "+ro.Label())
	}
	b, kn := ReadString(props, "permissionsBoundary")
	switch {
	case kn.Usable() && b != "":
		ro.Boundary = s.policyByARN(b, r, "permissionsBoundary of "+ro.Label())
	case kn == Unknown:
		ds := s.policiesByDeps(r, "permissionsBoundary", "permissionsBoundary of "+ro.Label())
		if len(ds) == 1 {
			ro.Boundary = ds[0]
		} else {
			ro.Boundary = newSource("permissionsBoundary of "+ro.Label(), r.URN, DocUnknown)
			ro.Boundary.content.deps = r.Deps("permissionsBoundary", props.Get("permissionsBoundary"))
		}
	}
}

// policyByARN resolves a known managed policy ARN: a Policy of the stack
// (by ARN, or by path and name while its ARN is unknown), an AWS managed
// policy this pack carries, or an external policy.
func (s *Stack) policyByARN(a string, via *Resource, viaLabel string) *Document {
	if p, ok := s.policiesByARN[a]; ok {
		return p.attached(via, viaLabel)
	}
	if rest, awsManaged, ok := arn.PolicyOf(a); ok {
		if awsManaged {
			label := "AWS managed policy " + a + " (" + viaLabel + ")"
			if doc, ok := iam.ManagedPolicy(a); ok {
				d := newSource(label, via.URN, DocKnown)
				d.content.doc = doc
				return d
			}
			d := newSource(label, via.URN, DocExternal)
			d.content.why = "this pack does not carry its document"
			return d
		}
		if ps := s.policiesByName[rest]; len(ps) == 1 {
			return ps[0].attached(via, viaLabel)
		}
	}
	d := newSource("managed policy "+a+" ("+viaLabel+")", via.URN, DocExternal)
	d.content.why = "it is not a Policy of this stack"
	return d
}

// policiesByDeps resolves an unknown policy ARN through the property
// dependencies of key: the Policies of the stack it is built from, or an
// unknown document when it depends on none.
func (s *Stack) policiesByDeps(r *Resource, key, viaLabel string) []*Document {
	deps := r.Deps(key, r.Properties.Get(key))
	var out []*Document
	for _, u := range deps {
		if p, ok := s.policiesByURN[u]; ok {
			out = append(out, p.attached(r, viaLabel))
		}
	}
	if len(out) == 0 {
		d := newSource("a managed policy with an unknown ARN ("+viaLabel+")", r.URN, DocUnknown)
		d.content.deps = deps
		out = append(out, d)
	}
	return out
}

// attached returns the policy's document as seen through one attachment,
// the resource via.
func (p *customerPolicy) attached(via *Resource, viaLabel string) *Document {
	return &Document{Label: fmt.Sprintf("Policy %q (%s)", p.res.Name, viaLabel), URN: p.res.URN, AttachedBy: via.URN,
		content: p.doc.content}
}

// linkAttachment resolves the document of a RolePolicy, RolePolicyAttachment
// or PolicyAttachment and the roles it names; New adds the one to the
// others.
func (s *Stack) linkAttachment(r *Resource) attachmentLink {
	props := r.Properties
	switch r.Type {
	case TypeRolePolicy:
		label := "RolePolicy " + strconv.Quote(r.Name)
		doc := readDocument(r, props, "policy", "policy", label)
		return attachmentLink{roles: s.rolesNamed(r, "role"), docs: []*Document{doc}}
	case TypeRolePolicyAttachment:
		docs := s.attachmentDocs(r, "attached by RolePolicyAttachment "+strconv.Quote(r.Name))
		return attachmentLink{roles: s.rolesNamed(r, "role"), docs: docs}
	case TypePolicyAttachment:
		docs := s.attachmentDocs(r, "attached by PolicyAttachment "+strconv.Quote(r.Name))
		return attachmentLink{roles: s.rolesListed(r, "roles"), docs: docs}
	}
	return attachmentLink{}
}

// attachmentLink is what an attachment adds: docs to each of roles.
type attachmentLink struct {
	roles []*Role
	docs  []*Document
}

// attachmentDocs resolves the policyArn of an attachment.
func (s *Stack) attachmentDocs(r *Resource, viaLabel string) []*Document {
	a, kn := ReadString(r.Properties, "policyArn")
	switch {
	case kn.Usable():
		return []*Document{s.policyByARN(a, r, viaLabel)}
	case kn == Unknown:
		return s.policiesByDeps(r, "policyArn", viaLabel)
	default:
		return nil
	}
}

// rolesNamed resolves a property that names one role (by name, or by ARN,
// which some programs pass), or its dependencies when unknown.
func (s *Stack) rolesNamed(r *Resource, key string) []*Role {
	v, present := r.Properties.GetOk(key)
	name, kn := stringValue(v, present)
	switch {
	case kn.Usable():
		return s.roleByNameOrARN(name)
	case kn == Unknown:
		return s.rolesIn(r.Deps(key, v))
	default:
		return nil
	}
}

// rolesListed resolves a list of role names, through dependencies for the
// unknown elements.
func (s *Stack) rolesListed(r *Resource, key string) []*Role {
	names, someUnknown, kn := readStrings(r.Properties, key)
	var out []*Role
	for _, n := range names {
		out = append(out, s.roleByNameOrARN(n)...)
	}
	if someUnknown || kn == Unknown {
		out = append(out, s.rolesIn(r.Deps(key, r.Properties.Get(key)))...)
	}
	return out
}

func (s *Stack) roleByNameOrARN(v string) []*Role {
	if ro, ok := s.rolesByARN[v]; ok {
		return []*Role{ro}
	}
	if name, _, ok := arn.RoleOf(v); ok {
		v = name
	}
	return s.rolesByName[v]
}

// rolesIn returns the roles among a set of URNs, in URN order.
func (s *Stack) rolesIn(deps URNSet) []*Role {
	var out []*Role
	for _, u := range deps {
		if ro, ok := s.RolesByURN[u]; ok {
			out = append(out, ro)
		}
	}
	return out
}

// ARNRef is a property that names a resource by ARN (or a role by name):
// a state machine's roleArn, a task definition's executionRoleArn, a
// schedule target's roleArn and the arn it invokes. ResolveRole resolves
// one that names a role, Stack.TargetMachine one that names a state
// machine.
type ARNRef struct {
	// Prop is the property path, for messages ("taskRoleArn").
	Prop      string
	Knownness Knownness
	ARN       string
	Deps      URNSet
	// resolved is what ResolveRole answers, set by Stack.resolveRefs for
	// the references of the stack's resources (nil for others).
	resolved *ResolvedRole
}

// readARNRef reads an ARN property of m; depKey is the top-level
// property whose dependencies apply.
func readARNRef(r *Resource, m property.Map, key, depKey, prop string) ARNRef {
	v, present := m.GetOk(key)
	a, kn := stringValue(v, present)
	if kn == Missing && key == depKey && r.absentButLinked(key) {
		kn = Unknown
	}
	ref := ARNRef{Prop: prop, Knownness: kn, ARN: a}
	if kn == Unknown {
		ref.Deps = r.Deps(depKey, v)
	}
	return ref
}

// ResolvedRole is what a ARNRef points at.
type ResolvedRole struct {
	// Role is the stack's role, nil when it is outside the stack or could
	// not be found.
	Role *Role
	// ARN is the ARN to evaluate requests against: the known ARN, or one
	// built from the role's name and path where the stack lives (known in
	// part); "" when not even the name is known.
	ARN string
	// Label names the role in messages.
	Label string
	// Why says why the role could not be resolved (Role nil, or ARN
	// empty).
	Why string
	// Secret is set when the role's name or ARN is secret: the ARNs are
	// then never printed.
	Secret bool
}

// resolveRefs resolves the role references of the state machines, task
// definitions and starters once, after the roles are modelled and their
// ARN candidates known: the policies resolve each of them several times.
func (s *Stack) resolveRefs() {
	refs := make([]*ARNRef, 0, len(s.Machines)+2*len(s.TaskDefs)+len(s.Starters))
	for _, m := range s.Machines {
		refs = append(refs, &m.Role)
	}
	for _, td := range s.TaskDefs {
		refs = append(refs, &td.ExecutionRole, &td.TaskRole)
	}
	for _, sr := range s.Starters {
		refs = append(refs, &sr.Role)
	}
	all := make([]ResolvedRole, len(refs))
	parallel.For(len(refs), func(i int) { all[i] = s.ResolveRole(*refs[i]) })
	for i, ref := range refs {
		ref.resolved = &all[i]
	}
}

// roleByShortName resolves a role named by its name alone, as a task
// definition's taskRoleArn may (arn.IsRoleName): the stack's role
// of that name, whatever its path. A name outside the stack is not
// resolved: its path, and so its ARN, is not known.
func (s *Stack) roleByShortName(ref ARNRef, shown string, isSecret bool) ResolvedRole {
	roles := s.rolesByName[ref.ARN]
	switch len(roles) {
	case 1:
		ro := roles[0]
		res := ResolvedRole{Role: ro, ARN: s.arnOf(ro), Label: ro.Label(), Secret: isSecret || ro.Secret}
		if res.ARN == "" {
			res.Why = fmt.Sprintf("the ARN of %s is unknown at this preview", ro.Label())
		}
		return res
	case 0:
		return ResolvedRole{Label: fmt.Sprintf("role %q", shown), Secret: isSecret,
			Why: fmt.Sprintf("%s names the role %q, which is not a Role of this stack, so its path and ARN are not known", ref.Prop, shown)}
	default:
		return ResolvedRole{Label: fmt.Sprintf("role %q", shown), Secret: isSecret,
			Why: fmt.Sprintf("%s names the role %q, and %d Roles of this stack have that name", ref.Prop, shown, len(roles))}
	}
}

// ResolveRole finds the role a ARNRef names.
func (s *Stack) ResolveRole(ref ARNRef) ResolvedRole {
	if ref.resolved != nil {
		return *ref.resolved
	}
	switch {
	case ref.Knownness.Usable():
		isSecret := ref.Knownness == Secret
		shown := ref.ARN
		if isSecret {
			shown = "(secret " + ref.Prop + ")"
		}
		if ro, ok := s.rolesByARN[ref.ARN]; ok {
			return ResolvedRole{Role: ro, ARN: ref.ARN, Label: ro.Label(), Secret: isSecret || ro.Secret}
		}
		name, path, ok := arn.RoleOf(ref.ARN)
		if !ok && arn.IsRoleName(ref.ARN) {
			return s.roleByShortName(ref, shown, isSecret)
		}
		if !ok {
			return ResolvedRole{Label: fmt.Sprintf("%s %q", ref.Prop, shown),
				Why: fmt.Sprintf("%s %q is not an IAM role ARN or name", ref.Prop, shown)}
		}
		for _, ro := range s.rolesByName[name] {
			if ro.Path == path && ro.ARN == "" {
				return ResolvedRole{Role: ro, ARN: ref.ARN, Label: ro.Label(), Secret: isSecret || ro.Secret}
			}
		}
		return ResolvedRole{ARN: ref.ARN, Label: fmt.Sprintf("role %q", shown), Secret: isSecret,
			Why: fmt.Sprintf("role %s is not a Role of this stack", shown)}
	case ref.Knownness == Unknown:
		roles := s.rolesIn(ref.Deps)
		switch len(roles) {
		case 1:
			ro := roles[0]
			res := ResolvedRole{Role: ro, ARN: s.arnOf(ro), Label: ro.Label(), Secret: ro.Secret}
			if res.ARN == "" {
				res.Why = fmt.Sprintf("the name of %s is unknown at this preview", ro.Label())
			}
			return res
		case 0:
			return ResolvedRole{Label: ref.Prop + " (unknown)",
				Why: fmt.Sprintf("%s is unknown at this preview and depends on no Role of this stack", ref.Prop)}
		default:
			return ResolvedRole{Label: ref.Prop + " (unknown)",
				Why: fmt.Sprintf("%s is unknown at this preview and depends on %d Roles of this stack", ref.Prop, len(roles))}
		}
	case ref.Knownness == Mistyped:
		return ResolvedRole{Label: ref.Prop, Why: ref.Prop + " is not a string"}
	default:
		return ResolvedRole{Label: ref.Prop, Why: ref.Prop + " is not set"}
	}
}
