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
		got, kn := ReadString(m, c.key)
		if got != c.want || kn != c.state {
			t.Errorf("ReadString(%q) = %q, %v; want %q, %v", c.key, got, kn, c.want, c.state)
		}
	}
	if _, kn := readObject(m, "obj"); kn != Known {
		t.Errorf("obj(obj) state %v", kn)
	}
	for key, want := range map[string]Knownness{"s": Mistyped, "unknown": Unknown, "absent": Missing} {
		if _, kn := readObject(m, key); kn != want {
			t.Errorf("obj(%q) state %v, want %v", key, kn, want)
		}
		if _, kn := readArray(m, key); kn != want {
			t.Errorf("arr(%q) state %v, want %v", key, kn, want)
		}
	}
	vals, someUnknown, kn := readStrings(m, "list")
	if len(vals) != 2 || vals[0] != "a" || vals[1] != "b" || !someUnknown || kn != Known {
		t.Errorf("ReadStrings(list) = %v, %v, %v", vals, someUnknown, kn)
	}
	if _, someUnknown, kn := readStrings(m, "listU"); !someUnknown || kn != Unknown {
		t.Errorf("ReadStrings(listU) = %v, %v", someUnknown, kn)
	}
	if _, someUnknown, kn := readStrings(m, "listNum"); someUnknown || kn != Mistyped {
		t.Errorf("ReadStrings(listNum) = %v, %v", someUnknown, kn)
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
