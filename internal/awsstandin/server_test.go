package awsstandin

import (
	"context"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"
)

// startClient starts a server and returns a client connected to it.
func startClient(t *testing.T, opts Options) pulumirpc.ResourceProviderClient {
	t.Helper()
	srv, err := Start(opts)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := srv.Stop(); err != nil {
			t.Errorf("Stop: %v", err)
		}
	})
	conn, err := grpc.NewClient(srv.Addr(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatalf("dial %s: %v", srv.Addr(), err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return pulumirpc.NewResourceProviderClient(conn)
}

// configure sends a provider configuration with the given region.
func configure(t *testing.T, c pulumirpc.ResourceProviderClient, region string) *pulumirpc.ConfigureResponse {
	t.Helper()
	resp, err := c.Configure(context.Background(), &pulumirpc.ConfigureRequest{
		Args: toStruct(t, resource.PropertyMap{"region": resource.NewStringProperty(region)}),
	})
	if err != nil {
		t.Fatalf("Configure: %v", err)
	}
	return resp
}

func toStruct(t *testing.T, m resource.PropertyMap) *structpb.Struct {
	t.Helper()
	s, err := marshal(m, "test value")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func fromStruct(t *testing.T, s *structpb.Struct) resource.PropertyMap {
	t.Helper()
	m, err := unmarshal(s, "test value")
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func urn(typ, name string) string {
	return "urn:pulumi:prod::batchpipeline::" + typ + "::" + name
}

func TestServerHandshakeAndInfo(t *testing.T) {
	c := startClient(t, Options{})
	ctx := context.Background()

	hs, err := c.Handshake(ctx, &pulumirpc.ProviderHandshakeRequest{})
	if err != nil {
		t.Fatalf("Handshake: %v", err)
	}
	if !hs.GetAcceptSecrets() || !hs.GetAcceptResources() {
		t.Errorf("Handshake = %v, want secrets and resources accepted", hs)
	}
	if _, err := c.Attach(ctx, &pulumirpc.PluginAttach{Address: "127.0.0.1:1"}); err != nil {
		t.Errorf("Attach: %v", err)
	}
	info, err := c.GetPluginInfo(ctx, &emptypb.Empty{})
	if err != nil {
		t.Fatalf("GetPluginInfo: %v", err)
	}
	if info.GetVersion() != "6.83.4" {
		t.Errorf("version = %q, want 6.83.4", info.GetVersion())
	}
	conf := configure(t, c, "us-east-1")
	if !conf.GetSupportsPreview() || !conf.GetAcceptSecrets() || !conf.GetAcceptResources() {
		t.Errorf("Configure = %v, want preview, secrets and resources supported", conf)
	}
}

func TestCheckAutonamesOnlyWhenNameMissing(t *testing.T) {
	c := startClient(t, Options{})
	tests := []struct {
		name   string
		typ    string
		inputs resource.PropertyMap
		olds   resource.PropertyMap
		want   func(string) bool
	}{
		{
			name:   "explicit name kept",
			typ:    "aws:iam/role:Role",
			inputs: resource.PropertyMap{"name": resource.NewStringProperty("exec")},
			want:   func(s string) bool { return s == "exec" },
		},
		{
			name:   "missing name autonamed",
			typ:    "aws:iam/role:Role",
			inputs: resource.PropertyMap{},
			want:   func(s string) bool { return len(s) == len("job-role-")+7 && s[:9] == "job-role-" },
		},
		{
			name:   "name of the old inputs kept",
			typ:    "aws:iam/role:Role",
			inputs: resource.PropertyMap{},
			olds:   resource.PropertyMap{"name": resource.NewStringProperty("job-role-abcdefg")},
			want:   func(s string) bool { return s == "job-role-abcdefg" },
		},
		{
			name:   "task definition family not autonamed",
			typ:    "aws:ecs/taskDefinition:TaskDefinition",
			inputs: resource.PropertyMap{},
			want:   func(s string) bool { return s == "" },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := c.Check(context.Background(), &pulumirpc.CheckRequest{
				Urn:        urn(tt.typ, "job-role"),
				Name:       "job-role",
				Type:       tt.typ,
				News:       toStruct(t, tt.inputs),
				Olds:       toStruct(t, tt.olds),
				RandomSeed: []byte("seed"),
			})
			if err != nil {
				t.Fatalf("Check: %v", err)
			}
			got := stringProp(fromStruct(t, resp.GetInputs()), "name")
			if !tt.want(got) {
				t.Errorf("name = %q", got)
			}
		})
	}
}

func TestCreatePreviewLeavesComputedOutputsUnknown(t *testing.T) {
	c := startClient(t, Options{})
	configure(t, c, "eu-west-1")
	inputs := resource.PropertyMap{
		"name":             resource.NewStringProperty("exec"),
		"assumeRolePolicy": resource.NewStringProperty(`{"Version":"2012-10-17"}`),
	}
	resp, err := c.Create(context.Background(), &pulumirpc.CreateRequest{
		Urn:        urn("aws:iam/role:Role", "exec"),
		Type:       "aws:iam/role:Role",
		Properties: toStruct(t, inputs),
		Preview:    true,
	})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if resp.GetId() != "" {
		t.Errorf("id = %q, want empty in a preview", resp.GetId())
	}
	out := fromStruct(t, resp.GetProperties())
	if !out["arn"].IsComputed() {
		t.Errorf("arn = %v, want unknown", out["arn"])
	}
	if got := stringProp(out, "name"); got != "exec" {
		t.Errorf("name = %q, want the known input exec", got)
	}
	if got := stringProp(out, "assumeRolePolicy"); got != `{"Version":"2012-10-17"}` {
		t.Errorf("assumeRolePolicy = %q, want the input", got)
	}
}

func TestCreateInventsRealisticARNs(t *testing.T) {
	tests := []struct {
		typ    string
		inputs resource.PropertyMap
		key    resource.PropertyKey
		want   string
		wantID string
	}{
		{"aws:iam/role:Role", stringMap("name", "exec", "path", "/batch/"), "arn",
			"arn:aws:iam::123456789012:role/batch/exec", "exec"},
		{"aws:iam/role:Role", stringMap("name", "exec"), "arn",
			"arn:aws:iam::123456789012:role/exec", "exec"},
		{"aws:ecs/taskDefinition:TaskDefinition", stringMap("family", "extract"), "arn",
			"arn:aws:ecs:eu-west-1:123456789012:task-definition/extract:1", "extract"},
		{"aws:sfn/stateMachine:StateMachine", stringMap("name", "nightly"), "arn",
			"arn:aws:states:eu-west-1:123456789012:stateMachine:nightly",
			"arn:aws:states:eu-west-1:123456789012:stateMachine:nightly"},
		{"aws:codebuild/project:Project", stringMap("name", "report"), "arn",
			"arn:aws:codebuild:eu-west-1:123456789012:project/report",
			"arn:aws:codebuild:eu-west-1:123456789012:project/report"},
		{"aws:scheduler/schedule:Schedule", stringMap("name", "nightly"), "arn",
			"arn:aws:scheduler:eu-west-1:123456789012:schedule/default/nightly", "default/nightly"},
		{"aws:sns/topic:Topic", stringMap("name", "alerts"), "arn",
			"arn:aws:sns:eu-west-1:123456789012:alerts", "arn:aws:sns:eu-west-1:123456789012:alerts"},
		{"aws:sqs/queue:Queue", stringMap("name", "dlq"), "url",
			"https://sqs.eu-west-1.amazonaws.com/123456789012/dlq",
			"https://sqs.eu-west-1.amazonaws.com/123456789012/dlq"},
		{"aws:sqs/queue:Queue", stringMap("name", "dlq"), "arn",
			"arn:aws:sqs:eu-west-1:123456789012:dlq",
			"https://sqs.eu-west-1.amazonaws.com/123456789012/dlq"},
		{"aws:cloudwatch/logGroup:LogGroup", stringMap("name", "/aws/states/nightly"), "arn",
			"arn:aws:logs:eu-west-1:123456789012:log-group:/aws/states/nightly", "/aws/states/nightly"},
		{"aws:cloudwatch/eventRule:EventRule", stringMap("name", "failed"), "arn",
			"arn:aws:events:eu-west-1:123456789012:rule/failed", "failed"},
		{"aws:ecs/cluster:Cluster", stringMap("name", "batch"), "arn",
			"arn:aws:ecs:eu-west-1:123456789012:cluster/batch",
			"arn:aws:ecs:eu-west-1:123456789012:cluster/batch"},
	}
	for _, tt := range tests {
		t.Run(tt.typ+"."+string(tt.key), func(t *testing.T) {
			c := startClient(t, Options{})
			configure(t, c, "eu-west-1")
			resp, err := c.Create(context.Background(), &pulumirpc.CreateRequest{
				Urn:        urn(tt.typ, "r"),
				Type:       tt.typ,
				Properties: toStruct(t, tt.inputs),
			})
			if err != nil {
				t.Fatalf("Create: %v", err)
			}
			if got := stringProp(fromStruct(t, resp.GetProperties()), tt.key); got != tt.want {
				t.Errorf("%s = %q, want %q", tt.key, got, tt.want)
			}
			if resp.GetId() != tt.wantID {
				t.Errorf("id = %q, want %q", resp.GetId(), tt.wantID)
			}
		})
	}
}

func TestCreateTaskDefinitionRevisionsIncrease(t *testing.T) {
	c := startClient(t, Options{AccountID: "111122223333", Region: "us-west-2"})
	var arns []string
	for range 2 {
		resp, err := c.Create(context.Background(), &pulumirpc.CreateRequest{
			Urn:        urn("aws:ecs/taskDefinition:TaskDefinition", "extract"),
			Properties: toStruct(t, stringMap("family", "extract")),
		})
		if err != nil {
			t.Fatalf("Create: %v", err)
		}
		out := fromStruct(t, resp.GetProperties())
		arns = append(arns, stringProp(out, "arn"))
		if got := stringProp(out, "arnWithoutRevision"); got != "arn:aws:ecs:us-west-2:111122223333:task-definition/extract" {
			t.Errorf("arnWithoutRevision = %q", got)
		}
	}
	want := []string{
		"arn:aws:ecs:us-west-2:111122223333:task-definition/extract:1",
		"arn:aws:ecs:us-west-2:111122223333:task-definition/extract:2",
	}
	for i := range want {
		if arns[i] != want[i] {
			t.Errorf("arn %d = %q, want %q", i, arns[i], want[i])
		}
	}
}

func TestDiff(t *testing.T) {
	c := startClient(t, Options{})
	unknown := resource.MakeComputed(resource.NewStringProperty(""))
	tests := []struct {
		name         string
		typ          string
		olds, news   resource.PropertyMap
		wantChanges  pulumirpc.DiffResponse_DiffChanges
		wantDiffs    []string
		wantReplaces []string
	}{
		{
			name:        "no change",
			typ:         "aws:iam/rolePolicy:RolePolicy",
			olds:        stringMap("role", "exec", "policy", "{}"),
			news:        stringMap("role", "exec", "policy", "{}"),
			wantChanges: pulumirpc.DiffResponse_DIFF_NONE,
		},
		{
			name:        "policy changes in place",
			typ:         "aws:iam/rolePolicy:RolePolicy",
			olds:        stringMap("role", "exec", "policy", "{}"),
			news:        stringMap("role", "exec", "policy", `{"Statement":[]}`),
			wantChanges: pulumirpc.DiffResponse_DIFF_SOME,
			wantDiffs:   []string{"policy"},
		},
		{
			name:         "new role replaces a role policy",
			typ:          "aws:iam/rolePolicy:RolePolicy",
			olds:         stringMap("role", "exec", "policy", "{}"),
			news:         stringMap("role", "task", "policy", "{}"),
			wantChanges:  pulumirpc.DiffResponse_DIFF_SOME,
			wantDiffs:    []string{"role"},
			wantReplaces: []string{"role"},
		},
		{
			name:         "any task definition input replaces",
			typ:          "aws:ecs/taskDefinition:TaskDefinition",
			olds:         stringMap("family", "extract", "taskRoleArn", "arn:a"),
			news:         resource.PropertyMap{"family": resource.NewStringProperty("extract"), "taskRoleArn": unknown},
			wantChanges:  pulumirpc.DiffResponse_DIFF_SOME,
			wantDiffs:    []string{"taskRoleArn"},
			wantReplaces: []string{"taskRoleArn"},
		},
		{
			name:        "task definition tags update in place",
			typ:         "aws:ecs/taskDefinition:TaskDefinition",
			olds:        stringMap("family", "extract"),
			news:        resource.PropertyMap{"family": resource.NewStringProperty("extract"), "tags": resource.NewObjectProperty(stringMap("team", "data"))},
			wantChanges: pulumirpc.DiffResponse_DIFF_SOME,
			wantDiffs:   []string{"tags"},
		},
		{
			name:        "removed property is a change",
			typ:         "aws:sfn/stateMachine:StateMachine",
			olds:        stringMap("name", "nightly", "definition", "{}"),
			news:        stringMap("name", "nightly"),
			wantChanges: pulumirpc.DiffResponse_DIFF_SOME,
			wantDiffs:   []string{"definition"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := c.Diff(context.Background(), &pulumirpc.DiffRequest{
				Urn:       urn(tt.typ, "r"),
				Type:      tt.typ,
				OldInputs: toStruct(t, tt.olds),
				Olds:      toStruct(t, tt.olds),
				News:      toStruct(t, tt.news),
			})
			if err != nil {
				t.Fatalf("Diff: %v", err)
			}
			if resp.GetChanges() != tt.wantChanges {
				t.Errorf("changes = %v, want %v", resp.GetChanges(), tt.wantChanges)
			}
			if !equalStrings(resp.GetDiffs(), tt.wantDiffs) {
				t.Errorf("diffs = %v, want %v", resp.GetDiffs(), tt.wantDiffs)
			}
			if !equalStrings(resp.GetReplaces(), tt.wantReplaces) {
				t.Errorf("replaces = %v, want %v", resp.GetReplaces(), tt.wantReplaces)
			}
		})
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestUpdateKeepsComputedOutputs(t *testing.T) {
	c := startClient(t, Options{})
	olds := stringMap("name", "nightly", "definition", "{}", "arn", "arn:aws:states:r:1:stateMachine:nightly")
	resp, err := c.Update(context.Background(), &pulumirpc.UpdateRequest{
		Id:        "arn:aws:states:r:1:stateMachine:nightly",
		Urn:       urn("aws:sfn/stateMachine:StateMachine", "nightly"),
		Olds:      toStruct(t, olds),
		OldInputs: toStruct(t, stringMap("name", "nightly", "definition", "{}")),
		News:      toStruct(t, stringMap("name", "nightly", "definition", `{"StartAt":"A"}`)),
	})
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	out := fromStruct(t, resp.GetProperties())
	if got := stringProp(out, "arn"); got != "arn:aws:states:r:1:stateMachine:nightly" {
		t.Errorf("arn = %q, want the old arn", got)
	}
	if got := stringProp(out, "definition"); got != `{"StartAt":"A"}` {
		t.Errorf("definition = %q, want the new input", got)
	}
}

func TestInvoke(t *testing.T) {
	c := startClient(t, Options{})
	configure(t, c, "eu-central-1")
	tests := []struct {
		tok  string
		args resource.PropertyMap
		key  resource.PropertyKey
		want string
	}{
		{TokenCallerIdentity, nil, "accountId", "123456789012"},
		{TokenRegion, nil, "name", "eu-central-1"},
		{TokenRegion, stringMap("name", "us-east-1"), "name", "us-east-1"},
		{TokenPartition, nil, "partition", "aws"},
		{TokenPartition, nil, "dnsSuffix", "amazonaws.com"},
	}
	for _, tt := range tests {
		t.Run(tt.tok, func(t *testing.T) {
			resp, err := c.Invoke(context.Background(), &pulumirpc.InvokeRequest{Tok: tt.tok, Args: toStruct(t, tt.args)})
			if err != nil {
				t.Fatalf("Invoke: %v", err)
			}
			if got := stringProp(fromStruct(t, resp.GetReturn()), tt.key); got != tt.want {
				t.Errorf("%s = %q, want %q", tt.key, got, tt.want)
			}
		})
	}
}

func TestInvokePolicyDocument(t *testing.T) {
	c := startClient(t, Options{})
	args := resource.NewPropertyMapFromMap(map[string]any{
		"statements": []any{map[string]any{
			"actions":   []any{"states:StartExecution"},
			"resources": []any{"arn:aws:states:r:1:stateMachine:nightly"},
		}},
	})
	resp, err := c.Invoke(context.Background(), &pulumirpc.InvokeRequest{Tok: TokenPolicyDocument, Args: toStruct(t, args)})
	if err != nil {
		t.Fatalf("Invoke: %v", err)
	}
	got := stringProp(fromStruct(t, resp.GetReturn()), "minifiedJson")
	want := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"states:StartExecution","Resource":"arn:aws:states:r:1:stateMachine:nightly"}]}`
	if got != want {
		t.Errorf("minifiedJson = %s\nwant %s", got, want)
	}
}

func TestInvokeUnknownFunctionIsUnimplemented(t *testing.T) {
	c := startClient(t, Options{})
	_, err := c.Invoke(context.Background(), &pulumirpc.InvokeRequest{Tok: "aws:ec2/getVpc:getVpc"})
	if status.Code(err) != codes.Unimplemented {
		t.Fatalf("err = %v, want Unimplemented", err)
	}
}
