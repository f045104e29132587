package stackmodel

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"batchpipeline/policies/pack/packtest"
)

func TestSafeReaders(t *testing.T) {
	m := property.NewMap(map[string]property.Value{
		"s":        packtest.Str("v"),
		"secret":   packtest.Secret(packtest.Str("hidden")),
		"unknown":  packtest.Unknown(),
		"secretU":  packtest.Secret(packtest.Unknown()),
		"num":      packtest.Num(1),
		"null":     {},
		"obj":      packtest.Obj(map[string]property.Value{"k": packtest.Str("v")}),
		"list":     packtest.List(packtest.Str("a"), packtest.Unknown(), packtest.Num(3), packtest.Secret(packtest.Str("b"))),
		"listU":    packtest.Unknown(),
		"listNum":  packtest.Num(2),
		"resource": property.New(property.ResourceReference{URN: "urn:x"}),
	})
	strCases := []struct {
		key   string
		want  string
		state Knownness
	}{
		{"s", "v", Known},
		{"secret", "hidden", Secret},
		{"unknown", "", Unknown},
		{"secretU", "", Unknown},
		{"num", "", Mistyped},
		{"null", "", Missing},
		{"absent", "", Missing},
		{"obj", "", Mistyped},
		{"resource", "", Mistyped},
	}
	for _, c := range strCases {
		got, st := ReadString(m, c.key)
		if got != c.want || st != c.state {
			t.Errorf("str(%q) = %q, %v; want %q, %v", c.key, got, st, c.want, c.state)
		}
	}
	if _, st := ReadObject(m, "obj"); st != Known {
		t.Errorf("obj(obj) state %v", st)
	}
	for key, want := range map[string]Knownness{"s": Mistyped, "unknown": Unknown, "absent": Missing} {
		if _, st := ReadObject(m, key); st != want {
			t.Errorf("obj(%q) state %v, want %v", key, st, want)
		}
		if _, st := ReadArray(m, key); st != want {
			t.Errorf("arr(%q) state %v, want %v", key, st, want)
		}
	}
	vals, someUnknown, st := ReadStrings(m, "list")
	if len(vals) != 2 || vals[0] != "a" || vals[1] != "b" || !someUnknown || st != Known {
		t.Errorf("ReadStrings(list) = %v, %v, %v", vals, someUnknown, st)
	}
	if _, someUnknown, st := ReadStrings(m, "listU"); !someUnknown || st != Unknown {
		t.Errorf("ReadStrings(listU) = %v, %v", someUnknown, st)
	}
	if _, someUnknown, st := ReadStrings(m, "listNum"); someUnknown || st != Mistyped {
		t.Errorf("ReadStrings(listNum) = %v, %v", someUnknown, st)
	}
}

func TestPlain(t *testing.T) {
	v := packtest.Value(map[string]any{"a": []any{"x", 1, true, nil}})
	got, ok := plain(v)
	if !ok {
		t.Fatal("plain failed on known data")
	}
	want := map[string]any{"a": []any{"x", float64(1), true, nil}}
	if gm, ok := got.(map[string]any); !ok || len(gm) != 1 {
		t.Fatalf("plain = %#v, want %#v", got, want)
	}
	if _, ok := plain(packtest.Obj(map[string]property.Value{"a": packtest.List(packtest.Unknown())})); ok {
		t.Error("plain accepted a nested unknown")
	}
	if _, ok := plain(property.New(property.ResourceReference{URN: "urn:x"})); ok {
		t.Error("plain accepted a resource reference")
	}
}
