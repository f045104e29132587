package components

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"batchpipeline/internal/asl"
)

// outputNetwork is the seed's network as Outputs, as a VPC component or a
// StackReference gives it.
func outputNetwork() NetworkArgs {
	return NetworkArgs{
		SubnetIDsInput:        pulumi.ToStringArray([]string{"subnet-0aaa", "subnet-0bbb"}).ToStringArrayOutput(),
		SecurityGroupIDsInput: pulumi.StringArray{pulumi.String("sg-0ccc").ToStringOutput()},
		AssignPublicIPInput:   pulumi.Bool(true).ToBoolOutput(),
	}
}

// wantScheduleInput is what the schedule sends with outputNetwork.
const wantScheduleInput = `{"network":{"AwsvpcConfiguration":{"AssignPublicIp":"ENABLED","SecurityGroups":["sg-0ccc"],"Subnets":["subnet-0aaa","subnet-0bbb"]}}}`

// seedWithNetwork is the seed pipeline with network n.
func seedWithNetwork(n NetworkArgs) PipelineArgs {
	args := SeedPipelineArgs()
	args.Network = n
	return args
}

// TestNetworkFromOutputsKeepsEverythingKnown: with the network as Outputs,
// the definition is a constant in which the ECS tasks read the network
// from the input, the state machine role's policy is the one of the plain
// network, and the schedule sends the network.
func TestNetworkFromOutputsKeepsEverythingKnown(t *testing.T) {
	plain := deploy(t, seedWithNetwork(NetworkArgs{SubnetIDs: []string{"subnet-0aaa", "subnet-0bbb"}, SecurityGroupIDs: []string{"sg-0ccc"}, AssignPublicIP: true}))
	outputs := deploy(t, seedWithNetwork(outputNetwork()))

	if got, want := outputs.rolePolicy(t, "batch-pipeline-sfn"), plain.rolePolicy(t, "batch-pipeline-sfn"); !reflect.DeepEqual(got, want) {
		t.Errorf("the state machine role's policy differs with the network as Outputs:\n%v\nwant\n%v", got, want)
	}
	m := outputs.definition(t)
	for _, job := range []string{seedECS1, seedECS2} {
		params := branchOf(t, m, job).States[job].Parameters
		if got := params["NetworkConfiguration.$"]; got != "$.network" || params["NetworkConfiguration"] != nil {
			t.Errorf("%s: NetworkConfiguration %v, NetworkConfiguration.$ %v; want it read from $.network", job, params["NetworkConfiguration"], got)
		}
	}
	if _, ok := m.States[stateNetworkMissing]; !ok {
		t.Error("no NetworkMissing state: a manual run without the network would fail once jobs run")
	}
	if _, ok := plain.definition(t).States[stateNetworkMissing]; ok {
		t.Error("NetworkMissing with a plain network: the definition holds it")
	}
	if got := str(t, outputs.one(t, typeSchedule, "batch-pipeline").Inputs, "target", "input"); got != wantScheduleInput {
		t.Errorf("schedule input = %s, want %s", got, wantScheduleInput)
	}
	if got := str(t, plain.one(t, typeSchedule, "batch-pipeline").Inputs, "target", "input"); got != "{}" {
		t.Errorf("schedule input with a plain network = %s, want {}", got)
	}
	want := "aws stepfunctions start-execution --region 'ap-northeast-1' " +
		"--state-machine-arn 'arn:aws:states:ap-northeast-1:123456789012:stateMachine:batch-pipeline' " +
		`--input '{"jobs":["batch-job","ecs-task-1","ecs-task-2"],"network":{"AwsvpcConfiguration":{"AssignPublicIp":"ENABLED","SecurityGroups":["sg-0ccc"],"Subnets":["subnet-0aaa","subnet-0bbb"]}}}'`
	if got := outputs.outputs["rerunCommand"]; got != want {
		t.Errorf("rerunCommand = %v\nwant %s", got, want)
	}
}

