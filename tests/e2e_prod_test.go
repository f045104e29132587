package tests

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"batchpipeline/internal/engine"
	"batchpipeline/policies/pack"
	"batchpipeline/program"
)

// prodOptions previews the real program on the prod stack's config.
func prodOptions(env e2eEnv, prog pulumi.RunFunc, projectDir string) engine.Options {
	return engine.Options{
		Program:     prog,
		Stack:       "prod",
		ProjectDir:  projectDir,
		StateDir:    filepath.Join(os.TempDir(), "unused"), // replaced by each test
		CLI:         env.CLI,
		PolicyPacks: []string{env.Pack},
	}
}

func TestE2EProdPreviewPasses(t *testing.T) {
	env := requireE2E(t)
	t.Parallel()
	opts := prodOptions(env, program.Run, repoRoot)
	opts.StateDir = t.TempDir()

	res, err := runE(t, engine.Preview, opts)
	requirePasses(t, res, err)
	if len(res.StepsOfType("aws:sfn/stateMachine:StateMachine")) != 1 {
		t.Errorf("want one state machine among the steps, got %d", len(res.StepsOfType("aws:sfn/stateMachine:StateMachine")))
	}
	if len(res.StepsOfType("aws:ecs/taskDefinition:TaskDefinition")) == 0 {
		t.Error("the prod stack has no ECS task definition: the PassRole tests below would prove nothing")
	}
}

func TestE2EProdWithoutPassRoleFails(t *testing.T) {
	env := requireE2E(t)
	t.Parallel()
	removed := &passRoleLog{}
	prog := func(ctx *pulumi.Context) error {
		if err := ctx.RegisterResourceTransform(withoutPassRole(removed)); err != nil {
			return fmt.Errorf("register transform: %w", err)
		}
		return program.Run(ctx)
	}
	opts := prodOptions(env, prog, repoRoot)
	opts.StateDir = t.TempDir()

	res, err := runE(t, engine.Preview, opts)
	// The roles the removed statement allowed to pass: each ECS job's
	// execution and task roles.
	roles := removed.roleNames()
	taskDefs := res.StepsOfType("aws:ecs/taskDefinition:TaskDefinition")
	if len(roles) != 2*len(taskDefs) || len(taskDefs) == 0 {
		t.Fatalf("the transform removed PassRole on %v; want the 2 roles of each of the %d ECS jobs", roles, len(taskDefs))
	}
	for _, td := range taskDefs {
		family, _ := td.String("family")
		if !containsAll(strings.Join(roles, " "), []string{family + "-exec", family + "-task"}) {
			t.Errorf("the removed PassRole did not cover both roles of job %s: %v", family, roles)
		}
	}
	machines := res.StepsOfType("aws:sfn/stateMachine:StateMachine")
	if len(machines) != 1 {
		t.Fatalf("want one state machine, got %d", len(machines))
	}
	machine, _ := machines[0].String("name")
	v := requireViolation(t, res, err, pack.PassRolePolicy, append([]string{machine}, roles...)...)
	if v.URN != machines[0].URN {
		t.Errorf("violation reported on %s, want the state machine %s", v.URN, machines[0].URN)
	}
}

// TestE2EProdWithoutTagResourceFails: the prod stack tags its task
// definitions and propagates the tags to the tasks; without
// ecs:TagResource in the state machine's policy, every ECS branch would
// fail at RunTask. The preview refuses it, naming the role and the
// statement to add.
func TestE2EProdWithoutTagResourceFails(t *testing.T) {
	env := requireE2E(t)
	t.Parallel()
	removed := &passRoleLog{}
	prog := func(ctx *pulumi.Context) error {
		if err := ctx.RegisterResourceTransform(withoutAction("ecs:TagResource", removed)); err != nil {
			return fmt.Errorf("register transform: %w", err)
		}
		return program.Run(ctx)
	}
	opts := prodOptions(env, prog, repoRoot)
	opts.StateDir = t.TempDir()

	res, err := runE(t, engine.Preview, opts)
	if len(removed.roleNames()) == 0 {
		t.Fatal("the transform removed no ecs:TagResource: the prod policy no longer grants it, and this test proves nothing")
	}
	machines := res.StepsOfType("aws:sfn/stateMachine:StateMachine")
	if len(machines) != 1 {
		t.Fatalf("want one state machine, got %d", len(machines))
	}
	machine, _ := machines[0].String("name")
	v := requireViolation(t, res, err, pack.TaskPermissionsPolicy, machine,
		`role "`+machine+`-sfn" makes calls its policies do not allow`, "ecs:TagResource on",
		"Add these statements to a policy of role", `"ecs:CreateAction"`, `"RunTask"`)
	if v.URN != machines[0].URN {
		t.Errorf("violation reported on %s, want the state machine %s", v.URN, machines[0].URN)
	}
	for _, v := range res.Mandatory() {
		if v.PolicyName != pack.TaskPermissionsPolicy {
			t.Errorf("unexpected mandatory violation: %+v", v)
		}
	}
}

