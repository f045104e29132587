// Package pulumimock is a reusable pulumi.MockResourceMonitor for unit tests
// of Pulumi programs and components that create AWS resources. It answers
// with the outputs and invokes of the offline AWS stand-in
// (internal/awsstandin: arn, id, name; family and revision for task
// definitions; account, partition, region), so unit tests and `make preview`
// see the same values, and it records every registration in order, faithfully enough (URNs, parents,
// dependencies, property dependencies) for a policy pack to be run over the
// records.
//
// A Mocks value holds all its state; tests create one per program run:
//
//	m := pulumimock.New("project", "stack")
//	err := pulumi.RunErr(program, m.RunOption())
//	roles := m.ByType("aws:iam/role:Role")
package pulumimock

import (
	"fmt"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"batchpipeline/internal/arn"
	"batchpipeline/internal/awsstandin"
	"batchpipeline/internal/integrations"
)

// Defaults of the AWS environment the mocks pretend to run in; the
// partition is the region's unless set.
const (
	DefaultAccountID = "123456789012"
	DefaultRegion    = "ap-northeast-1"
)

// Registration is one resource registration the program made, in the order
// it reached the monitor.
type Registration struct {
	// Type is the type token, e.g. "aws:iam/role:Role".
	Type string
	// Name is the logical name.
	Name string
	// URN is the URN the mock monitor gives the resource.
	URN string
	// ID is the physical ID the mocks answered (empty for components).
	ID string
	// Custom is false for component resources.
	Custom bool
	// Parent is the parent's URN (the stack's URN for top-level resources).
	Parent string
	// Provider is the provider reference, if any.
	Provider string
	// Dependencies are the URNs the resource depends on (DependsOn and the
	// resources its inputs came from).
	Dependencies []string
	// PropertyDependencies maps an input property to the URNs its value
	// came from.
	PropertyDependencies map[string][]string
	// Inputs are the inputs as the program sent them; a value unknown at
	// registration (an output of a resource not created yet) is computed
	// (IsComputed), not missing.
	Inputs resource.PropertyMap
	// Outputs are the outputs the mocks answered.
	Outputs resource.PropertyMap
}

// Invocation is one invoke (data source call) the program made.
type Invocation struct {
	Token string
	Args  resource.PropertyMap
}

// Mocks implements pulumi.MockResourceMonitor. Its exported fields may be set
// before the run; the zero value of each environment field means its default.
type Mocks struct {
	// Project and Stack are passed to pulumi.WithMocks and used in URNs.
	Project, Stack string
	// AccountID, Partition and Region are what the invokes answer.
	AccountID, Partition, Region string
	// Preview runs the program as in a first preview (ctx.DryRun() is true)
	// of resources that do not exist yet: the mocks answer no ID and no
	// provider-computed output (arn, id, ...), so those stay unknown, as
	// they are when a policy pack first sees a stack. Invokes still answer.
	Preview bool

	mu      sync.Mutex
	regs    []Registration
	invokes []Invocation
}

var _ pulumi.MockResourceMonitor = (*Mocks)(nil)

// New returns mocks for the given project and stack in the default AWS
// environment (account 123456789012, partition aws, region ap-northeast-1).
func New(project, stack string) *Mocks {
	return &Mocks{
		Project:   project,
		Stack:     stack,
		AccountID: DefaultAccountID,
		Region:    DefaultRegion,
	}
}

// RunOption returns the pulumi.WithMocks option that runs a program
// against m.
func (m *Mocks) RunOption() pulumi.RunOption {
	withMocks := pulumi.WithMocks(m.Project, m.Stack, m)
	return func(info *pulumi.RunInfo) {
		withMocks(info)
		info.DryRun = m.Preview
	}
}

// StackURN is the URN of the root stack resource, the parent of top-level
// resources.
func (m *Mocks) StackURN() string {
	return string(resource.NewURN(tokens.QName(m.Stack), tokens.PackageName(m.Project), "",
		resource.RootStackType, m.Project+"-"+m.Stack))
}

