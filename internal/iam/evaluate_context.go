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

// requestContext is Request's context with keys lower-cased, built once
// per Evaluate.
type requestContext struct {
	values   map[string]string
	absent   map[string]struct{}
	complete bool
}

// newRequestContext indexes the context of req. A key both in Context and
// in Absent is taken as present: Context states a value, which is the more
// specific fact.
func newRequestContext(req Request) *requestContext {
	c := &requestContext{values: make(map[string]string, len(req.Context)), complete: req.Complete}
	for k, v := range req.Context {
		c.values[strings.ToLower(k)] = v
	}
	if len(req.Absent) > 0 {
		c.absent = make(map[string]struct{}, len(req.Absent))
		for _, k := range req.Absent {
			c.absent[strings.ToLower(k)] = struct{}{}
		}
	}
	return c
}

// lookup returns the value of key (case-insensitive) and what the
// context says about it.
func (c *requestContext) lookup(key string) (string, keyState) {
	k := strings.ToLower(key)
	if v, ok := c.values[k]; ok {
		return v, keyPresent
	}
	if _, ok := c.absent[k]; ok || c.complete {
		return "", keyAbsent
	}
	return "", keyUnknown
}
