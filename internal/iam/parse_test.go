package iam

import (
	"reflect"
	"strings"
	"testing"
)

// parseCases are documents of every shape Parse accepts or rejects, for
// the tests comparing its one-pass reader with parseStepwise.
var parseCases = []string{
	`{"Version":"2012-10-17","Statement":{"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}`,
	`{"Statement":[{"Effect":"Deny","NotAction":["iam:*"],"NotResource":["arn:aws:iam::1:role/x"]}]}`,
	`{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":false},"NumericLessThan":{"n":[1,2.5,-0,1e+5,-2.5E-3]},"StringEquals":{"aws:ResourceAccount":123456789012345678901}}}]}`,
	`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"},{"Effect":"Allow","Principal":{"Service":"states.amazonaws.com","AWS":["arn:aws:iam::1:root"]},"Action":"sts:AssumeRole"}]}`,
	`{"Statement":[{"Effect":"Allow","Action":[],"Resource":"*","Condition":{}}]}`,
	`{"Statement":[{"Effect":"Allow","Condition":{"StringEquals":{}},"Principal":{}}]}`,
	`{"Statement":[{"Effect":null,"Sid":null,"Principal":null,"Action":null,"Condition":null,"NotPrincipal":null}]}`,
	`{"Statement":[{"Effect":"Allow","Principal":{"AWS":null,"AWS":"x"},"Condition":{"A":{"k":"1","k":null},"A":{"j":true}}}]}`,
	`{"Statement":[]}`,
	" \t\r\n{ \"Statement\" : [ { \"Effect\" : \"Allow\" , \"Action\" : [ \"a\" , \"b\" ] } ] , \"Other\" : [1, {\"x\": [null, true, false, \"s\", -1.5e7]}] } \n",
	`{"Id":"x","Version":"v","Statement":{},"Extra":{"Statement":7}}`,
	`{"Statement":{"Action":"\u0069am:Pass\"Role\\","Resource":"arn:aws:iam::1:role/日本","Sid":"\ud83d\ude00\ud800"}}`,
	"{\"Statement\":{\"Action\":\"\xff\xfe\",\"R\xffesource\":1}}",
	`{"Statement":{"Eff\u0065ct":"Allow"}}`,
	// Shapes the one-pass reader leaves to parseStepwise.
	`{"statement":{"Effect":"Allow"}}`,
	`{"Statement":{"effect":"Deny","Effect":"Allow"}}`,
	`{"Statement":{"Effect":"Allow","Effect":null}}`,
	`{"Statement":{"Condition":{"A":{"k":"1"}},"Condition":{"B":{"k":"2"}}}}`,
	`{"Statement":[],"Statement":{"Effect":"Allow"}}`,
	`{"Version":"a","Version":null,"Statement":[]}`,
	`{"Statement":{"ſid":"long s folds to S"}}`,
	`{"Statement":{"Principal":"*","Principal":null}}`,
	`{"Statement":[],"X":` + strings.Repeat("[", 1100) + strings.Repeat("]", 1100) + `}`,
	// Errors.
	``, `null`, ` null `, `42`, `"policy"`, `[]`, `{}`, `{"Statement":null}`, `{"Statement":7}`,
	`{"Statement":[7]}`, `{"Statement":[{"Effect":"Allow"},null]}`, `{"Version":1,"Statement":[]}`,
	`{"Id":[],"Statement":[]}`, `{"Statement":{"Action":{"a":1}}}`, `{"Statement":{"Action":[["x"]]}}`,
	`{"Statement":{"Action":["x",null]}}`, `{"Statement":{"Principal":"someone"}}`,
	`{"Statement":{"Principal":7}}`, `{"Statement":{"Condition":{"StringEquals":null}}}`,
	`{"Statement":{"Condition":{"StringEquals":"x"}}}`, `{"Statement":[{"Effect":"Allow"}`,
	`{"Statement":[]} x`, `{"Statement":[]}}`, `{"Statement":[01]}`, `{"Statement":{"Action":-}}`,
	`{"Statement":{"Action":1.}}`, `{"Statement":{"Action":1e}}`, `{"Statement":{"Action":tru}}`,
	`{"Statement":{"Action":nul}}`, "{\"Statement\":{\"Action\":\"a\tb\"}}", `{"Statement":{"Action":"\x"}}`,
	`{"Statement":{"Action":"a\`, `{"Statement":[{},]}`, `{"Statement":{,}}`, `{"Statement" []}`,
	`{"Statement":{"Effect":7,"Action":[["x"]]}}`, `{"Statement":{"Sid":{},"Effect":[]}}`,
	`{"Statement":[],"X":` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}`,
}

// TestParseMatchesStepwise checks that Parse and ParseString, through its one-pass reader
// or not, returns exactly what the element-by-element decoder returns:
// the same document, or the same error message.
func TestParseMatchesStepwise(t *testing.T) {
	for _, in := range parseCases {
		assertSameParse(t, []byte(in))
	}
}

// TestOnePassAccepts checks that the one-pass reader reads the documents
// Parse meets in practice itself instead of leaving them to the slow path.
func TestOnePassAccepts(t *testing.T) {
	indented, err := benchDocument().JSON()
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range append(parseCases[:14:14], indented, passRoleDoc("StringLike", "ecs-*")) {
		if _, ok := decodeOnePass(in); !ok {
			t.Errorf("one-pass reader declined %.80s", in)
		}
	}
}

// TestOnePassDeclines checks the shapes whose meaning depends on the order
// of the keys or on case folding: the one-pass reader declines them and
// Parse keeps what encoding/json makes of them.
func TestOnePassDeclines(t *testing.T) {
	tests := []struct {
		in   string
		want Document
	}{
		{`{"statement":{"Effect":"Allow"}}`, Document{Statement: []Statement{{Effect: Allow}}}},
		{`{"Statement":{"Effect":"Allow","Effect":null}}`, Document{Statement: []Statement{{Effect: Allow}}}},
		{`{"Statement":{"effect":"Deny","Effect":"Allow"}}`, Document{Statement: []Statement{{Effect: Allow}}}},
		{`{"Statement":{"Condition":{"A":{"k":"1"}},"Condition":{"B":{"k":"2"}}}}`, Document{Statement: []Statement{{
			Condition: map[string]map[string]Strings{"A": {"k": {"1"}}, "B": {"k": {"2"}}}}}}},
	}
	for _, tt := range tests {
		if _, ok := decodeOnePass(tt.in); ok {
			t.Errorf("one-pass reader accepted %s", tt.in)
		}
		got, err := Parse([]byte(tt.in))
		if err != nil {
			t.Errorf("Parse(%s): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Parse(%s) =\n%#v\nwant\n%#v", tt.in, got, tt.want)
		}
	}
}

// FuzzParseOnePass checks on arbitrary input that Parse returns exactly
// what the element-by-element decoder returns.
func FuzzParseOnePass(f *testing.F) {
	for _, in := range parseCases {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		assertSameParse(t, data)
	})
}

