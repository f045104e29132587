package pack

import (
	"fmt"
	"strconv"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"batchpipeline/internal/iam"
	"batchpipeline/internal/integrations"
)

// role is an aws:iam/role:Role of the stack with every policy document
// that applies to it.
type role struct {
	res  *resource
	name string // AWS name, "" when unknown
	path string // normalized path
	arn  string // "" when unknown
	// secret is set when the name or ARN is secret: it is then used to
	// decide but never printed.
	secret bool
	// sources are the identity-based documents: inline policies,
	// RolePolicy resources, attached managed policies.
	sources []*docSource
	// boundary is the permissions boundary, nil when there is none.
	boundary *docSource
	// labelText is label(), built once.
	labelText string
	// view is evalView's answer, built once.
	viewOnce sync.Once
	view     *roleView
}

func newRole(r *resource) *role {
	ro := &role{res: r, path: "/"}
	if name, st := str(r.Properties, "name"); st.ok() {
		ro.name, ro.secret = name, st == secret
	}
	if p, st := str(r.Properties, "path"); st.ok() {
		ro.path = integrations.NormalizePath(p)
		ro.secret = ro.secret || st == secret
	}
	if a, st := str(r.Properties, "arn"); st.ok() {
		ro.arn = a
		ro.secret = ro.secret || st == secret
		if ro.name == "" {
			if n, p, ok := integrations.RoleFromARN(a); ok {
				ro.name, ro.path = n, p
			}
		}
	}
	if ro.name != "" && !ro.secret {
		ro.labelText = "role " + strconv.Quote(ro.name)
	} else {
		ro.labelText = "role " + strconv.Quote(r.Name)
	}
	return ro
}

// label names the role in messages: `role "NAME"`, by its AWS name when
// known, else by its Pulumi name.
func (ro *role) label() string { return ro.labelText }

// arns returns the role's ARN, or the ARNs it may have when it is not
// known yet (by its name and path); nil when even the name is unknown.
func (ro *role) arns(env *arnCandidates) []string {
	if ro.arn != "" {
		return []string{ro.arn}
	}
	if ro.name == "" {
		return nil
	}
	return env.roleARNs(ro.path, ro.name)
}

// linkRole reads the documents the Role resource carries itself.
func (s *stack) linkRole(ro *role) {
	r := ro.res
	props := r.Properties
	inline, st := arr(props, "inlinePolicies")
	switch {
	case st == unknown:
		d := newSource("inline policies of "+ro.label(), r.URN, docUnknown)
		d.content.deps = r.deps("inlinePolicies", props.Get("inlinePolicies"))
		ro.sources = append(ro.sources, d)
	case st.ok():
		for i, e := range inline.AsSlice() {
			switch {
			case e.IsComputed():
				d := newSource(fmt.Sprintf("inline policy #%d of %s", i, ro.label()), r.URN, docUnknown)
				d.content.deps = r.deps("inlinePolicies", e)
				ro.sources = append(ro.sources, d)
			case e.IsMap():
				name, _ := str(e.AsMap(), "name")
				label := fmt.Sprintf("inline policy %q of %s", name, ro.label())
				if _, ok := e.AsMap().GetOk("policy"); !ok {
					continue // an empty inline block only clears the inline policies
				}
				ro.sources = append(ro.sources, readDocument(r, e.AsMap(), "policy", "inlinePolicies", label))
			}
		}
	}
	arns, someUnknown, _ := strList(props, "managedPolicyArns")
	via := "managedPolicyArns of " + ro.label()
	for _, a := range arns {
		ro.sources = append(ro.sources, s.policyByARN(a, r, via))
	}
	if someUnknown {
		ro.sources = append(ro.sources, s.policiesByDeps(r, "managedPolicyArns", via)...)
	}
	b, st := str(props, "permissionsBoundary")
	switch {
	case st.ok() && b != "":
		ro.boundary = s.policyByARN(b, r, "permissionsBoundary of "+ro.label())
	case st == unknown:
		ds := s.policiesByDeps(r, "permissionsBoundary", "permissionsBoundary of "+ro.label())
		if len(ds) == 1 {
			ro.boundary = ds[0]
		} else {
			ro.boundary = newSource("permissionsBoundary of "+ro.label(), r.URN, docUnknown)
			ro.boundary.content.deps = r.deps("permissionsBoundary", props.Get("permissionsBoundary"))
		}
	}
}

// policyByARN resolves a known managed policy ARN: a Policy of the stack
// (by ARN, or by path and name while its ARN is unknown), an AWS managed
// policy this pack carries, or an external policy.
func (s *stack) policyByARN(a string, via *resource, viaLabel string) *docSource {
	if p, ok := s.policiesByARN[a]; ok {
		return p.attached(viaLabel)
	}
	if rest, awsManaged, ok := integrations.PolicyFromARN(a); ok {
		if awsManaged {
			label := "AWS managed policy " + a + " (" + viaLabel + ")"
			if doc, ok := iam.ManagedPolicy(a); ok {
				d := newSource(label, via.URN, docKnown)
				d.content.doc = doc
				return d
			}
			d := newSource(label, via.URN, docExternal)
			d.content.why = "this pack does not carry its document"
			return d
		}
		if ps := s.policiesByName[rest]; len(ps) == 1 {
			return ps[0].attached(viaLabel)
		}
	}
	d := newSource("managed policy "+a+" ("+viaLabel+")", via.URN, docExternal)
	d.content.why = "it is not a Policy of this stack"
	return d
}

