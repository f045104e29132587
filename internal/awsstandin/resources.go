package awsstandin

import (
	"context"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/emptypb"

	"batchpipeline/internal/integrations"
)

// typeOf is the resource type of a request: its Type field, or the type of
// its URN for engines that do not send it.
func typeOf(typ, urn string) string {
	if typ != "" {
		return typ
	}
	return string(resource.URN(urn).Type())
}

// nameOf is the Pulumi resource name of a request.
func nameOf(name, urn string) string {
	if name != "" {
		return name
	}
	return resource.URN(urn).Name()
}

// Check returns the inputs unchanged, except that a missing name of a type
// AWS names gets an autoname: the resource name, a dash and 7 characters
// derived from the engine's random seed, as pulumi-aws does.
func (p *provider) Check(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	news, err := unmarshal(req.GetNews(), "inputs")
	if err != nil {
		return nil, err
	}
	k := kindOf(typeOf(req.GetType(), req.GetUrn()))
	if k.nameKey != "" {
		if _, has := news[k.nameKey]; !has {
			olds, err := unmarshal(req.GetOlds(), "old inputs")
			if err != nil {
				return nil, err
			}
			if old, ok := olds[k.nameKey]; ok {
				// Keep the name given at creation, as the real provider does.
				news[k.nameKey] = old
			} else {
				name := nameOf(req.GetName(), req.GetUrn())
				suffix := digest(string(req.GetRandomSeed()), req.GetUrn())[:7]
				news[k.nameKey] = resource.NewStringProperty(name + "-" + suffix)
			}
		}
	}
	inputs, err := marshal(news, "inputs")
	if err != nil {
		return nil, err
	}
	return &pulumirpc.CheckResponse{Inputs: inputs}, nil
}

// Diff compares the old inputs (or the old state when the engine sends no
// old inputs) with the new inputs. An unknown new value counts as a change.
func (p *provider) Diff(_ context.Context, req *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	olds, err := unmarshal(req.GetOldInputs(), "old inputs")
	if err != nil {
		return nil, err
	}
	if req.GetOldInputs() == nil {
		if olds, err = unmarshal(req.GetOlds(), "old state"); err != nil {
			return nil, err
		}
	}
	news, err := unmarshal(req.GetNews(), "new inputs")
	if err != nil {
		return nil, err
	}
	changed := changedKeys(olds, news, req.GetIgnoreChanges())
	k := kindOf(typeOf(req.GetType(), req.GetUrn()))
	var replaces []string
	for _, key := range changed {
		if k.replaces(resource.PropertyKey(key)) {
			replaces = append(replaces, key)
		}
	}
	return diffResponse(changed, replaces), nil
}

// changedKeys lists, sorted, the top-level keys whose values differ between
// olds and news, leaving out internal keys ("__...") and ignored ones.
func changedKeys(olds, news resource.PropertyMap, ignore []string) []string {
	var changed []string
	seen := map[resource.PropertyKey]bool{}
	for _, m := range []resource.PropertyMap{olds, news} {
		for key := range m {
			if seen[key] || strings.HasPrefix(string(key), "__") || slices.Contains(ignore, string(key)) {
				continue
			}
			seen[key] = true
			o, hasOld := olds[key]
			n, hasNew := news[key]
			if hasNew && n.ContainsUnknowns() {
				changed = append(changed, string(key))
				continue
			}
			if isEmpty(o, hasOld) && isEmpty(n, hasNew) {
				continue
			}
			if hasOld != hasNew || !o.DeepEquals(n) {
				changed = append(changed, string(key))
			}
		}
	}
	slices.Sort(changed)
	return changed
}

// isEmpty reports an absent or null value, which AWS does not tell apart.
func isEmpty(v resource.PropertyValue, has bool) bool {
	return !has || v.IsNull()
}

func diffResponse(changed, replaces []string) *pulumirpc.DiffResponse {
	if len(changed) == 0 {
		return &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_NONE}
	}
	return &pulumirpc.DiffResponse{
		Changes:  pulumirpc.DiffResponse_DIFF_SOME,
		Diffs:    changed,
		Replaces: replaces,
	}
}

