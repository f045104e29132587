package asl

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"

	jsonv1 "github.com/go-json-experiment/json/v1"
)

// The targets below check that Parse, which decodes with json/v2, gives
// what encoding/json gave before, and that choice rules decode as they did
// through a map of raw messages.

// TestParseMatchesEncodingJSON runs the check of
// FuzzParseMatchesEncodingJSON on the fixtures, too large to seed a fuzz
// target with (the fuzzer spends its time minimizing them).
func TestParseMatchesEncodingJSON(t *testing.T) {
	operators, err := os.ReadFile("testdata/operators.json")
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{
		"operators": operators,
		"pipeline":  []byte(mustJSON(t, pipeline())),
		"wide3":     []byte(mustJSON(t, wideDefinition(3))),
		// Input the strict reading refuses: the lenient one must read it
		// as encoding/json did.
		"repeated state":                []byte(`{"StartAt":"A","States":{"A":{"Type":"Succeed","Comment":"x","Parameters":{"a":1,"b":2}},"A":{"Type":"Fail","Parameters":{"a":3}}}}`),
		"repeated field":                []byte(`{"StartAt":"A","States":{"A":{"Type":"Succeed","Comment":"x","Parameters":{"a":1,"b":2},"Parameters":{"a":3}}}}`),
		"repeated key in a value":       []byte(`{"StartAt":"A","States":{"A":{"Type":"Succeed","Parameters":{"a":{"x":1,"y":2},"a":{"x":3}}}}}`),
		"repeated key in a choice rule": []byte(`{"StartAt":"A","States":{"A":{"Type":"Choice","Choices":[{"Variable":"$.a","Next":"B","Not":{"Variable":"$.x","IsNull":true},"Not":{"IsPresent":true}}]}}}`),
		"repeated lists":                []byte(`{"StartAt":"A","StartAt":"B","States":{"A":{"Type":"Succeed","Retry":[{"ErrorEquals":["a"],"MaxAttempts":3}],"Retry":[{"ErrorEquals":["b"]}]}}}`),
		"invalid UTF-8":                 []byte("{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Comment\":\"a\xffb\xc3\",\"End\":true}}}"),
	} {
		t.Run(name, func(t *testing.T) { checkMatchesEncodingJSON(t, data) })
	}
}

// FuzzParseMatchesEncodingJSON checks that Parse and encoding/json decode
// the same definitions to the same value, except where Parse is stricter
// on purpose: keys that match a field only case-insensitively, nesting
// beyond MaxNesting and a definition that is JSON null.
func FuzzParseMatchesEncodingJSON(f *testing.F) {
	for _, seed := range []string{
		`{"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"a":[1,2.5,"x",null,true]},"Parameters":{"p":{}},"End":true},"B":null}}`,
		`{"StartAt":"P","TimeoutSeconds":9,"States":{"P":{"Type":"Parallel","Branches":[{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"r","Retry":[{"ErrorEquals":["E"],"MaxAttempts":2,"BackoffRate":1.5}],"Catch":[{"ErrorEquals":["States.ALL"],"Next":"T","ResultPath":"$.e"}],"End":true}}},null],"End":true}}}`,
		`{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Or":[{"Variable":"$.a","IsPresent":true},{"Not":{"Variable":"$.b","NumericEquals":2}}],"Next":"W"}],"Default":"W"},"W":{"Type":"Wait","Seconds":1,"End":true}}}`,
		`{"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"X","States":{"X":{"Type":"Succeed"}}},"ItemSelector":{"v.$":"$$.Map.Item.Value"},"End":true}}}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(checkMatchesEncodingJSON)
}

// checkMatchesEncodingJSON fails t if Parse and encoding/json disagree on
// data, but where Parse is stricter on purpose.
func checkMatchesEncodingJSON(t *testing.T, data []byte) {
	t.Helper()
	if foldedKey(data) {
		return
	}
	got, err := Parse(data)
	var want StateMachine
	wantErr := json.Unmarshal(bytes.TrimSpace(data), &want)
	if err != nil && wantErr == nil {
		for _, strict := range []string{"levels deep", "null, want a JSON object"} {
			if strings.Contains(err.Error(), strict) {
				return
			}
		}
	}
	if (err == nil) != (wantErr == nil) {
		t.Fatalf("Parse error %v, encoding/json error %v", err, wantErr)
	}
	if err == nil && !reflect.DeepEqual(got, &want) {
		t.Fatalf("Parse = %+v, encoding/json = %+v", got, &want)
	}
}

// foldedKey reports whether data is JSON with an object key that equals a
// field name of the model only case-insensitively, which encoding/json
// would take for that field and Parse ignores.
func foldedKey(data []byte) bool {
	var v any
	if json.Unmarshal(data, &v) != nil {
		return false
	}
	var names []string
	for _, x := range []any{StateMachine{}, State{}, Retrier{}, Catcher{}} {
		t := reflect.TypeOf(x)
		for i := range t.NumField() {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			names = append(names, name)
		}
	}
	var walk func(v any) bool
	walk = func(v any) bool {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				for _, name := range names {
					if k != name && strings.EqualFold(k, name) {
						return true
					}
				}
				if walk(x) {
					return true
				}
			}
		case []any:
			for _, x := range v {
				if walk(x) {
					return true
				}
			}
		}
		return false
	}
	return walk(v)
}

// FuzzChoiceRuleMatchesMapDecoding checks UnmarshalJSON against the way
// choice rules were decoded before: into a map of raw messages, then each
// typed field with encoding/json and every other value with UseNumber.
func FuzzChoiceRuleMatchesMapDecoding(f *testing.F) {
	f.Add([]byte(`{"Variable":"$.a","Or":[{"Not":{"IsNull":true}}],"X":[1,{"a":2.50}],"Next":"B","Next":null}`))
	f.Add([]byte(`{"And":[{"NumericEquals":1e3,"StringEquals":"s","BooleanEquals":false,"IsPresent":null}],"Condition":"{% true %}"}`))
	f.Add([]byte(`{"Not":null,"Other":{"k":` + strings.Repeat(`"long"`, 1) + `},"Variable":"` + strings.Repeat("v", 5000) + `"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var got ChoiceRule
		err := json.Unmarshal(data, &got)
		want, wantErr := mapDecodedRule(data)
		if (err == nil) != (wantErr == nil) {
			t.Fatalf("UnmarshalJSON error %v, map decoding error %v", err, wantErr)
		}
		if err == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("UnmarshalJSON = %#v, map decoding = %#v", got, want)
		}
	})
}

// mapDecodedRule decodes a rule as ChoiceRule.UnmarshalJSON did before it
// read tokens. Nested rules go through UnmarshalJSON, so that a difference
// shows at the level where it arises.
func mapDecodedRule(data []byte) (ChoiceRule, error) {
	var out ChoiceRule
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		return out, nil
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		return out, err
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if field := choiceRuleField(&out, k); field != nil {
			if err := json.Unmarshal(fields[k], field); err != nil {
				return out, err
			}
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(fields[k]))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			return out, err
		}
		if out.Other == nil {
			out.Other = make(map[string]any)
		}
		out.Other[k] = v1Numbers(v)
	}
	return out, nil
}

// v1Numbers returns v with encoding/json's numbers as the jsonv1.Number
// that ChoiceRule keeps.
func v1Numbers(v any) any {
	switch v := v.(type) {
	case json.Number:
		return jsonv1.Number(v)
	case []any:
		for i, x := range v {
			v[i] = v1Numbers(x)
		}
	case map[string]any:
		for k, x := range v {
			v[k] = v1Numbers(x)
		}
	}
	return v
}
