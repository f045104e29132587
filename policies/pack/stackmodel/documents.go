package stackmodel

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"batchpipeline/internal/iam"
)

// DocKind says how much a policy knows about one IAM document.
type DocKind int

const (
	// DocKnown means the document was read and parsed.
	DocKnown DocKind = iota
	// DocUnknown means the document is computed at this preview (built from
	// outputs); deps says which resources it is built from.
	DocUnknown
	// DocInvalid means the document is present but not a policy document (AWS
	// rejects it); it grants nothing.
	DocInvalid
	// DocExternal is a managed policy outside the stack whose document this
	// pack does not carry.
	DocExternal
)

// docContent is one IAM document. A JSON document is parsed on first use
// (get), once, so that a policy that never evaluates a role's permissions
// never pays for parsing its documents.
type docContent struct {
	once sync.Once
	// raw is the JSON to parse on first use, while pending is set. It
	// shares the memory of the property value it comes from.
	raw     string
	pending bool
	// secret hides parse errors, which may quote the input.
	secret bool

	kind DocKind
	doc  iam.Document
	// deps are the URNs an unknown document is built from.
	deps URNSet
	// why explains an invalid or external document.
	why string
}

// get parses the document if needed and returns it.
func (c *docContent) get() *docContent {
	c.once.Do(func() {
		if !c.pending {
			return
		}
		defer func() {
			// get may run on a worker goroutine (Stack.warm), where no
			// policy's recover would catch a panic of the parser.
			if p := recover(); p != nil {
				c.raw, c.pending, c.kind, c.doc = "", false, DocInvalid, iam.Document{}
				c.why = fmt.Sprintf("internal error parsing the document: %v", p)
			}
		}()
		doc, err := iam.ParseString(c.raw)
		c.raw, c.pending = "", false
		if err != nil {
			c.kind = DocInvalid
			c.why = "not a valid IAM policy document"
			if !c.secret {
				c.why += " (" + err.Error() + ")"
			}
			return
		}
		c.doc = doc
	})
	return c
}

// copyOf makes c, whose text is the same as parsed's, hold parsed's
// result without parsing it again (the parsed document is shared: no
// one writes to it).
func (c *docContent) copyOf(parsed *docContent) {
	c.once.Do(func() {
		c.raw, c.pending = "", false
		c.kind, c.doc, c.why = parsed.kind, parsed.doc, parsed.why
	})
}

// Document is one IAM document that applies to a role, with where it
// comes from. Several sources may share one content (a Policy attached
// twice).
type Document struct {
	// Label names the source for a reader: `RolePolicy "sfn-policy"`,
	// `inline policy "run" of role "sfn"`, `AWS managed policy
	// arn:aws:iam::aws:policy/PowerUserAccess (...)`.
	Label string
	// URN is the resource that carries the document.
	URN string
	// AttachedBy is the resource whose creation puts the document on
	// the role: the RolePolicy, the role itself (inline policies,
	// managedPolicyArns), the RolePolicyAttachment or PolicyAttachment.
	AttachedBy string
	content    *docContent
}

// newSource returns a source with its own content, attached by the
// resource that carries it.
func newSource(label, urn string, kind DocKind) *Document {
	return &Document{Label: label, URN: urn, AttachedBy: urn, content: &docContent{kind: kind}}
}

// Kind returns the Kind of the document, parsing it if needed.
func (d *Document) Kind() DocKind { return d.content.get().kind }

// Parsed returns the parsed document (meaningful when Kind is DocKnown).
func (d *Document) Parsed() iam.Document { return d.content.get().doc }

// Why explains an invalid or external document.
func (d *Document) Why() string { return d.content.get().why }

// Deps returns the URNs an unknown document is built from.
func (d *Document) Deps() URNSet { return d.content.deps }

// DependsOn reports whether an unknown document is built from urn.
func (d *Document) DependsOn(urn string) bool {
	return d.content.deps.has(urn)
}

// readDocument reads the policy document held in m[key] (a JSON string,
// or an object when the program passed one), with the property
// dependencies of that key for an unknown document.
//
// depKey is the top-level property whose dependencies an unknown document
// inherits (for a nested document, such as a Role's inline policy, it is
// the enclosing property).
func readDocument(r *Resource, m property.Map, key, depKey, label string) *Document {
	src := newSource(label, r.URN, DocKnown)
	c := src.content
	v, present := m.GetOk(key)
	switch {
	case (!present || v.IsNull()) && key == depKey && r.absentButLinked(key):
		c.kind = DocUnknown
		c.deps = r.Deps(depKey, v)
	case !present || v.IsNull():
		c.kind = DocInvalid
		c.why = "no policy document"
	case v.IsComputed():
		c.kind = DocUnknown
		c.deps = r.Deps(depKey, v)
	case v.IsString():
		c.raw, c.pending, c.secret = v.AsString(), true, v.Secret()
	case v.IsMap():
		p, ok := plain(v)
		if !ok {
			c.kind = DocUnknown
			c.deps = r.Deps(depKey, v)
			return src
		}
		b, err := json.Marshal(p)
		if err != nil {
			c.kind = DocInvalid
			c.why = fmt.Sprintf("cannot encode the document object: %v", err)
			return src
		}
		c.raw, c.pending, c.secret = string(b), true, v.HasSecrets()
	default:
		c.kind = DocInvalid
		c.why = "the policy document is neither a JSON string nor an object"
	}
	return src
}

// observeJSON records the ARNs quoted in a JSON text (a policy document)
// without parsing it: every string that starts with "arn:.
func (e *arnObserver) observeJSON(s string) {
	for {
		i := strings.Index(s, `"arn:`)
		if i < 0 {
			return
		}
		s = s[i+1:]
		end := strings.IndexByte(s, '"')
		if end < 0 {
			return
		}
		e.observe(s[:end])
		s = s[end:]
	}
}
