package pack

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"batchpipeline/internal/iam"
	"batchpipeline/internal/partial"
)

// outcome is what the stack's documents say about one request.
type outcome int

const (
	// allowed: the known documents allow it for every completion of what
	// is known in part, and nothing undecided could change that.
	allowed outcome = iota
	// denied: no document can allow it, or one denies it, whatever the
	// parts not known yet turn out to be.
	denied
	// undecided: the answer hangs on something the pack cannot read (an
	// unknown document, an external managed policy, a condition it does
	// not evaluate), or on a part not known yet that some values allow
	// and others not.
	undecided
	// moot: there is nothing to judge (a role without trust policy, which
	// the provider refuses before any policy runs).
	moot
)

// verdict is the answer to one request, with its reasons.
type verdict struct {
	outcome outcome
	reasons []reason
}

// has reports whether a reason of kind k is among the verdict's.
func (v verdict) has(k reasonKind) bool {
	for _, r := range v.reasons {
		if r.kind == k {
			return true
		}
	}
	return false
}

// reasonKind is why a verdict is what it is. Policies select and render
// reasons by kind; their words are written in one place, reason.text.
type reasonKind int

const (
	// explicitDeny: a Deny statement of the named documents applies.
	explicitDeny reasonKind = iota
	// noStatement: no statement of the principal's known documents
	// allows it (count says how many).
	noStatement
	// noPolicy: no policy of the stack applies to the principal.
	noPolicy
	// boundaryDenies: the permissions boundary (doc) does not allow it.
	boundaryDenies
	// invalidDocument: doc grants nothing (detail says why).
	invalidDocument
	// unrelatedDocument: doc is unknown at this preview and not built
	// from the resource acted on, so it cannot name its ARN.
	unrelatedDocument
	// probableDocument: doc is unknown at this preview but built from the
	// resource acted on, so it probably allows it.
	probableDocument
	// unknownDocument: doc is unknown at this preview.
	unknownDocument
	// externalDocument: doc is a managed policy the pack cannot read.
	externalDocument
	// unknownBoundary: the permissions boundary cannot be read.
	unknownBoundary
	// uncertainStatement: a statement of doc may apply but could not be
	// decided (iam.Uncertainty: an unknown key, a value known in part, an
	// element the pack does not evaluate).
	uncertainStatement
	// unresolvedRole: the principal, or the role assumed, cannot be read.
	unresolvedRole
	// unsureNeed: AWS may not make the request at all.
	unsureNeed
	// ruledOut: a condition on key rules out the request's value of it.
	ruledOut
	// trustDenies: a Deny statement of the assumed role's trust policy
	// applies to the principal.
	trustDenies
	// trustLacks: no statement of the trust policy lets the principal
	// assume the role.
	trustLacks
	// trustNeedsIdentity: the trust policy names the caller's account,
	// so its identity policy must allow sts:AssumeRole, and does not.
	trustNeedsIdentity
	// noRole: the caller sets no role.
	noRole
	// resourcePolicyMay: the resource's own policy (doc) may allow the
	// request, which the identity policies do not: the resource is not
	// one of the stack.
	resourcePolicyMay
	// resourcePolicyLacks: no statement of the resource-based policy of
	// the resource (doc), all in the stack, lets the principal (detail)
	// make the request.
	resourcePolicyLacks
	// grantedAfterMachine: what allows a request AWS checks when the
	// state machine (detail) is created or updated is attached by
	// resources (doc) the state machine does not wait for.
	grantedAfterMachine
)

// reason is one reason of a verdict.
type reason struct {
	kind reasonKind
	// doc labels the document the reason is about.
	doc string
	// detail completes it: why a document is invalid or external, why a
	// role cannot be read, why a request is unsure, the key of ruledOut,
	// the principal of a trust reason, the action of a boundary.
	detail string
	// value is the value ruledOut rules out, what sets it (setter) and
	// whether it is secret.
	value, setter string
	secret        bool
	// count is noStatement's number of known documents.
	count int
	// statement is uncertainStatement's; allowedBut is set when the
	// request is allowed but for that statement.
	statement  *iam.Uncertainty
	allowedBut bool
}

// secretValue stands in a message for a reason that would quote a value
// of a secret definition.
const secretValue = "a value of the secret definition is not known before the run"

