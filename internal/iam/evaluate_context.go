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

// requestContext is Request's context with keys lower-cased, indexed on
// the first lookup of an Evaluate: most requests meet no condition, and
// building the maps for each was a twentieth of the pack's allocations.
type requestContext struct {
	req      Request
	indexed  bool
	values   map[string]string
	absent   map[string]struct{}
	complete bool
}

// newRequestContext returns the context of req, indexed when first looked
// up. A key both in Context and in Absent is taken as present: Context
// states a value, which is the more specific fact.
func newRequestContext(req Request) *requestContext {
	return &requestContext{req: req, complete: req.Complete}
}

// index builds the lower-cased maps of the context.
func (c *requestContext) index() {
	c.indexed = true
	c.values = make(map[string]string, len(c.req.Context))
	for k, v := range c.req.Context {
		c.values[strings.ToLower(k)] = v
	}
	if len(c.req.Absent) > 0 {
		c.absent = make(map[string]struct{}, len(c.req.Absent))
		for _, k := range c.req.Absent {
			c.absent[strings.ToLower(k)] = struct{}{}
		}
	}
}

// lookup returns the value of key (case-insensitive) and what the
// context says about it.
func (c *requestContext) lookup(key string) (string, keyState) {
	if !c.indexed {
		c.index()
	}
	k := strings.ToLower(key)
	if v, ok := c.values[k]; ok {
		return v, keyPresent
	}
	if _, ok := c.absent[k]; ok || c.complete {
		return "", keyAbsent
	}
	return "", keyUnknown
}
