package pack

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"batchpipeline/internal/iam"
)

// docKind says how much a policy knows about one IAM document.
type docKind int

const (
	// docKnown: the document was read and parsed.
	docKnown docKind = iota
	// docUnknown: the document is computed at this preview (built from
	// outputs); deps says which resources it is built from.
	docUnknown
	// docInvalid: the document is present but not a policy document (AWS
	// rejects it); it grants nothing.
	docInvalid
	// docExternal: a managed policy outside the stack whose document this
	// pack does not carry.
	docExternal
)

// docSource is one IAM document that applies to a role, with where it
// comes from.
type docSource struct {
	// label names the source for a reader: `RolePolicy "sfn-policy"`,
	// `inline policy "run" of role "sfn"`, `AWS managed policy
	// arn:aws:iam::aws:policy/PowerUserAccess`.
	label string
	// urn is the resource that carries the document.
	urn  string
	kind docKind
	doc  iam.Document
	// deps are the URNs an unknown document is built from.
	deps map[string]struct{}
	// why explains an invalid or external document.
	why string
}

// dependsOn reports whether an unknown document is built from urn.
func (d *docSource) dependsOn(urn string) bool {
	_, ok := d.deps[urn]
	return ok
}

// readDocument reads the policy document held in m[key] (a JSON string,
// or an object when the program passed one), with the property
// dependencies of that key for an unknown document.
//
// depKey is the top-level property whose dependencies an unknown document
// inherits (for a nested document, such as a Role's inline policy, it is
// the enclosing property).
func readDocument(r *resource, m property.Map, key, depKey, label string) *docSource {
	src := &docSource{label: label, urn: r.URN}
	v, present := m.GetOk(key)
	switch {
	case !present || v.IsNull():
		src.kind = docInvalid
		src.why = "no policy document"
	case v.IsComputed():
		src.kind = docUnknown
		src.deps = r.deps(depKey, v)
	case v.IsString():
		src.fromJSON([]byte(v.AsString()), v.Secret())
	case v.IsMap():
		p, ok := plain(v)
		if !ok {
			src.kind = docUnknown
			src.deps = r.deps(depKey, v)
			return src
		}
		b, err := json.Marshal(p)
		if err != nil {
			src.kind = docInvalid
			src.why = fmt.Sprintf("cannot encode the document object: %v", err)
			return src
		}
		src.fromJSON(b, v.HasSecrets())
	default:
		src.kind = docInvalid
		src.why = "the policy document is neither a JSON string nor an object"
	}
	return src
}

// fromJSON parses a document; a parse error makes the source invalid. The
// parser's error may quote the input, so it is left out for a secret.
func (d *docSource) fromJSON(b []byte, isSecret bool) {
	doc, err := iam.Parse(b)
	if err != nil {
		d.kind = docInvalid
		d.why = "not a valid IAM policy document"
		if !isSecret {
			d.why += " (" + err.Error() + ")"
		}
		return
	}
	d.kind = docKnown
	d.doc = doc
}

// observeDocument records the ARNs a known document names.
func (e *arnEnv) observeDocument(d *docSource) {
	if d.kind != docKnown {
		return
	}
	for _, st := range d.doc.Statement {
		for _, r := range st.Resource {
			e.observe(r)
		}
		for _, r := range st.NotResource {
			e.observe(r)
		}
	}
}