// unknownKeyText replaces iam.UnknownKeyReason in messages: a condition
// on a key whose value in the real request the pack does not know.
const unknownKeyText = "value not known to the pack before the request is made"

// text renders the reason; hide replaces what may quote a secret
// definition.
func (r reason) text(hide bool) string {
	switch r.kind {
	case explicitDeny:
		return "an explicit Deny on " + r.detail + " in " + r.doc + " overrides any Allow"
	case noStatement:
		return fmt.Sprintf("no statement of its %d known policy document(s) allows it", r.count)
	case noPolicy:
		return "no policy of this stack applies to " + r.doc
	case boundaryDenies:
		return fmt.Sprintf("its permissions boundary (%s) does not allow %s", r.doc, r.detail)
	case invalidDocument:
		return r.doc + " grants nothing: " + r.detail
	case unrelatedDocument:
		return fmt.Sprintf("%s is unknown at this preview and not built from %s, so it cannot name its ARN", r.doc, r.detail)
	case probableDocument:
		return fmt.Sprintf("%s is unknown at this preview but built from %s, so it probably allows it", r.doc, r.detail)
	case unknownDocument:
		return r.doc + " is unknown at this preview"
	case externalDocument:
		return r.doc + " may allow it: " + r.detail
	case unknownBoundary:
		return "allowed, but could not check: " + r.detail
	case uncertainStatement:
		if r.allowedBut {
			return "allowed, but could not check: " + statementText(r, hide)
		}
		return statementText(r, hide)
	case unresolvedRole:
		return r.detail
	case unsureNeed:
		return "not certain to fail: " + r.detail
	case ruledOut:
		v := partial.Display(r.value)
		if r.secret || (hide && !partial.Known(r.value)) {
			v = "(secret)"
		}
		if r.setter != "" {
			return fmt.Sprintf("a condition on %s rules out %s, which %s sets: %s", r.detail, r.doc, r.setter, v)
		}
		return fmt.Sprintf("a condition on %s in its policies rules out %s", r.detail, v)
	case trustDenies:
		return "a Deny statement of its trust policy applies to " + r.detail
	case trustLacks:
		return "no statement of its trust policy lets " + r.detail + " call sts:AssumeRole"
	case trustNeedsIdentity:
		return "its trust policy names the account of " + r.detail + ", so the identity policies of " + r.detail +
			" must allow sts:AssumeRole on it, and " + r.doc
	case noRole:
		return "it sets no " + r.detail
	case resourcePolicyMay:
		return "unless " + r.doc + " allows it, which the pack cannot read: the resource is not one of this stack " +
			"(or its name is not known yet)"
	case resourcePolicyLacks:
		return "nor does the resource-based policy of " + r.doc + " in this stack name " + r.detail
	case grantedAfterMachine:
		return "it is allowed by " + r.doc + ", which " + r.detail + " does not wait for"
	}
	return r.detail
}

// statementText renders an uncertain statement: where it is, what was
// asked, and why it could not be decided, hiding the parts not known yet
// of a secret definition.
func statementText(r reason, hide bool) string {
	u := r.statement
	var why []string
	for _, x := range u.Reasons {
		switch {
		case x.Cause == iam.UnknownValue && hide:
			why = append(why, secretValue)
		case x.Cause == iam.UnknownKey:
			why = append(why, strings.ReplaceAll(x.Text, iam.UnknownKeyReason, unknownKeyText))
		default:
			why = append(why, x.Text)
		}
	}
	where := r.doc + " Statement[" + strconv.Itoa(u.Statement.Statement) + "]"
	if u.Statement.Sid != "" {
		where += " Sid=" + strconv.Quote(u.Statement.Sid)
	}
	on := u.On
	if hide {
		on = strings.SplitN(on, " ", 2)[0]
	}
	return fmt.Sprintf("%s (%s %s): %s", where, u.Effect, on, strings.Join(why, "; "))
}

// texts renders every reason of v.
func (v verdict) texts(hide bool) []string {
	out := make([]string, 0, len(v.reasons))
	for _, r := range v.reasons {
		// Two ways that fail alike (a trust naming neither the role nor
		// its account) give one reason twice: say it once.
		if t := r.text(hide); !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}
