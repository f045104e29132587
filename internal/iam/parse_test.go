package iam

import (
	"reflect"
	"strings"
	"testing"
)

// parseTests are documents of every shape Parse accepts or rejects, with
// the document it returns or a part of its error. The documents and the
// error prefixes (up to the statement and its member) are those of the
// encoding/json decoder Parse used before it read tokens; the wording
// after them is its own.
var parseTests = []struct {
	in      string
	want    Document
	wantErr string
}{
	{in: `{"Version":"2012-10-17","Statement":{"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}`, want: Document{Version: "2012-10-17", Statement: []Statement{{Sid: "A", Effect: "Allow", Action: Strings{"s3:GetObject"}, Resource: Strings{"*"}}}}},
	{in: `{"Statement":[{"Effect":"Deny","NotAction":["iam:*"],"NotResource":["arn:aws:iam::1:role/x"]}]}`, want: Document{Statement: []Statement{{Effect: "Deny", NotAction: Strings{"iam:*"}, NotResource: Strings{"arn:aws:iam::1:role/x"}}}}},
	{in: `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":false},"NumericLessThan":{"n":[1,2.5,-0,1e+5,-2.5E-3]},"StringEquals":{"aws:ResourceAccount":123456789012345678901}}}]}`, want: Document{Statement: []Statement{{Effect: "Allow", Action: Strings{"*"}, Resource: Strings{"*"}, Condition: map[string]map[string]Strings{"Bool": {"aws:SecureTransport": {"false"}}, "NumericLessThan": {"n": {"1", "2.5", "-0", "1e+5", "-2.5E-3"}}, "StringEquals": {"aws:ResourceAccount": {"123456789012345678901"}}}}}}},
	{in: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"},{"Effect":"Allow","Principal":{"Service":"states.amazonaws.com","AWS":["arn:aws:iam::1:root"]},"Action":"sts:AssumeRole"}]}`, want: Document{Statement: []Statement{{Effect: "Allow", Principal: &Principal{Wildcard: true}, Action: Strings{"sts:AssumeRole"}}, {Effect: "Allow", Principal: &Principal{ByType: map[string]Strings{"AWS": {"arn:aws:iam::1:root"}, "Service": {"states.amazonaws.com"}}}, Action: Strings{"sts:AssumeRole"}}}}},
	{in: `{"Statement":[{"Effect":"Allow","Action":[],"Resource":"*","Condition":{}}]}`, want: Document{Statement: []Statement{{Effect: "Allow", Resource: Strings{"*"}}}}},
	{in: `{"Statement":[{"Effect":"Allow","Condition":{"StringEquals":{}},"Principal":{}}]}`, want: Document{Statement: []Statement{{Effect: "Allow", Principal: &Principal{}, Condition: map[string]map[string]Strings{"StringEquals": {}}}}}},
	{in: `{"Statement":[{"Effect":null,"Sid":null,"Principal":null,"Action":null,"Condition":null,"NotPrincipal":null}]}`, want: Document{Statement: []Statement{{}}}},
	{in: `{"Statement":[{"Effect":"Allow","Principal":{"AWS":null,"AWS":"x"},"Condition":{"A":{"k":"1","k":null},"A":{"j":true}}}]}`, want: Document{Statement: []Statement{{Effect: "Allow", Principal: &Principal{ByType: map[string]Strings{"AWS": {"x"}}}, Condition: map[string]map[string]Strings{"A": {"j": {"true"}}}}}}},
	{in: `{"Statement":[]}`, want: Document{Statement: []Statement{}}},
	{in: " \t\r\n{ \"Statement\" : [ { \"Effect\" : \"Allow\" , \"Action\" : [ \"a\" , \"b\" ] } ] , \"Other\" : [1, {\"x\": [null, true, false, \"s\", -1.5e7]}] } \n", want: Document{Statement: []Statement{{Effect: "Allow", Action: Strings{"a", "b"}}}}},
	{in: `{"Id":"x","Version":"v","Statement":{},"Extra":{"Statement":7}}`, want: Document{Version: "v", ID: "x", Statement: []Statement{{}}}},
	{in: "{\"Statement\":{\"Action\":\"\\u0069am:Pass\\\"Role\\\\\",\"Resource\":\"arn:aws:iam::1:role/日本\",\"Sid\":\"\\ud83d\\ude00\\ud800\"}}", want: Document{Statement: []Statement{{Sid: "😀\ufffd", Action: Strings{"iam:Pass\"Role\\"}, Resource: Strings{"arn:aws:iam::1:role/日本"}}}}},
	{in: "{\"Statement\":{\"Action\":\"\xff\xfe\",\"R\xffesource\":1}}", want: Document{Statement: []Statement{{Action: Strings{"\ufffd\ufffd"}}}}},
	{in: "{\"Statement\":{\"Eff\\u0065ct\":\"Allow\"}}", want: Document{Statement: []Statement{{Effect: "Allow"}}}},
	{in: `{"statement":{"Effect":"Allow"}}`, want: Document{Statement: []Statement{{Effect: "Allow"}}}},
	{in: `{"Statement":{"effect":"Deny","Effect":"Allow"}}`, want: Document{Statement: []Statement{{Effect: "Allow"}}}},
	{in: `{"Statement":{"Effect":"Allow","Effect":null}}`, want: Document{Statement: []Statement{{Effect: "Allow"}}}},
	{in: `{"Statement":{"Condition":{"A":{"k":"1"}},"Condition":{"B":{"k":"2"}}}}`, want: Document{Statement: []Statement{{Condition: map[string]map[string]Strings{"A": {"k": {"1"}}, "B": {"k": {"2"}}}}}}},
	{in: `{"Statement":[],"Statement":{"Effect":"Allow"}}`, want: Document{Statement: []Statement{{Effect: "Allow"}}}},
	{in: `{"Version":"a","Version":null,"Statement":[]}`, want: Document{Statement: []Statement{}}},
	{in: `{"Statement":{"ſid":"long s folds to S"}}`, want: Document{Statement: []Statement{{Sid: "long s folds to S"}}}},
	{in: `{"Statement":{"Principal":"*","Principal":null}}`, want: Document{Statement: []Statement{{}}}},
	{in: `{"Statement":[],"X":` + strings.Repeat("[", 1100) + strings.Repeat("]", 1100) + `}`, want: Document{Statement: []Statement{}}},
	{in: ``, wantErr: "iam: policy document is not a JSON object: unexpected end of JSON input"},
	{in: `null`, wantErr: "iam: policy document is null"},
	{in: ` null `, wantErr: "iam: policy document is null"},
	{in: `42`, wantErr: "iam: policy document is not a JSON object: got a number"},
	{in: `"policy"`, wantErr: "iam: policy document is not a JSON object: got a string"},
	{in: `[]`, wantErr: "iam: policy document is not a JSON object: got a list"},
	{in: `{}`, wantErr: "iam: Statement: missing"},
	{in: `{"Statement":null}`, wantErr: "iam: Statement: missing"},
	{in: `{"Statement":7}`, wantErr: "iam: Statement: want a statement object or a list of them, got a number"},
	{in: `{"Statement":[7]}`, wantErr: "iam: Statement: statement 0: want an object, got a number"},
	{in: `{"Statement":[{"Effect":"Allow"},null]}`, wantErr: "iam: Statement: statement 1: want an object, got null"},
	{in: `{"Version":1,"Statement":[]}`, wantErr: "iam: Version: want a string, got a number"},
	{in: `{"Id":[],"Statement":[]}`, wantErr: "iam: Id: want a string, got a list"},
	{in: `{"Statement":{"Action":{"a":1}}}`, wantErr: "iam: Statement: statement 0: Action: want a string, got an object"},
	{in: `{"Statement":{"Action":[["x"]]}}`, wantErr: "iam: Statement: statement 0: Action: element 0: want a string, got a list"},
	{in: `{"Statement":{"Action":["x",null]}}`, wantErr: "iam: Statement: statement 0: Action: element 1: want a string, got null"},
	{in: `{"Statement":{"Principal":"someone"}}`, wantErr: "iam: Statement: statement 0: Principal: a string principal must be \"*\", got \"someone\""},
	{in: `{"Statement":{"Principal":7}}`, wantErr: "iam: Statement: statement 0: Principal: want \"*\" or an object of principals, got a number"},
	{in: `{"Statement":{"Condition":{"StringEquals":null}}}`, wantErr: "iam: Statement: statement 0: Condition: operator \"StringEquals\": want an object of keys, got null"},
	{in: `{"Statement":{"Condition":{"StringEquals":"x"}}}`, wantErr: "iam: Statement: statement 0: Condition: operator \"StringEquals\": want an object of keys, got a string"},
	{in: `{"Statement":[{"Effect":"Allow"}`, wantErr: "iam: policy document is not a JSON object: unexpected end of JSON input"},
	{in: `{"Statement":[]} x`, wantErr: "iam: policy document is not a JSON object: invalid"},
	{in: `{"Statement":[]}}`, wantErr: "iam: policy document is not a JSON object: invalid"},
	{in: `{"Statement":[01]}`, wantErr: "iam: policy document is not a JSON object: invalid"},
	{in: `{"Statement":{"Action":-}}`, wantErr: "iam: policy document is not a JSON object: invalid"},
	{in: `{"Statement":{"Action":1.}}`, wantErr: "iam: policy document is not a JSON object: invalid"},
	{in: `{"Statement":{"Action":1e}}`, wantErr: "iam: policy document is not a JSON object: invalid"},
	{in: `{"Statement":{"Action":tru}}`, wantErr: "iam: policy document is not a JSON object: invalid"},
	{in: `{"Statement":{"Action":nul}}`, wantErr: "iam: policy document is not a JSON object: invalid"},
	{in: "{\"Statement\":{\"Action\":\"a\tb\"}}", wantErr: "iam: policy document is not a JSON object: invalid"},
	{in: "{\"Statement\":{\"Action\":\"\\x\"}}", wantErr: "iam: policy document is not a JSON object: invalid"},
	{in: "{\"Statement\":{\"Action\":\"a\\", wantErr: "iam: policy document is not a JSON object: unexpected end of JSON input"},
	{in: `{"Statement":[{},]}`, wantErr: "iam: policy document is not a JSON object: invalid"},
	{in: `{"Statement":{,}}`, wantErr: "iam: policy document is not a JSON object: invalid"},
	{in: `{"Statement" []}`, wantErr: "iam: policy document is not a JSON object: invalid"},
	{in: `{"Statement":{"Effect":7,"Action":[["x"]]}}`, wantErr: "iam: Statement: statement 0: Effect: want a string, got a number"},
	{in: `{"Statement":{"Sid":{},"Effect":[]}}`, wantErr: "iam: Statement: statement 0: Sid: want a string, got an object"},
	{in: `{"Statement":[],"X":` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}`, wantErr: "iam: policy document is not a JSON object: exceeded max depth"},
	// Repeated members, case folding, merging, precedence.
	{in: `{"Statement":{"Condition":{"A":{"k":"1"}},"Condition":{"A":{"j":"2"}}}}`, want: Document{Statement: []Statement{{Condition: map[string]map[string]Strings{"A": {"j": {"2"}}}}}}},
	{in: `{"Statement":{"Condition":{"A":{"k":"1"},"A":{"j":"2"}}}}`, want: Document{Statement: []Statement{{Condition: map[string]map[string]Strings{"A": {"j": {"2"}}}}}}},
	{in: `{"Statement":{"Condition":{"A":{"k":"1","k":"2"}}}}`, want: Document{Statement: []Statement{{Condition: map[string]map[string]Strings{"A": {"k": {"2"}}}}}}},
	{in: `{"Statement":{"Condition":{"A":{"k":"1"}},"Condition":null}}`, want: Document{Statement: []Statement{{}}}},
	{in: `{"Statement":{"Condition":{"A":{"k":"1"}},"Condition":{}}}`, want: Document{Statement: []Statement{{Condition: map[string]map[string]Strings{"A": {"k": {"1"}}}}}}},
	{in: `{"Statement":{"Condition":{"A":{"k":"1"}},"condition":{"B":{"k":"2"}}}}`, want: Document{Statement: []Statement{{Condition: map[string]map[string]Strings{"A": {"k": {"1"}}, "B": {"k": {"2"}}}}}}},
	{in: `{"Statement":{"Action":"a","Action":null}}`, want: Document{Statement: []Statement{{}}}},
	{in: `{"Statement":{"Action":"a","action":"b"}}`, want: Document{Statement: []Statement{{Action: Strings{"b"}}}}},
	{in: `{"Statement":{"Principal":{"AWS":"x"},"Principal":{"Service":"y"}}}`, want: Document{Statement: []Statement{{Principal: &Principal{ByType: map[string]Strings{"Service": {"y"}}}}}}},
	{in: `{"Statement":{"Principal":{"AWS":"x"},"Principal":"*"}}`, want: Document{Statement: []Statement{{Principal: &Principal{Wildcard: true}}}}},
	{in: `{"Statement":{"Sid":"a","Sid":null}}`, want: Document{Statement: []Statement{{Sid: "a"}}}},
	{in: `{"Statement":{"Sid":"a","SID":"b","Sid":"c"}}`, want: Document{Statement: []Statement{{Sid: "c"}}}},
	{in: `{"Version":"a","version":null,"Statement":[]}`, want: Document{Statement: []Statement{}}},
	{in: `{"Statement":{"Effect":"Allow"},"Statement":null}`, wantErr: "iam: Statement: missing"},
	{in: `{"Statement":{"Effect":"Allow"},"statement":[]}`, want: Document{Statement: []Statement{}}},
	{in: `{"Version":7,"Version":"a","Statement":[]}`, want: Document{Version: "a", Statement: []Statement{}}},
	{in: `{"Statement":7,"Statement":[]}`, want: Document{Statement: []Statement{}}},
	{in: `{"Statement":[{"Effect":7}],"Statement":[{"Effect":"Allow"}]}`, want: Document{Statement: []Statement{{Effect: "Allow"}}}},
	{in: `{"Statement":{"Effect":7,"Effect":"Allow"}}`, wantErr: "iam: Statement: statement 0: Effect: want a string, got a number"},
	{in: `{"Statement":{"Action":{},"Action":"a"}}`, wantErr: "iam: Statement: statement 0: Action: want a string, got an object"},
	{in: `{"Statement":{"Principal":"x","Principal":"*"}}`, wantErr: "iam: Statement: statement 0: Principal: a string principal must be \"*\", got \"x\""},
	{in: `{"Statement":{"Condition":{"A":null},"Condition":{"A":{}}}}`, want: Document{Statement: []Statement{{Condition: map[string]map[string]Strings{"A": {}}}}}},
	{in: `{"Statement":{"Condition":{"A":{"k":"v"},"A":null}}}`, wantErr: "iam: Statement: statement 0: Condition: operator \"A\": want an object of keys, got null"},
	{in: `{"Statement":{"Condition":{"A":null},"Condition":null}}`, want: Document{Statement: []Statement{{}}}},
	{in: `{"Statement":{"Principal":null,"Principal":"*"}}`, want: Document{Statement: []Statement{{Principal: &Principal{Wildcard: true}}}}},
	{in: `{"Statement":[{"Condition":{"A":{"k":"v"}}}],"Statement":[{"Condition":{"B":{"k":"v"}}}]}`, want: Document{Statement: []Statement{{Condition: map[string]map[string]Strings{"B": {"k": {"v"}}}}}}},
	{in: `{"ıd":"x","Statement":[]}`, want: Document{Statement: []Statement{}}},
	{in: `{"Statement":{"Sıd":"x"}}`, want: Document{Statement: []Statement{{}}}},
	{in: `{"Statement":{"ſID":"x","EFFECT":"Allow","notaction":"a","NOTRESOURCE":"r","cONDITION":{"A":{"k":"v"}},"principal":"*","NotPrincipaL":"*"}}`, want: Document{Statement: []Statement{{Sid: "x", Effect: "Allow", Principal: &Principal{Wildcard: true}, NotPrincipal: &Principal{Wildcard: true}, NotAction: Strings{"a"}, NotResource: Strings{"r"}, Condition: map[string]map[string]Strings{"A": {"k": {"v"}}}}}}},
	{in: `{"Statement":{"Principal":{"AWS":"x","aws":"y"}}}`, want: Document{Statement: []Statement{{Principal: &Principal{ByType: map[string]Strings{"AWS": {"x"}, "aws": {"y"}}}}}}},
	{in: `{"Statement":{"Principal":{}}}`, want: Document{Statement: []Statement{{Principal: &Principal{}}}}},
	{in: `{"Statement":{"Principal":{"AWS":[]}}}`, want: Document{Statement: []Statement{{Principal: &Principal{ByType: map[string]Strings{"AWS": nil}}}}}},
	{in: `{"Statement":{"Principal":[]}}`, wantErr: "iam: Statement: statement 0: Principal: want \"*\" or an object of principals, got a list"},
	{in: `{"Statement":{"NotPrincipal":"x"}}`, wantErr: "iam: Statement: statement 0: NotPrincipal: a string principal must be \"*\", got \"x\""},
	{in: `{"Statement":{"Principal":{"AWS":{}}}}`, wantErr: "iam: Statement: statement 0: Principal: \"AWS\": want a string, got an object"},
	{in: `{"Statement":{"Principal":{"AWS":"a","Service":["b","c"],"Federated":null}}}`, want: Document{Statement: []Statement{{Principal: &Principal{ByType: map[string]Strings{"AWS": {"a"}, "Federated": nil, "Service": {"b", "c"}}}}}}},
	{in: `{"Statement":{"Principal":{"AWS":[null]}}}`, wantErr: "iam: Statement: statement 0: Principal: \"AWS\": element 0: want a string, got null"},
	{in: `{"Statement":{"Condition":7}}`, wantErr: "iam: Statement: statement 0: Condition: want an object of operators, got a number"},
	{in: `{"Statement":{"Condition":{"A":{"k":{}}}}}`, wantErr: "iam: Statement: statement 0: Condition: operator \"A\": key \"k\": want a string, got an object"},
	{in: `{"Statement":{"Condition":{"A":{"k":null}}}}`, want: Document{Statement: []Statement{{Condition: map[string]map[string]Strings{"A": {"k": nil}}}}}},
	{in: `{"Statement":{"Condition":{"A":{}}}}`, want: Document{Statement: []Statement{{Condition: map[string]map[string]Strings{"A": {}}}}}},
	{in: `{"Statement":{"Condition":{"A":{"k":"1"},"B":null}}}`, wantErr: "iam: Statement: statement 0: Condition: operator \"B\": want an object of keys, got null"},
	{in: `{"Statement":{"Condition":{"A":null,"B":"x"}}}`, wantErr: "iam: Statement: statement 0: Condition: operator \"B\": want an object of keys, got a string"},
	{in: `{"Statement":{"Condition":{"B":null,"A":null}}}`, wantErr: "iam: Statement: statement 0: Condition: operator \"A\": want an object of keys, got null"},
	{in: `{"Statement":{"NotAction":[true,false,0]}}`, want: Document{Statement: []Statement{{NotAction: Strings{"true", "false", "0"}}}}},
	{in: `{"Statement":{"Action":true}}`, want: Document{Statement: []Statement{{Action: Strings{"true"}}}}},
	{in: `{"Statement":{"Resource":[1.5,"x",false]}}`, want: Document{Statement: []Statement{{Resource: Strings{"1.5", "x", "false"}}}}},
	{in: `{"Statement":{"Action":1E400}}`, want: Document{Statement: []Statement{{Action: Strings{"1E400"}}}}},
	{in: "{\"Statement\":{\"Action\":\"\\ud800\"}}", want: Document{Statement: []Statement{{Action: Strings{"\ufffd"}}}}},
	{in: "{\"Statement\":{\"Action\":\"\\udc00\\ud800x\"}}", want: Document{Statement: []Statement{{Action: Strings{"\ufffd\ufffdx"}}}}},
	{in: "{\"Statement\":{\"Action\":\"a\xc3\"}}", want: Document{Statement: []Statement{{Action: Strings{"a\ufffd"}}}}},
	{in: "{\"Statement\":{\"Action\":\"\xed\xa0\x80\"}}", want: Document{Statement: []Statement{{Action: Strings{"\ufffd\ufffd\ufffd"}}}}},
	{in: "{\"Statement\":{\"Ac\xfftion\":\"x\"}}", want: Document{Statement: []Statement{{}}}},
	{in: "{\"Statement\":{\"Action\":\"\\ud800\\u0041\"}}", want: Document{Statement: []Statement{{Action: Strings{"\ufffdA"}}}}},
	{in: "{\"Statement\":{\"Action\":\"\\ud800\\ud800\"}}", want: Document{Statement: []Statement{{Action: Strings{"\ufffd\ufffd"}}}}},
	{in: `{"Statement":[{"Action":{}}],"X":[1,}`, wantErr: "iam: policy document is not a JSON object: invalid"},
	{in: `{"Id":7,"Version":1,"Statement":7}`, wantErr: "iam: Version: want a string, got a number"},
	{in: `{"Statement":[{"Effect":7},{"Action":{}}]}`, wantErr: "iam: Statement: statement 0: Effect: want a string, got a number"},
	{in: "\ufeff{\"Statement\":[]}", wantErr: "iam: policy document is not a JSON object: invalid"},
	{in: `{"Statement":[]} {}`, wantErr: "iam: policy document is not a JSON object: data after the document"},
	{in: `{"Statement":[]}null`, wantErr: "iam: policy document is not a JSON object: data after the document"},
	{in: `null x`, wantErr: "iam: policy document is not a JSON object: invalid"},
	{in: "{\"Statement\":{\"Action\":\"a\"}}\x00", wantErr: "iam: policy document is not a JSON object: invalid"},
	{in: `{"Statement":{"Action":"a"`, wantErr: "iam: policy document is not a JSON object: unexpected end of JSON input"},
	{in: `   `, wantErr: "iam: policy document is not a JSON object: unexpected end of JSON input"},
	{in: `{"Statement":{"Effect":1}}`, wantErr: "iam: Statement: statement 0: Effect: want a string, got a number"},
	{in: `{"Statement":{"Effect":[]}}`, wantErr: "iam: Statement: statement 0: Effect: want a string, got a list"},
	{in: `{"Statement":{"Sid":7}}`, wantErr: "iam: Statement: statement 0: Sid: want a string, got a number"},
	{in: `{"Statement":{"Condition":[]}}`, wantErr: "iam: Statement: statement 0: Condition: want an object of operators, got a list"},
	{in: `{"Statement":[[]]}`, wantErr: "iam: Statement: statement 0: want an object, got a list"},
	{in: `{"Statement":"x"}`, wantErr: "iam: Statement: want a statement object or a list of them, got a string"},
	// Nesting: 10,000 levels in all are allowed, as encoding/json allows them.
	{in: `{"Statement":[],"X":` + strings.Repeat("[", 9999) + strings.Repeat("]", 9999) + `}`, want: Document{Statement: []Statement{}}},
	{in: `{"Statement":[],"X":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `}`, wantErr: "iam: policy document is not a JSON object: exceeded max depth"},
	{in: `{"Statement":[],"X":` + strings.Repeat(`{"a":`, 10000) + "1" + strings.Repeat("}", 10000) + `}`, wantErr: "iam: policy document is not a JSON object: exceeded max depth"},
	{in: strings.Repeat("[", 100000), wantErr: "iam: policy document is not a JSON object: exceeded max depth"},
	{in: `{"Statement":[],"X":` + strings.Repeat("[", 100000), wantErr: "iam: policy document is not a JSON object: exceeded max depth"},
}

func TestParseCases(t *testing.T) {
	for _, tt := range parseTests {
		for name, parse := range map[string]func(string) (Document, error){
			"Parse":       func(s string) (Document, error) { return Parse([]byte(s)) },
			"ParseString": ParseString,
		} {
			got, err := parse(tt.in)
			switch {
			case tt.wantErr != "":
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("%s(%.120q) error = %v, want it to contain %q", name, tt.in, err, tt.wantErr)
				}
			case err != nil:
				t.Errorf("%s(%.120q): %v", name, tt.in, err)
			case !reflect.DeepEqual(got, tt.want):
				t.Errorf("%s(%.120q) =\n%#v\nwant\n%#v", name, tt.in, got, tt.want)
			}
		}
	}
}

// BenchmarkParse times Parse and ParseString of a 20-statement indented
// document (the layout Document.JSON writes).
func BenchmarkParse(b *testing.B) {
	js, err := benchDocument().JSON()
	if err != nil {
		b.Fatal(err)
	}
	data := []byte(js)
	for _, bc := range []struct {
		name  string
		parse func() (Document, error)
	}{
		{"Parse", func() (Document, error) { return Parse(data) }},
		{"ParseString", func() (Document, error) { return ParseString(js) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(js)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := bc.parse(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