func TestE2EProdBadConfigFailsWithTheProgramsMessage(t *testing.T) {
	env := requireE2E(t)
	t.Parallel()
	dir := t.TempDir()
	copyFile(t, filepath.Join(repoRoot, "Pulumi.yaml"), filepath.Join(dir, "Pulumi.yaml"))
	stack, err := os.ReadFile(filepath.Join(repoRoot, "Pulumi.prod.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// Drop the network: ECS jobs need subnets, and the prod stack has ECS jobs.
	withoutNetwork, n := dropYAMLBlock(string(stack), "  batchpipeline:network:")
	if n == 0 {
		t.Fatal("Pulumi.prod.yaml has no batchpipeline:network block to remove")
	}
	if err := os.WriteFile(filepath.Join(dir, "Pulumi.prod.yaml"), []byte(withoutNetwork), 0o644); err != nil {
		t.Fatal(err)
	}
	opts := prodOptions(env, program.Run, dir)
	opts.StateDir = t.TempDir()

	res, err := engine.Preview(context.Background(), opts)
	if err == nil {
		t.Fatal("preview passed without a network")
	}
	msgs := res.ProgramErrors()
	if len(msgs) != 1 || !strings.Contains(msgs[0], "network.subnetIds") {
		t.Fatalf("program errors = %q, want one naming network.subnetIds\noutput:\n%s", msgs, res.Output)
	}
}

// passRoleLog records the resources of the actions a transform removed;
// transforms and their ApplyT callbacks run concurrently.
type passRoleLog struct {
	mu        sync.Mutex
	resources []string
}

func (l *passRoleLog) add(resources []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.resources = append(l.resources, resources...)
}

// roleNames returns the names of the role ARNs recorded, sorted, distinct.
func (l *passRoleLog) roleNames() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	seen := map[string]bool{}
	var out []string
	for _, arn := range l.resources {
		name := arn[strings.LastIndex(arn, "/")+1:]
		if !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// withoutPassRole is a resource transform that deletes iam:PassRole from
// every role policy document, logging the resources it covered.
func withoutPassRole(removed *passRoleLog) pulumi.ResourceTransform {
	return withoutAction("iam:PassRole", removed)
}

// withoutAction is a resource transform that deletes action from every
// role policy document, logging the resources it covered.
func withoutAction(action string, removed *passRoleLog) pulumi.ResourceTransform {
	return func(_ context.Context, args *pulumi.ResourceTransformArgs) *pulumi.ResourceTransformResult {
		if args.Type != "aws:iam/rolePolicy:RolePolicy" {
			return nil
		}
		props := pulumi.Map{}
		for k, v := range args.Props {
			props[k] = v
		}
		edit := func(doc string) (string, error) {
			out, resources, err := removeAction(doc, action)
			removed.add(resources)
			return out, err
		}
		switch p := args.Props["policy"].(type) {
		case pulumi.String:
			doc, err := edit(string(p))
			if err != nil {
				panic(fmt.Sprintf("edit policy of %s: %v", args.Name, err)) // a test bug: fail loudly
			}
			props["policy"] = pulumi.String(doc)
		case pulumi.StringInput:
			props["policy"] = p.ToStringOutput().ApplyT(edit)
		default:
			return nil
		}
		return &pulumi.ResourceTransformResult{Props: props, Opts: args.Opts}
	}
}

// removeAction removes action from a policy document, dropping statements
// left without actions, and returns the resources of the statements it
// removed the action from.
func removeAction(doc, action string) (string, []string, error) {
	var d map[string]any
	if err := json.Unmarshal([]byte(doc), &d); err != nil {
		return "", nil, fmt.Errorf("parse policy: %w", err)
	}
	var statements []any
	switch s := d["Statement"].(type) {
	case []any:
		statements = s
	case map[string]any:
		statements = []any{s}
	}
	var resources []string
	var kept []any
	for _, st := range statements {
		m, ok := st.(map[string]any)
		if !ok {
			kept = append(kept, st)
			continue
		}
		var actions []any
		switch a := m["Action"].(type) {
		case string:
			actions = []any{a}
		case []any:
			actions = a
		}
		var left []any
		for _, a := range actions {
			if s, ok := a.(string); ok && strings.EqualFold(s, action) {
				continue
			}
			left = append(left, a)
		}
		if len(left) < len(actions) {
			switch r := m["Resource"].(type) {
			case string:
				resources = append(resources, r)
			case []any:
				for _, x := range r {
					if s, ok := x.(string); ok {
						resources = append(resources, s)
					}
				}
			}
		}
		if len(actions) > 0 && len(left) == 0 {
			continue
		}
		if len(left) < len(actions) {
			m["Action"] = left
		}
		kept = append(kept, m)
	}
	d["Statement"] = kept
	out, err := json.Marshal(d)
	if err != nil {
		return "", nil, fmt.Errorf("render policy: %w", err)
	}
	return string(out), resources, nil
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// dropYAMLBlock removes the line starting with header and the lines
// indented deeper than it that follow; n counts the lines removed.
func dropYAMLBlock(yaml, header string) (string, int) {
	indent := len(header) - len(strings.TrimLeft(header, " "))
	var out []string
	n, inBlock := 0, false
	for _, line := range strings.Split(yaml, "\n") {
		lineIndent := len(line) - len(strings.TrimLeft(line, " "))
		switch {
		case strings.HasPrefix(line, header):
			inBlock = true
		case inBlock && strings.TrimSpace(line) != "" && lineIndent > indent:
		default:
			inBlock = false
			out = append(out, line)
			continue
		}
		n++
	}
	return strings.Join(out, "\n"), n
}