// assertSameParse fails t when Parse or ParseString and parseStepwise
// disagree on data.
func assertSameParse(t *testing.T, data []byte) {
	t.Helper()
	want, wantErr := parseStepwise(data)
	for name, parse := range map[string]func() (Document, error){
		"Parse":       func() (Document, error) { return Parse(data) },
		"ParseString": func() (Document, error) { return ParseString(string(data)) },
	} {
		got, gotErr := parse()
		if (gotErr == nil) != (wantErr == nil) || (gotErr != nil && gotErr.Error() != wantErr.Error()) {
			t.Fatalf("%s(%.200q) error = %v, stepwise error = %v", name, data, gotErr, wantErr)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s(%.200q) =\n%#v\nstepwise\n%#v", name, data, got, want)
		}
	}
}

// BenchmarkParse times Parse of a 20-statement indented document (the
// layout Document.JSON writes), and the element-by-element decoder it
// falls back to, for comparison.
func BenchmarkParse(b *testing.B) {
	js, err := benchDocument().JSON()
	if err != nil {
		b.Fatal(err)
	}
	data := []byte(js)
	for _, bc := range []struct {
		name  string
		parse func([]byte) (Document, error)
	}{{"one-pass", Parse}, {"stepwise", parseStepwise}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := bc.parse(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
