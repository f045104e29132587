package pack

import (
	"testing"

	"batchpipeline/policies/pack/packtest"
)

func TestDefinitionValid(t *testing.T) {
	p := pipeline{name: "nightly"}
	// noNetwork is the default definition without NetworkConfiguration;
	// launchType sets LaunchType (or removes it when empty).
	noNetwork := func(launchType string) map[string]any {
		def := p.defaultDefinition()
		params := jobParams(def)
		delete(params, "NetworkConfiguration")
		if launchType == "" {
			delete(params, "LaunchType")
		} else {
			params["LaunchType"] = launchType
		}
		return def
	}
	catchOutside := p.defaultDefinition()
	jobState(catchOutside)["Catch"] = []any{map[string]any{"ErrorEquals": []any{"States.ALL"}, "Next": "Final"}}
	unreachable := p.defaultDefinition()
	unreachable["States"].(map[string]any)["Orphan"] = map[string]any{"Type": "Succeed"}
	noEnd := p.defaultDefinition()
	delete(noEnd["States"].(map[string]any)["Final"].(map[string]any), "End")

	tests := []struct {
		name string
		def  any // a definition map, or a raw string
		edit func(b map[string]*packtest.Resource)
		want []string
	}{
		{name: "default", def: p.defaultDefinition()},
		{name: "Map item processor", def: mapDefinition(p.family())},
		{
			name: "invalid JSON", def: `{"StartAt": "A", "States": {`,
			want: []string{`the definition of state machine "nightly" has 1 problem(s)`, "not a valid state machine JSON document"},
		},
		{
			name: "definition is a number",
			edit: func(b map[string]*packtest.Resource) { b[kMachine].Set("definition", packtest.Num(3)) },
			want: []string{"definition is not a string"},
		},
		{
			name: "Catch leaves the Parallel branch", def: catchOutside,
			want: []string{"States.Jobs.Branches[0].States.job.Catch[0].Next", "Final"},
		},
		{
			name: "unreachable state", def: unreachable,
			want: []string{"States.Orphan"},
		},
		{
			name: "neither Next nor End", def: noEnd,
			want: []string{"States.Final"},
		},
		{
			name: "FARGATE without NetworkConfiguration", def: noNetwork("FARGATE"),
			want: []string{"States.Jobs.Branches[0].States.job: LaunchType FARGATE needs Parameters.NetworkConfiguration",
				"Network Configuration must be provided when networkMode 'awsvpc' is specified"},
		},
		{
			name: "awsvpc task definition without NetworkConfiguration", def: noNetwork(""),
			want: []string{`States.Jobs.Branches[0].States.job: its task definition uses the awsvpc network mode`},
		},
		{
			name: "bridge task definition on EC2 without NetworkConfiguration", def: noNetwork("EC2"),
			edit: func(b map[string]*packtest.Resource) {
				b[kTaskDef].Set("networkMode", packtest.Str("bridge")).Set("requiresCompatibilities", packtest.Strs("EC2"))
			},
		},
		{
			name: "unknown definition",
			edit: func(b map[string]*packtest.Resource) { b[kMachine].Unknown("definition") },
		},
		{
			name: "secret invalid definition",
			edit: func(b map[string]*packtest.Resource) {
				b[kMachine].Set("definition", packtest.Secret(packtest.Str(`{"hunter2`)))
			},
			want: []string{"the definition (secret) is not valid JSON"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := p.build()
			switch d := tt.def.(type) {
			case string:
				b[kMachine].Set("definition", packtest.Str(d))
			case map[string]any:
				b[kMachine].Set("definition", packtest.JSON(d))
			}
			if tt.edit != nil {
				tt.edit(b)
			}
			stack := stackOf(b)
			if tt.want == nil {
				assertNoViolations(t, DefinitionValidPolicy, stack)
				return
			}
			msg := assertViolation(t, DefinitionValidPolicy, p.urn(kMachine), stack, tt.want...)
			assertLacks(t, msg, "hunter2")
		})
	}
}

// jobState returns the ECS Task state of a default definition.
func jobState(def map[string]any) map[string]any {
	branch := def["States"].(map[string]any)["Jobs"].(map[string]any)["Branches"].([]any)[0].(map[string]any)
	return branch["States"].(map[string]any)["job"].(map[string]any)
}

// jobParams returns the Parameters of the ECS Task state of a default
// definition.
func jobParams(def map[string]any) map[string]any {
	return jobState(def)["Parameters"].(map[string]any)
}
