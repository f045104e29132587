package stackmodel

import "batchpipeline/internal/iam"

// RoleView is a role's documents sorted by what the pack knows of them,
// built once per role: a role is asked about many requests (every
// integration call of every state of its machines, every role to pass).
type RoleView struct {
	// Parsed are the parsed identity documents, ParsedSources their sources in
	// the same order.
	Parsed        []iam.Document
	ParsedSources []*Document
	// Unknown documents may name a resource's ARN only when built from
	// it (Document.DependsOn).
	Unknown []*Document
	// External are managed policies outside the stack whose documents the
	// pack does not carry.
	External []*Document
	// Invalid documents grant nothing.
	Invalid []*Document
	// Boundary is the parsed permissions boundary, nil when there is none
	// or it is not known; boundaryOpen then says why it could not be read
	// ("" when there is no boundary).
	Boundary     *iam.Document
	BoundaryOpen string
}

// View returns the role's RoleView, built on first use. Policies call
// it from several goroutines once the stack is modelled.
func (ro *Role) View() *RoleView {
	ro.viewOnce.Do(func() { ro.view = newRoleView(ro) })
	return ro.view
}

func newRoleView(ro *Role) *RoleView {
	v := &RoleView{}
	for _, d := range ro.Sources {
		switch d.Kind() {
		case DocKnown:
			v.Parsed = append(v.Parsed, d.Parsed())
			v.ParsedSources = append(v.ParsedSources, d)
		case DocUnknown:
			v.Unknown = append(v.Unknown, d)
		case DocExternal:
			v.External = append(v.External, d)
		case DocInvalid:
			v.Invalid = append(v.Invalid, d)
		}
	}
	if b := ro.Boundary; b != nil {
		switch b.Kind() {
		case DocKnown:
			doc := b.Parsed()
			v.Boundary = &doc
		case DocInvalid:
			v.BoundaryOpen = b.Label + " is " + b.Why()
		case DocExternal:
			v.BoundaryOpen = b.Label + ": " + b.Why()
		default:
			v.BoundaryOpen = b.Label + " is unknown at this preview"
		}
	}
	return v
}