// branchOf returns the branch of RunJobs that runs job.
func branchOf(t *testing.T, m *asl.StateMachine, job string) *asl.StateMachine {
	t.Helper()
	for _, b := range m.States[stateRunJobs].Branches {
		if _, ok := b.States[job]; ok {
			return b
		}
	}
	t.Fatalf("no branch runs %s", job)
	return nil
}

// TestLiteralInputsStayInTheDefinition: Inputs that are plain values are
// folded into the definition, as config values are.
func TestLiteralInputsStayInTheDefinition(t *testing.T) {
	plain := deploy(t, seedWithNetwork(NetworkArgs{SubnetIDs: []string{"subnet-0aaa"}, SecurityGroupIDs: []string{"sg-0ccc"}}))
	literal := deploy(t, seedWithNetwork(NetworkArgs{
		SubnetIDsInput:        pulumi.StringArray{pulumi.String("subnet-0aaa")},
		SecurityGroupIDsInput: pulumi.ToStringArray([]string{"sg-0ccc"}),
		AssignPublicIPInput:   pulumi.Bool(false),
	}))
	a, b := str(t, plain.one(t, typeStateMachine, "batch-pipeline").Inputs, "definition"),
		str(t, literal.one(t, typeStateMachine, "batch-pipeline").Inputs, "definition")
	if a != b {
		t.Errorf("literal Inputs give another definition:\n%s\nwant\n%s", b, a)
	}
	if got := str(t, literal.one(t, typeSchedule, "batch-pipeline").Inputs, "target", "input"); got != "{}" {
		t.Errorf("schedule input = %s, want {}", got)
	}
}

// TestRunWithNetworkFromInput runs the definition whose tasks read the
// network from the input: the schedule's input runs every job with that
// network, a manual input without it is refused before any job starts,
// and a failed night's rerunInput carries the network.
func TestRunWithNetworkFromInput(t *testing.T) {
	d := deploy(t, seedWithNetwork(outputNetwork()))
	m := d.definition(t)
	var network map[string]any
	if err := json.Unmarshal([]byte(wantScheduleInput), &struct {
		Network *map[string]any `json:"network"`
	}{&network}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		input    string
		outcomes map[string]taskOutcome
		ran      []string
		error    string
		rerun    string
	}{
		{name: "the schedule's input", input: wantScheduleInput,
			ran: []string{seedBatch, seedECS1, seedECS2, seedFinal}},
		{name: "a manual run without the network is refused", input: `{"jobs": ["ecs-task-1"]}`,
			error: ErrorNetworkMissing},
		{name: "a network without subnets is refused", input: `{"network": {"AwsvpcConfiguration": {"Subnets": []}}}`,
			error: ErrorNetworkMissing},
		{name: "unknown jobs are named first", input: `{"jobs": ["nope"]}`,
			error: ErrorUnknownJobs},
		{name: "a failed night's re-run input keeps the network", input: wantScheduleInput,
			outcomes: map[string]taskOutcome{seedECS2: failed},
			ran:      []string{seedBatch, seedECS1, seedECS2}, error: ErrorJobsFailed,
			rerun: `{"jobs":["ecs-task-2"],"network":{"AwsvpcConfiguration":{"AssignPublicIp":"ENABLED","SecurityGroups":["sg-0ccc"],"Subnets":["subnet-0aaa","subnet-0bbb"]}}}`},
		{name: "the re-run input runs", input: `{"jobs":["ecs-task-2"],"network":{"AwsvpcConfiguration":{"AssignPublicIp":"ENABLED","SecurityGroups":["sg-0ccc"],"Subnets":["subnet-0aaa","subnet-0bbb"]}}}`,
			ran: []string{seedECS2, seedFinal}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := execute(t, m, parseInput(t, tc.input), tc.outcomes)
			if !slices.Equal(got.ran(), tc.ran) {
				t.Errorf("ran %v, want %v", got.ran(), tc.ran)
			}
			if got.Error != tc.error {
				t.Fatalf("execution %s %q (%s), want error %q", got.Status, got.Error, got.Cause, tc.error)
			}
			for _, c := range got.Tasks {
				if !strings.HasPrefix(c.State, "ecs-") {
					continue
				}
				if !reflect.DeepEqual(c.Parameters["NetworkConfiguration"], network) {
					t.Errorf("%s ran with NetworkConfiguration %v, want %v", c.State, c.Parameters["NetworkConfiguration"], network)
				}
			}
			if tc.rerun != "" {
				rerun, _ := json.Marshal(parseRerunCause(t, got.Cause).RerunInput)
				if string(rerun) != tc.rerun {
					t.Errorf("rerunInput = %s\nwant %s", rerun, tc.rerun)
				}
			}
		})
	}
}

