package pack

import "batchpipeline/internal/iam"

// roleView is a role's documents sorted by what the pack knows of them,
// built once per role: a role is asked about many requests (every
// integration call of every state of its machines, every role to pass).
type roleView struct {
	// known are the parsed identity documents, knownSrc their sources in
	// the same order.
	known    []iam.Document
	knownSrc []*docSource
	// unknown documents may name a resource's ARN only when built from
	// it (docSource.dependsOn).
	unknown []*docSource
	// external are managed policies outside the stack whose documents the
	// pack does not carry.
	external []*docSource
	// invalid documents grant nothing.
	invalid []*docSource
	// boundary is the parsed permissions boundary, nil when there is none
	// or it is not known; boundaryOpen then says why it could not be read
	// ("" when there is no boundary).
	boundary     *iam.Document
	boundaryOpen string
}

// evalView returns the role's roleView, built on first use. Policies call
// it from several goroutines once the stack is indexed.
func (ro *role) evalView() *roleView {
	ro.viewOnce.Do(func() { ro.view = newRoleView(ro) })
	return ro.view
}

func newRoleView(ro *role) *roleView {
	v := &roleView{}
	for _, d := range ro.sources {
		switch d.kind() {
		case docKnown:
			v.known = append(v.known, d.doc())
			v.knownSrc = append(v.knownSrc, d)
		case docUnknown:
			v.unknown = append(v.unknown, d)
		case docExternal:
			v.external = append(v.external, d)
		case docInvalid:
			v.invalid = append(v.invalid, d)
		}
	}
	if b := ro.boundary; b != nil {
		switch b.kind() {
		case docKnown:
			doc := b.doc()
			v.boundary = &doc
		case docInvalid:
			v.boundaryOpen = b.label + " is " + b.why()
		case docExternal:
			v.boundaryOpen = b.label + ": " + b.why()
		default:
			v.boundaryOpen = b.label + " is unknown at this preview"
		}
	}
	return v
}
