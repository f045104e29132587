package packtest

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/urn"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// URN returns the URN a resource of this type and name has in the test
// stack.
func URN(typ, name string) string {
	return "urn:pulumi:test::packtest::" + typ + "::" + name
}

// Resource builds one synthetic AnalyzerResource. Its methods return the
// builder so that a resource reads as one expression:
//
//	role := packtest.New("aws:iam/role:Role", "sfn").Set("name", packtest.Str("sfn")).Unknown("arn")
type Resource struct {
	r policyx.AnalyzerResource
}

// New starts a resource of the given type and name.
func New(typ, name string) *Resource {
	return &Resource{r: policyx.AnalyzerResource{
		Type:       typ,
		Name:       name,
		URN:        URN(typ, name),
		Properties: property.Map{},
	}}
}

// URN returns the resource's URN.
func (b *Resource) URN() string { return b.r.URN }

// Set sets a property.
func (b *Resource) Set(key string, v property.Value) *Resource {
	b.r.Properties = b.r.Properties.Set(key, v)
	return b
}

// Unknown sets a property to a computed value, as at a first preview.
func (b *Resource) Unknown(key string) *Resource {
	return b.Set(key, Unknown())
}

// Waits records resources the resource waits for without a property
// built from them (the dependsOn resource option): Dependencies only.
func (b *Resource) Waits(urns ...string) *Resource {
	for _, u := range urns {
		if !slices.Contains(b.r.Dependencies, u) {
			b.r.Dependencies = append(b.r.Dependencies, u)
		}
	}
	sort.Strings(b.r.Dependencies)
	return b
}

// DependsOn records that property key was built from the given resources
// (PropertyDependencies), and adds them to Dependencies.
func (b *Resource) DependsOn(key string, urns ...string) *Resource {
	if b.r.PropertyDependencies == nil {
		b.r.PropertyDependencies = map[string][]string{}
	}
	b.r.PropertyDependencies[key] = append(b.r.PropertyDependencies[key], urns...)
	seen := map[string]bool{}
	for _, u := range b.r.Dependencies {
		seen[u] = true
	}
	for _, u := range urns {
		if !seen[u] {
			seen[u] = true
			b.r.Dependencies = append(b.r.Dependencies, u)
		}
	}
	sort.Strings(b.r.Dependencies)
	return b
}

// Region sets the region of the resource's provider.
func (b *Resource) Region(region string) *Resource {
	b.r.Provider = policyx.AnalyzerProviderResource{
		Type:       "pulumi:providers:aws",
		Name:       "default",
		URN:        "urn:pulumi:test::packtest::pulumi:providers:aws::default",
		Properties: property.NewMap(map[string]property.Value{"region": Str(region)}),
	}
	return b
}

// Build returns the resource.
func (b *Resource) Build() policyx.AnalyzerResource { return b.r }

// Stack builds the resources, in order.
func Stack(bs ...*Resource) []policyx.AnalyzerResource {
	out := make([]policyx.AnalyzerResource, len(bs))
	for i, b := range bs {
		out[i] = b.Build()
	}
	return out
}

// Str is a known string.
func Str(s string) property.Value { return property.New(s) }

// Num is a known number.
func Num(n float64) property.Value { return property.New(n) }

// Bool is a known boolean.
func Bool(v bool) property.Value { return property.New(v) }

// Unknown is a computed value.
func Unknown() property.Value { return property.New(property.Computed) }

// Secret marks v secret.
func Secret(v property.Value) property.Value { return v.WithSecret(true) }

// WithDeps gives v its own dependencies, as output values carry them.
func WithDeps(v property.Value, urns ...string) property.Value {
	deps := make([]urn.URN, len(urns))
	for i, u := range urns {
		deps[i] = urn.URN(u)
	}
	return v.WithDependencies(deps)
}

// List is an array.
func List(vs ...property.Value) property.Value { return property.New(vs) }

// Strs is an array of known strings.
func Strs(ss ...string) property.Value {
	vs := make([]property.Value, len(ss))
	for i, s := range ss {
		vs[i] = Str(s)
	}
	return List(vs...)
}

// Obj is an object.
func Obj(m map[string]property.Value) property.Value { return property.New(m) }

// JSON is a known string holding v encoded as JSON (a policy document, a
// state machine definition). It panics if v cannot be encoded: the tests
// pass literals.
func JSON(v any) property.Value {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("packtest.JSON: %v", err))
	}
	return Str(string(b))
}

// Value turns plain Go data (string, float64, int, bool, nil, []any,
// map[string]any) into a value, for documents given as objects.
func Value(v any) property.Value {
	switch v := v.(type) {
	case nil:
		return property.Value{}
	case string:
		return Str(v)
	case float64:
		return Num(v)
	case int:
		return Num(float64(v))
	case bool:
		return Bool(v)
	case []any:
		vs := make([]property.Value, len(v))
		for i, e := range v {
			vs[i] = Value(e)
		}
		return List(vs...)
	case []string:
		return Strs(v...)
	case map[string]any:
		m := make(map[string]property.Value, len(v))
		for k, e := range v {
			m[k] = Value(e)
		}
		return Obj(m)
	default:
		panic(fmt.Sprintf("packtest.Value: unsupported %T", v))
	}
}