// TestBadNetworkInputs: what can be checked of an Input before any
// resource is registered is, with the field and the fix named.
func TestBadNetworkInputs(t *testing.T) {
	out := func(s string) pulumi.StringInput { return pulumi.String(s).ToStringOutput() }
	seventeen := pulumi.StringArray{}
	for range 17 {
		seventeen = append(seventeen, out("subnet-0aaa"))
	}
	for _, tc := range []struct {
		name    string
		network NetworkArgs
		want    string
	}{
		{"plain and Input subnets", NetworkArgs{SubnetIDs: []string{"subnet-0aaa"}, SubnetIDsInput: pulumi.StringArray{out("subnet-0bbb")}},
			"network.subnetIds: set either subnetIds (a plain value) or SubnetIDsInput (a pulumi Input), not both"},
		{"plain and Input security groups", NetworkArgs{SubnetIDs: []string{"subnet-0aaa"}, SecurityGroupIDs: []string{"sg-1"}, SecurityGroupIDsInput: pulumi.StringArray{out("sg-2")}},
			"network.securityGroupIds: set either securityGroupIds (a plain value) or SecurityGroupIDsInput (a pulumi Input), not both"},
		{"plain and Input public IP", NetworkArgs{SubnetIDs: []string{"subnet-0aaa"}, AssignPublicIP: true, AssignPublicIPInput: pulumi.Bool(true).ToBoolOutput()},
			"network.assignPublicIp: set either assignPublicIp (a plain value) or AssignPublicIPInput (a pulumi Input), not both"},
		{"an empty literal array", NetworkArgs{SubnetIDsInput: pulumi.StringArray{}},
			"network.subnetIds: ECS Fargate jobs need at least one subnet"},
		{"seventeen subnets", NetworkArgs{SubnetIDsInput: seventeen},
			"network.subnetIds: 17 subnets; a Fargate task takes at most 16"},
		{"a literal element that is no subnet", NetworkArgs{SubnetIDsInput: pulumi.StringArray{out("subnet-0aaa"), pulumi.String("vpc-0aaa")}},
			`network.subnetIds[1]: "vpc-0aaa" is not a subnet ID (subnet-...)`},
		{"six security groups", NetworkArgs{SubnetIDsInput: pulumi.StringArray{out("subnet-0aaa")},
			SecurityGroupIDsInput: pulumi.StringArray{out("sg-1"), out("sg-2"), out("sg-3"), out("sg-4"), out("sg-5"), out("sg-6")}},
			"network.securityGroupIds: 6 security groups; a Fargate task takes at most 5"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := seedWithNetwork(tc.network)
			d, err := deployE(t, &args)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v\nwant one containing %q", err, tc.want)
			}
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Errorf("error %v holds no *ConfigError", err)
			}
			if regs := d.mocks.Registrations(); len(regs) != 0 {
				t.Errorf("%d resources registered before the error, want none", len(regs))
			}
		})
	}
}

