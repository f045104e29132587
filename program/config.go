// Package program is the Pulumi program of the batch pipeline: it reads the
// stack's typed config and builds one components.Pipeline. main.go runs it
// with pulumi.Run; the offline preview and the end-to-end tests run it as an
// Automation API inline program.
package program

import (
	"fmt"

	"batchpipeline/components"
)

// Namespace is the config namespace of the program (the project name).
const Namespace = "batchpipeline"

// Lookup returns the raw value of a config key of Namespace and whether the
// stack sets it. pulumi.Context.GetConfig fits once the namespace is added.
type Lookup func(key string) (string, bool)

// configKey is one project config key and where it goes in PipelineArgs.
type configKey struct {
	name string
	// decode reads the raw config value into args. Object keys merge onto
	// the defaults (a stack may set just schedule.enabled); arrays and maps
	// replace them.
	decode func(raw string, args *components.PipelineArgs) error
}

// Keys lists the project config keys the program reads, in Pulumi.yaml
// order.
func Keys() []string {
	table := configKeys()
	names := make([]string, len(table))
	for i, k := range table {
		names[i] = k.name
	}
	return names
}

func configKeys() []configKey {
	return []configKey{
		{"name", func(raw string, a *components.PipelineArgs) error { a.Name = raw; return nil }},
		{"schedule", func(raw string, a *components.PipelineArgs) error { return decodeJSON(raw, &a.Schedule) }},
		{"parallelJobs", func(raw string, a *components.PipelineArgs) error {
			a.ParallelJobs = nil
			return decodeJSON(raw, &a.ParallelJobs)
		}},
		{"finalJob", func(raw string, a *components.PipelineArgs) error {
			a.FinalJob = components.JobArgs{}
			return decodeJSON(raw, &a.FinalJob)
		}},
		{"network", func(raw string, a *components.PipelineArgs) error { return decodeJSON(raw, &a.Network) }},
		{"clusterName", func(raw string, a *components.PipelineArgs) error { a.ClusterName = raw; return nil }},
		{"alerts", func(raw string, a *components.PipelineArgs) error { return decodeJSON(raw, &a.Alerts) }},
		{"logging", func(raw string, a *components.PipelineArgs) error { return decodeJSON(raw, &a.Logging) }},
		{"tags", func(raw string, a *components.PipelineArgs) error {
			a.Tags = nil
			return decodeJSON(raw, &a.Tags)
		}},
	}
}

// Load builds the pipeline's args from the stack config: Defaults(), then
// every key the stack sets. A value that does not fit its key fails with an
// error naming the key; the component validates the values themselves.
func Load(lookup Lookup) (components.PipelineArgs, error) {
	args := Defaults()
	for _, k := range configKeys() {
		raw, ok := lookup(k.name)
		if !ok {
			continue
		}
		if err := k.decode(raw, &args); err != nil {
			return components.PipelineArgs{}, fmt.Errorf("config %s:%s: %w (see the config reference in README.md)", Namespace, k.name, err)
		}
	}
	return args, nil
}

// decodeJSON decodes one config value strictly (components.DecodeConfig).
func decodeJSON(raw string, out any) error {
	if err := components.DecodeConfig([]byte(raw), out); err != nil {
		return fmt.Errorf("not valid for this key: %w", err)
	}
	return nil
}