// policiesByDeps resolves an unknown policy ARN through the property
// dependencies of key: the Policies of the stack it is built from, or an
// unknown document when it depends on none.
func (s *stack) policiesByDeps(r *resource, key, viaLabel string) []*docSource {
	deps := r.deps(key, r.Properties.Get(key))
	var out []*docSource
	for _, u := range deps {
		if p, ok := s.policiesByURN[u]; ok {
			out = append(out, p.attached(viaLabel))
		}
	}
	if len(out) == 0 {
		d := newSource("a managed policy with an unknown ARN ("+viaLabel+")", r.URN, docUnknown)
		d.content.deps = deps
		out = append(out, d)
	}
	return out
}

// attached returns the policy's document as seen through one attachment.
func (p *customerPolicy) attached(viaLabel string) *docSource {
	return &docSource{label: fmt.Sprintf("Policy %q (%s)", p.res.Name, viaLabel), urn: p.res.URN, content: p.doc.content}
}

// linkAttachment resolves the document of a RolePolicy, RolePolicyAttachment
// or PolicyAttachment and the roles it names; newStack adds the one to the
// others.
func (s *stack) linkAttachment(r *resource) attachmentLink {
	props := r.Properties
	switch r.Type {
	case typeRolePolicy:
		label := "RolePolicy " + strconv.Quote(r.Name)
		doc := readDocument(r, props, "policy", "policy", label)
		return attachmentLink{roles: s.rolesNamed(r, "role"), docs: []*docSource{doc}}
	case typeRolePolicyAttachment:
		docs := s.attachmentDocs(r, "attached by RolePolicyAttachment "+strconv.Quote(r.Name))
		return attachmentLink{roles: s.rolesNamed(r, "role"), docs: docs}
	case typePolicyAttachment:
		docs := s.attachmentDocs(r, "attached by PolicyAttachment "+strconv.Quote(r.Name))
		return attachmentLink{roles: s.rolesListed(r, "roles"), docs: docs}
	}
	return attachmentLink{}
}

// attachmentLink is what an attachment adds: docs to each of roles.
type attachmentLink struct {
	roles []*role
	docs  []*docSource
}

// attachmentDocs resolves the policyArn of an attachment.
func (s *stack) attachmentDocs(r *resource, viaLabel string) []*docSource {
	a, st := str(r.Properties, "policyArn")
	switch {
	case st.ok():
		return []*docSource{s.policyByARN(a, r, viaLabel)}
	case st == unknown:
		return s.policiesByDeps(r, "policyArn", viaLabel)
	default:
		return nil
	}
}

// rolesNamed resolves a property that names one role (by name, or by ARN,
// which some programs pass), or its dependencies when unknown.
func (s *stack) rolesNamed(r *resource, key string) []*role {
	v, present := r.Properties.GetOk(key)
	name, st := strValue(v, present)
	switch {
	case st.ok():
		return s.roleByNameOrARN(name)
	case st == unknown:
		return s.rolesIn(r.deps(key, v))
	default:
		return nil
	}
}

// rolesListed resolves a list of role names, through dependencies for the
// unknown elements.
func (s *stack) rolesListed(r *resource, key string) []*role {
	names, someUnknown, st := strList(r.Properties, key)
	var out []*role
	for _, n := range names {
		out = append(out, s.roleByNameOrARN(n)...)
	}
	if someUnknown || st == unknown {
		out = append(out, s.rolesIn(r.deps(key, r.Properties.Get(key)))...)
	}
	return out
}

func (s *stack) roleByNameOrARN(v string) []*role {
	if ro, ok := s.rolesByARN[v]; ok {
		return []*role{ro}
	}
	if name, _, ok := integrations.RoleFromARN(v); ok {
		v = name
	}
	return s.rolesByName[v]
}

// rolesIn returns the roles among a set of URNs, in URN order.
func (s *stack) rolesIn(deps urnSet) []*role {
	var out []*role
	for _, u := range deps {
		if ro, ok := s.rolesByURN[u]; ok {
			out = append(out, ro)
		}
	}
	return out
}

// roleRef is a property that names a role by ARN: a state machine's
// roleArn, a task definition's executionRoleArn, a schedule target's
// roleArn.
type roleRef struct {
	// prop is the property path, for messages ("taskRoleArn").
	prop string
	st   state
	arn  string
	deps urnSet
	// resolved is what resolveRole answers, set by stack.resolveRefs for
	// the references of the stack's resources (nil for others).
	resolved *resolvedRole
}