// TestBadNetworkOutputsFailWhenKnown: an Output's values are checked once
// known, with the plain values' messages.
func TestBadNetworkOutputsFailWhenKnown(t *testing.T) {
	for _, tc := range []struct {
		name    string
		network NetworkArgs
		want    string
	}{
		{"no subnet", NetworkArgs{SubnetIDsInput: pulumi.ToStringArray(nil).ToStringArrayOutput()},
			"network.subnetIds: ECS Fargate jobs need at least one subnet"},
		{"not a subnet", NetworkArgs{SubnetIDsInput: pulumi.ToStringArray([]string{"subnet-0aaa", "sg-0bbb"}).ToStringArrayOutput()},
			`network.subnetIds[1]: "sg-0bbb" is not a subnet ID (subnet-...)`},
		{"not a security group", NetworkArgs{SubnetIDs: []string{"subnet-0aaa"}, SecurityGroupIDsInput: pulumi.ToStringArray([]string{"subnet-0aaa"}).ToStringArrayOutput()},
			`network.securityGroupIds[0]: "subnet-0aaa" is not a security group ID (sg-...)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := seedWithNetwork(tc.network)
			_, err := deployE(t, &args)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v\nwant one containing %q", err, tc.want)
			}
		})
	}
}

// TestNetworkInputsWithoutECSJobs: Inputs given to a pipeline without ECS
// jobs change nothing: no job reads them.
func TestNetworkInputsWithoutECSJobs(t *testing.T) {
	args := seedWithNetwork(outputNetwork())
	args.ParallelJobs = []JobArgs{codeBuildJob("build")}
	d := deploy(t, args)
	if _, ok := d.definition(t).States[stateNetworkMissing]; ok {
		t.Error("NetworkMissing without ECS jobs")
	}
	if got := str(t, d.one(t, typeSchedule, "batch-pipeline").Inputs, "target", "input"); got != "{}" {
		t.Errorf("schedule input = %s, want {}", got)
	}
}

// TestJobsFailedCauseWithNetworkFits: with the network in the input, the
// largest one Fargate takes (16 subnets, 5 security groups) and every job
// failing with a 20,000-character cause, JobsFailed's cause stays within
// Step Functions' limit and its rerunInput still parses, whole.
func TestJobsFailedCauseWithNetworkFits(t *testing.T) {
	subnets, groups := make([]string, 16), make([]string, 5)
	for i := range subnets {
		subnets[i] = fmt.Sprintf("subnet-0123456789abcde%02d", i)
	}
	for i := range groups {
		groups[i] = fmt.Sprintf("sg-0123456789abcde%02d", i)
	}
	d := deploy(t, seedWithNetwork(NetworkArgs{
		SubnetIDsInput:        pulumi.ToStringArray(subnets).ToStringArrayOutput(),
		SecurityGroupIDsInput: pulumi.ToStringArray(groups).ToStringArrayOutput(),
	}))
	input := str(t, d.one(t, typeSchedule, "batch-pipeline").Inputs, "target", "input")
	long := taskOutcome{Error: "States.TaskFailed", Cause: strings.Repeat(`{"phase":"BUILD","status":"FAILED"},`, 20000/36)}
	got := execute(t, d.definition(t), parseInput(t, input), map[string]taskOutcome{seedBatch: long, seedECS1: long, seedECS2: long})
	if got.Error != ErrorJobsFailed {
		t.Fatalf("execution %s %q, want %s", got.Status, got.Error, ErrorJobsFailed)
	}
	if n := utf8.RuneCountInString(got.Cause); n > asl.MaxCause {
		t.Fatalf("JobsFailed cause is %d characters, over %d", n, asl.MaxCause)
	}
	rerun, _ := json.Marshal(parseRerunCause(t, got.Cause).RerunInput)
	var want map[string]any
	if err := json.Unmarshal([]byte(input), &want); err != nil {
		t.Fatal(err)
	}
	want["jobs"] = []string{seedBatch, seedECS1, seedECS2}
	if w, _ := json.Marshal(want); string(rerun) != string(w) {
		t.Errorf("rerunInput = %s\nwant %s", rerun, w)
	}
}
