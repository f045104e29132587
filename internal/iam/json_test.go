package iam

import (
	"reflect"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Document
	}{
		{
			name: "statement object, single strings",
			in:   `{"Version":"2012-10-17","Statement":{"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}`,
			want: Document{Version: Version, Statement: []Statement{{Sid: "A", Effect: Allow, Action: Strings{"s3:GetObject"}, Resource: Strings{"*"}}}},
		},
		{
			name: "version missing, statement list",
			in:   `{"Statement":[{"Effect":"Deny","NotAction":["iam:*"],"NotResource":["arn:aws:iam::1:role/x"]}]}`,
			want: Document{Statement: []Statement{{Effect: Deny, NotAction: Strings{"iam:*"}, NotResource: Strings{"arn:aws:iam::1:role/x"}}}},
		},
		{
			name: "condition values of every scalar kind",
			in:   `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":false},"NumericLessThan":{"n":[1,2.5]},"StringEquals":{"aws:ResourceAccount":123456789012345678901}}}]}`,
			want: Document{Statement: []Statement{{Effect: Allow, Action: Strings{"*"}, Resource: Strings{"*"},
				Condition: map[string]map[string]Strings{
					"Bool":            {"aws:SecureTransport": {"false"}},
					"NumericLessThan": {"n": {"1", "2.5"}},
					"StringEquals":    {"aws:ResourceAccount": {"123456789012345678901"}},
				}}}},
		},
		{
			name: "principal wildcard and map",
			in:   `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"},{"Effect":"Allow","Principal":{"Service":"states.amazonaws.com","AWS":["arn:aws:iam::1:root"]},"Action":"sts:AssumeRole"}]}`,
			want: Document{Statement: []Statement{
				{Effect: Allow, Principal: &Principal{Wildcard: true}, Action: Strings{"sts:AssumeRole"}},
				{Effect: Allow, Principal: &Principal{ByType: map[string]Strings{"Service": {"states.amazonaws.com"}, "AWS": {"arn:aws:iam::1:root"}}}, Action: Strings{"sts:AssumeRole"}},
			}},
		},
		{
			name: "empty lists become nil",
			in:   `{"Statement":[{"Effect":"Allow","Action":[],"Resource":"*","Condition":{}}]}`,
			want: Document{Statement: []Statement{{Effect: Allow, Resource: Strings{"*"}}}},
		},
		{
			name: "empty statement list",
			in:   `{"Statement":[]}`,
			want: Document{Statement: []Statement{}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse([]byte(tt.in))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse =\n%#v\nwant\n%#v", got, tt.want)
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		in      string
		message string
	}{
		{``, "not a JSON object"},
		{`null`, "null"},
		{`42`, "not a JSON object"},
		{`"policy"`, "not a JSON object"},
		{`[]`, "not a JSON object"},
		{`{}`, "Statement: missing"},
		{`{"Statement":null}`, "Statement: missing"},
		{`{"Statement":7}`, "Statement: want a statement object"},
		{`{"Statement":[7]}`, "statement 0: want an object"},
		{`{"Statement":[{"Effect":"Allow"},null]}`, "statement 1: want an object"},
		{`{"Version":1,"Statement":[]}`, "Version: want a string"},
		{`{"Id":[],"Statement":[]}`, "Id: want a string"},
		{`{"Statement":{"Action":{"a":1}}}`, "got an object"},
		{`{"Statement":{"Action":[["x"]]}}`, "element 0: want a string, got a list"},
		{`{"Statement":{"Action":["x",null]}}`, "element 1: want a string, got null"},
		{`{"Statement":{"Principal":"someone"}}`, `must be "*"`},
		{`{"Statement":{"Principal":7}}`, "principal"},
		{`{"Statement":{"Condition":{"StringEquals":null}}}`, "want an object of keys"},
		{`{"Statement":{"Condition":{"StringEquals":"x"}}}`, "statement 0"},
		{`{"Statement":[{"Effect":"Allow"}`, "not a JSON object"},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.in))
		if err == nil {
			t.Errorf("Parse(%q) succeeded, want an error containing %q", tt.in, tt.message)
			continue
		}
		if !strings.Contains(err.Error(), tt.message) || !strings.HasPrefix(err.Error(), "iam: ") {
			t.Errorf("Parse(%q) error = %q, want it to start with \"iam: \" and contain %q", tt.in, err, tt.message)
		}
	}
}

func TestJSONRoundTrip(t *testing.T) {
	in := `{"Version":"2012-10-17","Id":"x","Statement":{"Sid":"S","Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"iam:PassRole","Resource":"arn:aws:iam::1:role/a","Condition":{"StringEquals":{"iam:PassedToService":"ecs-tasks.amazonaws.com"}}}}`
	doc := mustParse(t, in)
	out, err := doc.JSON()
	if err != nil {
		t.Fatal(err)
	}
	want := `{
  "Version": "2012-10-17",
  "Id": "x",
  "Statement": [
    {
      "Sid": "S",
      "Effect": "Allow",
      "Principal": {
        "Service": [
          "ecs-tasks.amazonaws.com"
        ]
      },
      "Action": [
        "iam:PassRole"
      ],
      "Resource": [
        "arn:aws:iam::1:role/a"
      ],
      "Condition": {
        "StringEquals": {
          "iam:PassedToService": [
            "ecs-tasks.amazonaws.com"
          ]
        }
      }
    }
  ]
}`
	if out != want {
		t.Errorf("JSON =\n%s\nwant\n%s", out, want)
	}
	again := mustParse(t, out)
	if !reflect.DeepEqual(again, doc) {
		t.Errorf("re-parsed %#v, want %#v", again, doc)
	}
}

func TestJSONEmptyDocument(t *testing.T) {
	out, err := Document{}.JSON()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Parse([]byte(out)); err != nil {
		t.Errorf("Parse(JSON of empty document %s): %v", out, err)
	}
}
