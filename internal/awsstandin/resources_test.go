package awsstandin

import (
	"context"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

func TestReadReturnsTheStateItIsGiven(t *testing.T) {
	c := startClient(t, Options{})
	state := stringMap("name", "exec", "arn", "arn:aws:iam::123456789012:role/exec")
	inputs := stringMap("name", "exec")
	resp, err := c.Read(context.Background(), &pulumirpc.ReadRequest{
		Id: "exec", Urn: urn("aws:iam/role:Role", "exec"),
		Properties: toStruct(t, state), Inputs: toStruct(t, inputs),
	})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if resp.GetId() != "exec" || !fromStruct(t, resp.GetProperties()).DeepEquals(state) || !fromStruct(t, resp.GetInputs()).DeepEquals(inputs) {
		t.Errorf("Read = %v", resp)
	}
}

func TestDiffConfig(t *testing.T) {
	c := startClient(t, Options{})
	tests := []struct {
		name       string
		olds, news resource.PropertyMap
		want       pulumirpc.DiffResponse_DiffChanges
	}{
		{"same region", stringMap("region", "eu-west-1"), stringMap("region", "eu-west-1"), pulumirpc.DiffResponse_DIFF_NONE},
		{"new region", stringMap("region", "eu-west-1"), stringMap("region", "us-east-1"), pulumirpc.DiffResponse_DIFF_SOME},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := c.DiffConfig(context.Background(), &pulumirpc.DiffRequest{
				Urn: "urn:pulumi:prod::p::pulumi:providers:aws::default", OldInputs: toStruct(t, tt.olds), News: toStruct(t, tt.news),
			})
			if err != nil {
				t.Fatalf("DiffConfig: %v", err)
			}
			if resp.GetChanges() != tt.want || len(resp.GetReplaces()) != 0 {
				t.Errorf("DiffConfig = %v, want %v and no replacement", resp, tt.want)
			}
		})
	}
}

func TestCheckKeepsUnknownInputs(t *testing.T) {
	c := startClient(t, Options{})
	news := resource.PropertyMap{
		"role":   resource.NewStringProperty("exec"),
		"policy": resource.MakeComputed(resource.NewStringProperty("")),
	}
	resp, err := c.Check(context.Background(), &pulumirpc.CheckRequest{
		Urn: urn("aws:iam/rolePolicy:RolePolicy", "p"), Type: "aws:iam/rolePolicy:RolePolicy", News: toStruct(t, news),
	})
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	got := fromStruct(t, resp.GetInputs())
	if !got["policy"].IsComputed() {
		t.Errorf("policy = %v, want it still unknown", got["policy"])
	}
	if len(resp.GetFailures()) != 0 {
		t.Errorf("failures = %v, want none: the stand-in checks nothing", resp.GetFailures())
	}
}

func TestCreatePreviewOfTaskDefinitionTakesNoRevision(t *testing.T) {
	c := startClient(t, Options{})
	create := func(preview bool) resource.PropertyMap {
		t.Helper()
		resp, err := c.Create(context.Background(), &pulumirpc.CreateRequest{
			Urn:        urn("aws:ecs/taskDefinition:TaskDefinition", "job"),
			Properties: toStruct(t, stringMap("family", "job")),
			Preview:    preview,
		})
		if err != nil {
			t.Fatalf("Create: %v", err)
		}
		return fromStruct(t, resp.GetProperties())
	}
	if p := create(true); !p["revision"].IsComputed() || !p["arn"].IsComputed() {
		t.Errorf("preview outputs = %v, want revision and arn unknown", p)
	}
	if got := stringProp(create(false), "arn"); got != "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/job:1" {
		t.Errorf("first created arn = %q, want revision 1 (a preview takes none)", got)
	}
}

func TestCreateCopiesTagsToTagsAll(t *testing.T) {
	c := startClient(t, Options{})
	tags := resource.NewObjectProperty(stringMap("Project", "batch"))
	resp, err := c.Create(context.Background(), &pulumirpc.CreateRequest{
		Urn:        urn("aws:sns/topic:Topic", "alerts"),
		Properties: toStruct(t, resource.PropertyMap{"name": resource.NewStringProperty("alerts"), "tags": tags}),
	})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if got := fromStruct(t, resp.GetProperties())["tagsAll"]; !got.DeepEquals(tags) {
		t.Errorf("tagsAll = %v, want the tags", got)
	}
}

// TestPartitionFollowsRegion: the stand-in answers in the partition of
// its region, as AWS does (getPartition, and every ARN it builds).
func TestPartitionFollowsRegion(t *testing.T) {
	p := newProvider(Options{AccountID: "210987654321"})
	p.region = "cn-north-1"
	e := p.env()
	if e.Partition != "aws-cn" {
		t.Fatalf("partition of cn-north-1 = %q, want aws-cn", e.Partition)
	}
	out, err := InvokeResult(e, TokenPartition, resource.PropertyMap{})
	if err != nil {
		t.Fatal(err)
	}
	if out["partition"].StringValue() != "aws-cn" || out["dnsSuffix"].StringValue() != "amazonaws.com.cn" {
		t.Errorf("getPartition = %v", out)
	}
	_, outputs := created(kinds["aws:iam/role:Role"], e, newResource{URN: "urn:x", Inputs: stringMap("name", "r")}, false)
	if got := outputs["arn"].StringValue(); got != "arn:aws-cn:iam::210987654321:role/r" {
		t.Errorf("role ARN = %q", got)
	}
}

// TestEC2IDs: VPCs, subnets and security groups get ids shaped as EC2's
// (what a program passes on as network ids) and ARNs with them.
func TestEC2IDs(t *testing.T) {
	e := newProvider(Options{}).env()
	for _, tc := range []struct {
		typ, prefix, arnType string
	}{
		{"aws:ec2/vpc:Vpc", "vpc-", "vpc/"},
		{"aws:ec2/subnet:Subnet", "subnet-", "subnet/"},
		{"aws:ec2/securityGroup:SecurityGroup", "sg-", "security-group/"},
	} {
		id, outputs := created(kindOf(tc.typ), e, newResource{URN: "urn:pulumi:dev::p::" + tc.typ + "::x", Inputs: resource.PropertyMap{}}, false)
		if !strings.HasPrefix(id, tc.prefix) || len(id) != len(tc.prefix)+17 {
			t.Errorf("%s id = %q, want %s and 17 hexadecimal digits", tc.typ, id, tc.prefix)
		}
		if got, want := outputs["arn"].StringValue(), "arn:aws:ec2:ap-northeast-1:123456789012:"+tc.arnType+id; got != want {
			t.Errorf("%s arn = %q, want %q", tc.typ, got, want)
		}
		if previewID, _ := created(kindOf(tc.typ), e, newResource{URN: "urn:x", Inputs: resource.PropertyMap{}}, true); previewID != "" {
			t.Errorf("%s id in a preview = %q, want unknown", tc.typ, previewID)
		}
	}
}