// Create returns the inputs plus the computed outputs of the type: unknown
// in a preview, invented (ARNs, ids, revisions) otherwise.
func (p *provider) Create(_ context.Context, req *pulumirpc.CreateRequest) (*pulumirpc.CreateResponse, error) {
	inputs, err := unmarshal(req.GetProperties(), "inputs")
	if err != nil {
		return nil, err
	}
	typ := typeOf(req.GetType(), req.GetUrn())
	k := kindOf(typ)
	r := newResource{URN: req.GetUrn(), Inputs: inputs}
	if !req.GetPreview() && typ == "aws:ecs/taskDefinition:TaskDefinition" {
		r.Revision = p.nextRevision(r.str("family"))
	}
	id, out := created(k, p.env(), r, req.GetPreview())
	props, err := marshal(out, "outputs")
	if err != nil {
		return nil, err
	}
	return &pulumirpc.CreateResponse{Id: id, Properties: props}, nil
}

// Read returns the state it is given: the stand-in has no cloud to ask.
func (p *provider) Read(_ context.Context, req *pulumirpc.ReadRequest) (*pulumirpc.ReadResponse, error) {
	return &pulumirpc.ReadResponse{
		Id:         req.GetId(),
		Properties: req.GetProperties(),
		Inputs:     req.GetInputs(),
	}, nil
}

// Update returns the new inputs plus the computed outputs of the old state
// (ARNs and ids do not change in place).
func (p *provider) Update(_ context.Context, req *pulumirpc.UpdateRequest) (*pulumirpc.UpdateResponse, error) {
	olds, err := unmarshal(req.GetOlds(), "old state")
	if err != nil {
		return nil, err
	}
	news, err := unmarshal(req.GetNews(), "new inputs")
	if err != nil {
		return nil, err
	}
	oldInputs, err := unmarshal(req.GetOldInputs(), "old inputs")
	if err != nil {
		return nil, err
	}
	out := news.Copy()
	for key, v := range olds {
		_, inNews := news[key]
		_, wasInput := oldInputs[key]
		if !inNews && !wasInput {
			out[key] = v
		}
	}
	if tags, ok := news["tags"]; ok {
		if _, has := news["tagsAll"]; !has {
			out["tagsAll"] = tags
		}
	}
	props, err := marshal(out, "outputs")
	if err != nil {
		return nil, err
	}
	return &pulumirpc.UpdateResponse{Properties: props}, nil
}

// Delete has nothing to delete.
func (p *provider) Delete(context.Context, *pulumirpc.DeleteRequest) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

// created returns the id and outputs of a resource of kind k created from
// r: its inputs plus the outputs the kind computes (ARNs, ids, revisions),
// unknown in a preview. A known input keeps the value it was given.
func created(k kind, e integrations.Account, r newResource, preview bool) (string, resource.PropertyMap) {
	id, computed := k.outputs(e, r)
	out := r.Inputs.Copy()
	for key, v := range computed {
		if in, ok := r.Inputs[key]; ok && !in.ContainsUnknowns() {
			continue // a known input stays what it was given as
		}
		if preview {
			v = resource.MakeComputed(resource.NewStringProperty(""))
		}
		out[key] = v
	}
	if tags, ok := r.Inputs["tags"]; ok {
		if _, has := r.Inputs["tagsAll"]; !has {
			out["tagsAll"] = tags
		}
	}
	if preview {
		id = ""
	}
	return id, out
}

// CreatedOutputs returns the id and outputs the stand-in gives a resource
// of type typ created (not previewed) from inputs, with the given task
// definition revision. A missing name of a type AWS names is the URN's
// name, as autonaming would give without its random suffix. The unit-test
// mocks (internal/pulumimock) use it, so unit tests and `make preview` see
// the same ARNs and ids.
func CreatedOutputs(e integrations.Account, typ, urn string, inputs resource.PropertyMap, revision int) (string, resource.PropertyMap) {
	k := kindOf(typ)
	if k.nameKey != "" {
		if _, has := inputs[k.nameKey]; !has {
			inputs = inputs.Copy()
			inputs[k.nameKey] = resource.NewStringProperty(resource.URN(urn).Name())
		}
	}
	return created(k, e, newResource{URN: urn, Inputs: inputs, Revision: revision}, false)
}