// readRoleRef reads a role ARN property of m; depKey is the top-level
// property whose dependencies apply.
func readRoleRef(r *resource, m property.Map, key, depKey, prop string) roleRef {
	v, present := m.GetOk(key)
	a, st := strValue(v, present)
	if st == missing && key == depKey && r.absentButLinked(key) {
		st = unknown
	}
	ref := roleRef{prop: prop, st: st, arn: a}
	if st == unknown {
		ref.deps = r.deps(depKey, v)
	}
	return ref
}

// resolvedRole is what a roleRef points at.
type resolvedRole struct {
	// role is the stack's role, nil when it is outside the stack or could
	// not be found.
	role *role
	// arns are the ARNs to evaluate requests against (the known ARN, or
	// candidates built from the role's name and path).
	arns []string
	// label names the role in messages.
	label string
	// why says why the role could not be resolved (arns empty).
	why string
	// secret is set when the role's name or ARN is secret: the ARNs are
	// then never printed.
	secret bool
}

// resolveRefs resolves the role references of the state machines, task
// definitions and starters once, after the roles are indexed and their
// ARN candidates known: the policies resolve each of them several times.
func (s *stack) resolveRefs() {
	refs := make([]*roleRef, 0, len(s.machines)+2*len(s.taskDefs)+len(s.starters))
	for _, m := range s.machines {
		refs = append(refs, &m.role)
	}
	for _, td := range s.taskDefs {
		refs = append(refs, &td.exec, &td.task)
	}
	for _, st := range s.starters {
		refs = append(refs, &st.role)
	}
	for _, ref := range refs {
		rr := s.resolveRole(*ref)
		ref.resolved = &rr
	}
}

// roleByShortName resolves a role named by its name alone, as a task
// definition's taskRoleArn may (integrations.IsRoleName): the stack's role
// of that name, whatever its path. A name outside the stack is not
// resolved: its path, and so its ARN, is not known.
func (s *stack) roleByShortName(ref roleRef, shown string, isSecret bool) resolvedRole {
	roles := s.rolesByName[ref.arn]
	switch len(roles) {
	case 1:
		ro := roles[0]
		res := resolvedRole{role: ro, arns: ro.arns(s.env), label: ro.label(), secret: isSecret || ro.secret}
		if len(res.arns) == 0 {
			res.why = fmt.Sprintf("the ARN of %s is unknown at this preview", ro.label())
		}
		return res
	case 0:
		return resolvedRole{label: fmt.Sprintf("role %q", shown), secret: isSecret,
			why: fmt.Sprintf("%s names the role %q, which is not a Role of this stack, so its path and ARN are not known", ref.prop, shown)}
	default:
		return resolvedRole{label: fmt.Sprintf("role %q", shown), secret: isSecret,
			why: fmt.Sprintf("%s names the role %q, and %d Roles of this stack have that name", ref.prop, shown, len(roles))}
	}
}

// resolveRole finds the role a roleRef names.
func (s *stack) resolveRole(ref roleRef) resolvedRole {
	if ref.resolved != nil {
		return *ref.resolved
	}
	switch {
	case ref.st.ok():
		isSecret := ref.st == secret
		shown := ref.arn
		if isSecret {
			shown = "(secret " + ref.prop + ")"
		}
		if ro, ok := s.rolesByARN[ref.arn]; ok {
			return resolvedRole{role: ro, arns: []string{ref.arn}, label: ro.label(), secret: isSecret || ro.secret}
		}
		name, path, ok := integrations.RoleFromARN(ref.arn)
		if !ok && integrations.IsRoleName(ref.arn) {
			return s.roleByShortName(ref, shown, isSecret)
		}
		if !ok {
			return resolvedRole{label: fmt.Sprintf("%s %q", ref.prop, shown),
				why: fmt.Sprintf("%s %q is not an IAM role ARN or name", ref.prop, shown)}
		}
		for _, ro := range s.rolesByName[name] {
			if ro.path == path && ro.arn == "" {
				return resolvedRole{role: ro, arns: []string{ref.arn}, label: ro.label(), secret: isSecret || ro.secret}
			}
		}
		return resolvedRole{arns: []string{ref.arn}, label: fmt.Sprintf("role %q", shown), secret: isSecret,
			why: fmt.Sprintf("role %s is not a Role of this stack", shown)}
	case ref.st == unknown:
		roles := s.rolesIn(ref.deps)
		switch len(roles) {
		case 1:
			ro := roles[0]
			arns := ro.arns(s.env)
			res := resolvedRole{role: ro, arns: arns, label: ro.label(), secret: ro.secret}
			if len(arns) == 0 {
				res.why = fmt.Sprintf("the name of %s is unknown at this preview", ro.label())
			}
			return res
		case 0:
			return resolvedRole{label: ref.prop + " (unknown)",
				why: fmt.Sprintf("%s is unknown at this preview and depends on no Role of this stack", ref.prop)}
		default:
			return resolvedRole{label: ref.prop + " (unknown)",
				why: fmt.Sprintf("%s is unknown at this preview and depends on %d Roles of this stack", ref.prop, len(roles))}
		}
	case ref.st == mistyped:
		return resolvedRole{label: ref.prop, why: ref.prop + " is not a string"}
	default:
		return resolvedRole{label: ref.prop, why: ref.prop + " is not set"}
	}
}
