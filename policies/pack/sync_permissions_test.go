package pack

import (
	"testing"

	"batchpipeline/internal/iam"
	"batchpipeline/internal/integrations"
	"batchpipeline/policies/pack/packtest"
)

func TestSyncIntegrationPermissions(t *testing.T) {
	p := pipeline{name: "nightly"}
	ecsOnly := integrations.ECSRunTaskStatements(testAcct, p.family(), p.roleARN(kExecRole), p.roleARN(kTaskRole))
	cbOnly := integrations.CodeBuildStartBuildStatements(testAcct, p.projectName())
	drop := func(stmts []iam.Statement, sid string) []iam.Statement {
		var out []iam.Statement
		for _, s := range stmts {
			if s.Sid != sid {
				out = append(out, s)
			}
		}
		return out
	}
	pluralRule := iam.Statement{Effect: iam.Allow, Action: iam.Strings{"events:PutTargets", "events:PutRule", "events:DescribeRule"},
		Resource: iam.Strings{testAcct.EventsRuleARN("StepFunctionsGetEventsForCodeBuildStartBuildRule")}}
	tests := []struct {
		name    string
		p       pipeline
		stmts   []iam.Statement
		preview bool
		want    []string
		lacks   []string
	}{
		{name: "everything", stmts: p.goodStatements()},
		{name: "everything, first preview", stmts: p.goodStatements(), preview: true},
		{
			name:  "no CodeBuild statements",
			stmts: ecsOnly,
			want: []string{`state machine "nightly" uses role "nightly-sfn", which is not allowed what its service integrations call`,
				"codebuild:StartBuild on arn:aws:codebuild:ap-northeast-1:123456789012:project/nightly-final (states States.Final)",
				"codebuild:StopBuild on", "codebuild:BatchGetBuilds on",
				"events:PutRule on arn:aws:events:ap-northeast-1:123456789012:rule/StepFunctionsGetEventForCodeBuildStartBuildRule"},
			lacks: []string{"ecs:", "StepFunctionsGetEventsForECSTaskRule"},
		},
		{
			name:  "the plural CodeBuild rule name, a common mistake",
			stmts: with(drop(p.goodStatements(), "CodeBuildEventsRule"), pluralRule),
			want: []string{"events:PutTargets on arn:aws:events:ap-northeast-1:123456789012:rule/StepFunctionsGetEventForCodeBuildStartBuildRule",
				`"arn:aws:events:ap-northeast-1:123456789012:rule/StepFunctionsGetEventForCodeBuildStartBuildRule"`},
		},
		{
			name:  "no ecs:RunTask",
			stmts: with(drop(p.goodStatements(), "ECSRunTaskNightlyJob"), cbOnly...),
			want: []string{"ecs:RunTask on arn:aws:ecs:ap-northeast-1:123456789012:task-definition/nightly-job:1 (states States.Jobs.Branches[0].States.job)",
				`"arn:aws:ecs:ap-northeast-1:123456789012:task-definition/nightly-job:*"`},
			lacks: []string{"ecs:StopTask"},
		},
		{
			name:    "no ecs:RunTask, first preview",
			stmts:   with(drop(p.goodStatements(), "ECSRunTaskNightlyJob"), cbOnly...),
			preview: true,
			want:    []string{"ecs:RunTask on arn:aws:ecs:ap-northeast-1:123456789012:task-definition/nightly-job:1"},
		},
		{
			name:  "no StopTask/DescribeTasks",
			stmts: drop(p.goodStatements(), "ECSStopAndDescribeTasks"),
			want:  []string{"ecs:StopTask on arn:aws:ecs:ap-northeast-1:123456789012:task/*", "ecs:DescribeTasks on"},
		},
		{
			name:  "AdministratorAccess-like wildcard",
			stmts: []iam.Statement{{Effect: iam.Allow, Action: iam.Strings{"*"}, Resource: iam.Strings{"*"}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pp := pipeline{name: "nightly", preview: tt.preview, sfnStatements: tt.stmts}
			stack := pp.stack()
			if tt.want == nil {
				assertNoViolations(t, SyncPermissionsPolicy, stack)
				return
			}
			msg := assertViolation(t, SyncPermissionsPolicy, pp.urn(kMachine), stack, tt.want...)
			assertLacks(t, msg, tt.lacks...)
		})
	}
}

// TestSyncIntegrationPermissionsUndecided: an unknown document that might
// hold the statements is not a certain gap.
func TestSyncIntegrationPermissionsUndecided(t *testing.T) {
	p := pipeline{name: "seed", preview: true}
	b := p.build()
	b[kSFNPolicy].Set("policy", packtest.Unknown()).DependsOn("policy", p.urn(kTaskDef), p.urn(kProject))
	assertNoViolations(t, SyncPermissionsPolicy, stackOf(b))
}

func TestSuggestedResource(t *testing.T) {
	for in, want := range map[string]string{
		"arn:aws:ecs:r:1:task-definition/f:3":         "arn:aws:ecs:r:1:task-definition/f:*",
		"arn:aws:ecs:r:1:task-definition/f":           "arn:aws:ecs:r:1:task-definition/f:*",
		"arn:aws:codebuild:r:1:project/p":             "arn:aws:codebuild:r:1:project/p",
		"arn:aws:events:r:1:rule/StepFunctionsGetEvt": "arn:aws:events:r:1:rule/StepFunctionsGetEvt",
	} {
		if got := suggestedResource(in); got != want {
			t.Errorf("suggestedResource(%q) = %q, want %q", in, got, want)
		}
	}
}