// NewResource records the registration and answers synthesized outputs.
func (m *Mocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	inputs := faithfulInputs(args)
	var parent string
	if rpc := args.RegisterRPC; rpc != nil {
		parent = rpc.GetParent()
	}
	urn := m.urn(parent, args.TypeToken, args.Name)
	var id string
	var outputs resource.PropertyMap
	switch {
	case args.Custom && m.Preview:
		outputs = inputs.Copy()
	case args.Custom:
		// The same outputs the offline AWS stand-in gives `make preview`.
		id, outputs = awsstandin.CreatedOutputs(m.env(), args.TypeToken, urn, args.Inputs, 1)
	default:
		outputs = resource.PropertyMap{}
	}

	reg := Registration{
		URN:     urn,
		Type:    args.TypeToken,
		Name:    args.Name,
		ID:      id,
		Custom:  args.Custom,
		Inputs:  inputs,
		Outputs: outputs.Copy(),
	}
	if rpc := args.RegisterRPC; rpc != nil {
		reg.Parent = rpc.GetParent()
		reg.Provider = rpc.GetProvider()
		reg.Dependencies = append([]string(nil), rpc.GetDependencies()...)
		if pd := rpc.GetPropertyDependencies(); len(pd) > 0 {
			reg.PropertyDependencies = make(map[string][]string, len(pd))
			for k, v := range pd {
				reg.PropertyDependencies[k] = append([]string(nil), v.GetUrns()...)
			}
		}
	}

	m.mu.Lock()
	m.regs = append(m.regs, reg)
	m.mu.Unlock()
	return id, outputs, nil
}

// faithfulInputs returns the inputs as the program sent them. The SDK's mock
// monitor drops unknown values from MockResourceArgs.Inputs; decoding the
// raw request keeps them as computed values, as the engine (and a policy
// pack in a first preview) sees them.
func faithfulInputs(args pulumi.MockResourceArgs) resource.PropertyMap {
	if rpc := args.RegisterRPC; rpc != nil && rpc.GetObject() != nil {
		inputs, err := plugin.UnmarshalProperties(rpc.GetObject(), plugin.MarshalOptions{
			KeepUnknowns:  true,
			KeepSecrets:   true,
			KeepResources: true,
		})
		if err == nil {
			return inputs
		}
	}
	return args.Inputs.Copy()
}

// urn builds a URN the way the SDK's mock monitor does, so that recorded
// URNs equal the ones the program sees.
func (m *Mocks) urn(parent, typ, name string) string {
	parentType := tokens.Type("")
	if p := resource.URN(parent); p != "" && p.QualifiedType() != resource.RootStackType {
		parentType = p.QualifiedType()
	}
	return string(resource.NewURN(tokens.QName(m.Stack), tokens.PackageName(m.Project), parentType,
		tokens.Type(typ), name))
}

// Call answers the AWS account, partition and region invokes and records
// every invoke; any other token is an error, so a test notices a data
// source it did not expect.
func (m *Mocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	m.mu.Lock()
	m.invokes = append(m.invokes, Invocation{Token: args.Token, Args: args.Args.Copy()})
	m.mu.Unlock()

	ret, err := awsstandin.InvokeResult(m.env(), args.Token, args.Args)
	if err != nil {
		return nil, fmt.Errorf("pulumimock: %w", err)
	}
	return ret, nil
}

// Registrations returns every registration so far, in order.
func (m *Mocks) Registrations() []Registration {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Registration(nil), m.regs...)
}

// ByType returns the registrations of one type token, in order.
func (m *Mocks) ByType(token string) []Registration {
	var out []Registration
	for _, r := range m.Registrations() {
		if r.Type == token {
			out = append(out, r)
		}
	}
	return out
}

// Find returns the registration of the given type and logical name.
func (m *Mocks) Find(token, name string) (Registration, bool) {
	for _, r := range m.Registrations() {
		if r.Type == token && r.Name == name {
			return r, true
		}
	}
	return Registration{}, false
}

// ByURN returns the registration with the given URN.
func (m *Mocks) ByURN(urn string) (Registration, bool) {
	for _, r := range m.Registrations() {
		if r.URN == urn {
			return r, true
		}
	}
	return Registration{}, false
}

// Invocations returns every invoke so far, in order.
func (m *Mocks) Invocations() []Invocation {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Invocation(nil), m.invokes...)
}

// env is the AWS environment with defaults filled in.
func (m *Mocks) env() integrations.Account {
	e := integrations.Account{ID: m.AccountID, Partition: m.Partition, Region: m.Region}
	if e.ID == "" {
		e.ID = DefaultAccountID
	}
	if e.Region == "" {
		e.Region = DefaultRegion
	}
	if e.Partition == "" {
		e.Partition = arn.PartitionOf(e.Region)
	}
	return e
}
