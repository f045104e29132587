package integrations

import (
	"strings"

	"batchpipeline/internal/partial"
)

// callRequest is a CallRequest of action on resource (known in part), with why,
// page and the Sid its least grant goes under; the grant names the
// resource when it is known.
func callRequest(action, resource, why, page, sid string) Request {
	r := Request{Kind: CallRequest, Action: action, Resource: resource, Why: why, Page: page, Grant: Grant{Sid: sid}}
	if partial.Known(resource) {
		r.Grant.Resource = resource
	}
	return r
}

// roleParam reads the parameter at path that names a role a call hands to
// a service: the role Env describes, or any role of any account of the
// partition when the state chooses it at run time; false when absent.
func (c Call) roleParam(env Env, path ...string) (Role, bool) {
	v := c.Param(path...)
	switch {
	case !v.Set:
		return Role{}, false
	case v.Dynamic:
		why := c.notKnown("role")
		return Role{Set: true, ARN: env.Account().Anywhere(why).RoleARN("/", partial.Hole{Label: "ROLE", Class: partial.Any, Why: why}.String())}, true
	}
	ref, ok := v.Static()
	if !ok {
		return Role{}, false
	}
	return env.Role(ref), true
}

// part reads a string parameter (a dotted path) that names part of a resource (a job,
// a cluster, a model): its value, or a part not known, labelled label,
// of class class, when the state chooses it at run time or does not give
// it as a string.
func (c Call) part(param, label string, class partial.Class) string {
	if v, ok := c.Param(strings.Split(param, ".")...).Static(); ok {
		return v
	}
	return partial.Hole{Label: label, Class: class, Why: c.notKnown(strings.ToLower(strings.ReplaceAll(label, "_", " ")))}.String()
}
