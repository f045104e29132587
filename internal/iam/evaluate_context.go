package iam

import "strings"

// UnknownKeyReason is how Result.Uncertain explains a condition on a key
// neither in Request.Context nor declared absent, after the operator and
// key: "condition ArnEquals on ecs:cluster: " + UnknownKeyReason. Callers
// may replace it with words of their own.
const UnknownKeyReason = "value not known: the key is neither in the request context nor declared absent"

// keyState is what a request context says about one condition key.
type keyState int

const (
	// keyUnknown: the caller does not know whether the request carries
	// the key, nor its value.
	keyUnknown keyState = iota
	// keyPresent: the request carries the key, with a known value.
	keyPresent
	// keyAbsent: the request certainly does not carry the key.
	keyAbsent
)

// requestContext answers condition-key lookups for one request. Keys are
// case-insensitive. A context holds a key or two, so a lookup reads
// Request.Context directly (the exact spelling first, then a
// case-insensitive scan) instead of building lower-cased maps for each
// request, which was a twentieth of the pack's allocations.
type requestContext struct {
	req Request
}

// newRequestContext returns the context of req. A key both in Context and
// in Absent is taken as present: Context states a value, which is the more
// specific fact.
func newRequestContext(req Request) requestContext {
	return requestContext{req: req}
}

// lookup returns the value of key (case-insensitive) and what the
// context says about it.
func (c requestContext) lookup(key string) (string, keyState) {
	if v, ok := c.req.Context[key]; ok {
		return v, keyPresent
	}
	// Of two spellings of one key, the smallest wins, so that the answer
	// does not depend on map order.
	found, value, spelling := false, "", ""
	for k, v := range c.req.Context {
		if strings.EqualFold(k, key) && (!found || k < spelling) {
			found, value, spelling = true, v, k
		}
	}
	if found {
		return value, keyPresent
	}
	if c.req.Complete {
		return "", keyAbsent
	}
	for _, k := range c.req.Absent {
		if strings.EqualFold(k, key) {
			return "", keyAbsent
		}
	}
	return "", keyUnknown
}
