package pack

import (
	"reflect"
	"testing"

	"batchpipeline/internal/integrations"
)

// TestRequirementTemplatesMatchIntegrations checks that a filled template
// is what the integrations package returns for the same state.
func TestRequirementTemplatesMatchIntegrations(t *testing.T) {
	accounts := []integrations.Account{
		{},
		{Region: "us-east-1", ID: "123456789012"},
		{Partition: "aws-cn", Region: "cn-north-1", ID: "210987654321"},
	}
	clusters := []string{"", "arn:aws:ecs:us-east-1:123456789012:cluster/batch"}
	taskDefs := []string{"", "arn:aws:ecs:us-east-1:123456789012:task-definition/job:3"}
	projects := []string{"", "arn:aws:codebuild:us-east-1:123456789012:project/report"}
	var tmpl requirementTemplates
	for _, acct := range accounts {
		for _, cluster := range clusters {
			for _, td := range taskDefs {
				var got []integrations.Requirement
				for _, r := range tmpl.ecsTemplate(acct) {
					got = append(got, ecsRequirement(r, cluster, td))
				}
				if want := integrations.RequiredECSOnCluster(acct, cluster, td); !reflect.DeepEqual(got, want) {
					t.Errorf("ECS %+v, cluster %q, task definition %q:\n got %+v\nwant %+v", acct, cluster, td, got, want)
				}
			}
		}
		for _, project := range projects {
			var got []integrations.Requirement
			for _, r := range tmpl.codeBuildTemplate(acct) {
				got = append(got, codeBuildRequirement(r, project))
			}
			if want := integrations.RequiredCodeBuild(acct, project); !reflect.DeepEqual(got, want) {
				t.Errorf("CodeBuild %+v, project %q:\n got %+v\nwant %+v", acct, project, got, want)
			}
		}
	}
	// The templates are shared: filling one must not change it.
	if want := integrations.RequiredECSOnCluster(accounts[1], "", ""); !reflect.DeepEqual(tmpl.ecsTemplate(accounts[1]), want) {
		t.Errorf("ECS template changed by filling: %+v", tmpl.ecsTemplate(accounts[1]))
	}
}
