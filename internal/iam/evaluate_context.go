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

// lookup returns the value of the condition key (case-insensitive) and
// what the request says about it. A key both in Context and in Absent is
// taken as present: Context states a value, which is the more specific
// fact. A context holds a key or two, so lookup reads Context directly (the
// exact spelling first, then a case-insensitive scan) instead of building
// lower-cased maps for each request, which was a twentieth of the pack's
// allocations.
func (req Request) lookup(key string) (string, keyState) {
	if v, ok := req.Context[key]; ok {
		return v, keyPresent
	}
	// Of two spellings of one key, the smallest wins, so that the answer
	// does not depend on map order.
	found, value, spelling := false, "", ""
	for k, v := range req.Context {
		if strings.EqualFold(k, key) && (!found || k < spelling) {
			found, value, spelling = true, v, k
		}
	}
	if found {
		return value, keyPresent
	}
	if req.Complete {
		return "", keyAbsent
	}
	for _, k := range req.Absent {
		if strings.EqualFold(k, key) {
			return "", keyAbsent
		}
	}
	return "", keyUnknown
}
