package iam

import (
	"fmt"
	"testing"
)

// benchDocument is a 20-statement identity policy in which only the last
// statement allows the benchmark request.
func benchDocument() Document {
	doc := Document{Version: Version}
	for i := range 19 {
		doc.Statement = append(doc.Statement, Statement{
			Sid:      fmt.Sprintf("S%d", i),
			Effect:   Allow,
			Action:   Strings{fmt.Sprintf("service%d:Get*", i), fmt.Sprintf("service%d:List*", i)},
			Resource: Strings{fmt.Sprintf("arn:aws:service%d:*:123456789012:thing/*", i)},
			Condition: map[string]map[string]Strings{
				"StringEquals": {"aws:RequestedRegion": {"eu-west-1"}},
			},
		})
	}
	doc.Statement = append(doc.Statement, Statement{
		Sid:       "PassRole",
		Effect:    Allow,
		Action:    Strings{"iam:PassRole"},
		Resource:  Strings{"arn:aws:iam::123456789012:role/svc/*"},
		Condition: map[string]map[string]Strings{"StringEquals": {"iam:PassedToService": {"ecs-tasks.amazonaws.com"}}},
	})
	return doc
}

func BenchmarkEvaluate20Statements(b *testing.B) {
	docs := []Document{benchDocument()}
	req := passRole(ecsTasks)
	b.ReportAllocs()
	for b.Loop() {
		if Evaluate(req, docs, nil).Decision != Allowed {
			b.Fatal("not allowed")
		}
	}
}

func BenchmarkMatchResource(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if !MatchResource("arn:aws:ecs:*:123456789012:task-definition/nightly-*:*", "arn:aws:ecs:eu-west-1:123456789012:task-definition/nightly-batch:42") {
			b.Fatal("no match")
		}
	}
}
