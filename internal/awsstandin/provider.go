package awsstandin

import (
	"context"
	"fmt"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"

	"batchpipeline/internal/arn"
	"batchpipeline/internal/integrations"
)

// provider implements pulumirpc.ResourceProviderServer. Methods the engine
// does not call in a preview or update (GetSchema, Construct, Call, ...)
// answer Unimplemented through the embedded type.
type provider struct {
	pulumirpc.UnimplementedResourceProviderServer

	account       string
	defaultRegion string

	mu        sync.Mutex
	region    string         // from Configure; defaultRegion until then
	revisions map[string]int // task definition family -> last revision created
}

var _ pulumirpc.ResourceProviderServer = (*provider)(nil)

func newProvider(opts Options) *provider {
	p := &provider{
		account:       opts.AccountID,
		defaultRegion: opts.Region,
		revisions:     map[string]int{},
	}
	if p.account == "" {
		p.account = DefaultAccountID
	}
	if p.defaultRegion == "" {
		p.defaultRegion = DefaultRegion
	}
	return p
}

// env is the account and region ARNs are built in.
func (p *provider) env() integrations.Account {
	p.mu.Lock()
	defer p.mu.Unlock()
	region := p.region
	if region == "" {
		region = p.defaultRegion
	}
	return integrations.Account{Partition: arn.PartitionOf(region), Region: region, ID: p.account}
}

// nextRevision returns the next revision number of a task definition family.
func (p *provider) nextRevision(family string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.revisions[family]++
	return p.revisions[family]
}

// Handshake tells the engine the stand-in accepts secrets and resource
// references, which also makes it preview-capable.
func (p *provider) Handshake(context.Context, *pulumirpc.ProviderHandshakeRequest) (*pulumirpc.ProviderHandshakeResponse, error) {
	return &pulumirpc.ProviderHandshakeResponse{AcceptSecrets: true, AcceptResources: true}, nil
}

// Attach is called by the engine when it attaches to an already running
// provider; there is nothing to set up.
func (p *provider) Attach(context.Context, *pulumirpc.PluginAttach) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

// GetPluginInfo reports the pulumi-aws version the stand-in imitates.
func (p *provider) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: ProviderVersion}, nil
}

// Cancel has nothing in flight to cancel.
func (p *provider) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

// CheckConfig accepts any provider configuration.
func (p *provider) CheckConfig(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	return &pulumirpc.CheckResponse{Inputs: req.GetNews()}, nil
}

// DiffConfig reports which provider configuration keys changed; none forces
// a replacement of the provider.
func (p *provider) DiffConfig(_ context.Context, req *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	olds, err := unmarshal(req.GetOldInputs(), "old config")
	if err != nil {
		return nil, err
	}
	if req.GetOldInputs() == nil {
		if olds, err = unmarshal(req.GetOlds(), "old config"); err != nil {
			return nil, err
		}
	}
	news, err := unmarshal(req.GetNews(), "new config")
	if err != nil {
		return nil, err
	}
	return diffResponse(changedKeys(olds, news, nil), nil), nil
}

// Configure records the region of the provider configuration.
func (p *provider) Configure(_ context.Context, req *pulumirpc.ConfigureRequest) (*pulumirpc.ConfigureResponse, error) {
	region := ""
	if req.GetArgs() != nil {
		args, err := unmarshal(req.GetArgs(), "config")
		if err != nil {
			return nil, err
		}
		if r := stringProp(args, "region"); r != "" {
			region = r
		}
	}
	p.mu.Lock()
	p.region = region
	p.mu.Unlock()
	return &pulumirpc.ConfigureResponse{
		AcceptSecrets:   true,
		AcceptResources: true,
		SupportsPreview: true,
	}, nil
}

// marshalOptions keep unknowns, secrets and resource references intact both
// ways, so what the engine sends is what it gets back.
var marshalOptions = plugin.MarshalOptions{
	KeepUnknowns:  true,
	KeepSecrets:   true,
	KeepResources: true,
}

func unmarshal(s *structpb.Struct, what string) (resource.PropertyMap, error) {
	if s == nil {
		return resource.PropertyMap{}, nil
	}
	m, err := plugin.UnmarshalProperties(s, marshalOptions)
	if err != nil {
		return nil, fmt.Errorf("awsstandin: decode %s: %w", what, err)
	}
	return m, nil
}

func marshal(m resource.PropertyMap, what string) (*structpb.Struct, error) {
	s, err := plugin.MarshalProperties(m, marshalOptions)
	if err != nil {
		return nil, fmt.Errorf("awsstandin: encode %s: %w", what, err)
	}
	return s, nil
}

// stringProp is m[key] when it is a known string (secret or not), else "".
func stringProp(m resource.PropertyMap, key resource.PropertyKey) string {
	v, ok := m[key]
	if !ok {
		return ""
	}
	if v.IsSecret() {
		v = v.SecretValue().Element
	}
	if v.IsString() {
		return v.StringValue()
	}
	return ""
}
