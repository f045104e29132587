package packtest

import (
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"batchpipeline/internal/pulumimock"
)

// FromRegistrations turns the registrations a program made under
// pulumimock into the stack a stack policy sees: type, name, URN, parent,
// dependencies, property dependencies, and the outputs as properties. Run
// with Mocks.Preview, the outputs are the inputs with every
// provider-computed value unknown, as in a first preview; otherwise they
// are the synthesized outputs of a deployed stack.
func FromRegistrations(regs []pulumimock.Registration) []policyx.AnalyzerResource {
	out := make([]policyx.AnalyzerResource, 0, len(regs))
	for _, r := range regs {
		props := r.Outputs
		if props == nil {
			props = r.Inputs
		}
		var pd map[string][]string
		if len(r.PropertyDependencies) > 0 {
			pd = make(map[string][]string, len(r.PropertyDependencies))
			for k, v := range r.PropertyDependencies {
				pd[k] = append([]string(nil), v...)
			}
		}
		out = append(out, policyx.AnalyzerResource{
			Type:                 r.Type,
			Name:                 r.Name,
			URN:                  r.URN,
			Parent:               r.Parent,
			Dependencies:         append([]string(nil), r.Dependencies...),
			PropertyDependencies: pd,
			Properties:           resource.FromResourcePropertyMap(props),
		})
	}
	return out
}
