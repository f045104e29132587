package asl

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the testdata/*.golden files from the current output")

func TestMermaidGolden(t *testing.T) {
	seedMistake := pipeline()
	seedMistake.States["RunJobs"].Branches[0].States["RunIngest"].Catch[0].Next = "JobsFailed"

	operators, err := os.ReadFile("testdata/operators.json")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		m    *StateMachine
	}{
		{"pipeline", pipeline()},
		{"seed_mistake", seedMistake},
		{"operators", mustParse(t, string(operators))},
		{"awkward_names", mustParse(t, `{"StartAt":"say \"hi\"","States":{
			"say \"hi\"":{"Type":"Pass","Next":"a-b"},
			"a-b":{"Type":"Choice","Choices":[{"Variable":"$.x","StringEquals":"<b>|#1","Next":"a_b"}],"Default":"end"},
			"a_b":{"Type":"Task","Resource":"r","Next":"nowhere"},
			"end":{"Type":"Succeed"}}}`)},
		{"empty", &StateMachine{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Mermaid(tt.m)
			if again := Mermaid(tt.m); again != got {
				t.Fatalf("Mermaid is not deterministic")
			}
			golden := filepath.Join("testdata", tt.name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -run TestMermaidGolden -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("Mermaid(%s) differs from %s:\n%s", tt.name, golden, got)
			}
		})
	}
}

func TestMermaidEscapesLabels(t *testing.T) {
	m := mustParse(t, machineOf(`"A":{"Type":"Pass","Next":"x\"y<z>|#w"},"x\"y<z>|#w":{"Type":"Succeed"},`+
		`"B\t&amp;":{"Type":"Pass","End":true}`))
	got := Mermaid(m)
	for _, bad := range []string{`x"y`, "<z>", "|#w", "\t", "&amp;"} {
		if strings.Contains(got, bad) {
			t.Errorf("Mermaid output contains unescaped %q:\n%s", bad, got)
		}
	}
	if !strings.Contains(got, `s_x_y_z___w(["x#quot;y#lt;z#gt;#124;#35;w"])`) {
		t.Errorf("Mermaid output lacks the escaped node:\n%s", got)
	}
	if !strings.Contains(got, `s_B__amp_("B #amp;amp;")`) {
		t.Errorf("Mermaid output lacks the escaped B node:\n%s", got)
	}
}
