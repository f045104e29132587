package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"batchpipeline/internal/arn"
	"batchpipeline/internal/asl"
	"batchpipeline/internal/engine"
	"batchpipeline/internal/iam"
)

// Subfolders of the output folder this command owns; they are emptied
// before each run so that nothing stale survives.
const (
	machinesDir = "state-machines"
	iamDir      = "iam"
)

// artifact is a file to write, relative to the output folder.
type artifact struct {
	path    string
	content []byte
	// granted lists the actions an identity policy allows, for the
	// summary; empty for other files.
	granted []string
}

// skipped is a document the preview could not write, and why.
type skipped struct {
	what, why string
}

// collectArtifacts takes, from the resources' new inputs as the engine saw
// them, every state machine definition (and its Mermaid diagram) and every
// IAM document: trust policies, inline and attached role policies, managed
// policies, the documents of attached AWS managed policies the iam package
// carries, SNS topic and SQS queue policies. A value unknown at preview
// (built from outputs) cannot be written and is reported instead.
func collectArtifacts(res engine.Result) ([]artifact, []skipped) {
	c := &collection{}
	for _, s := range res.Steps {
		if s.Op == "delete" {
			continue
		}
		switch s.Type {
		case "aws:sfn/stateMachine:StateMachine":
			c.stateMachine(s)
		case "aws:iam/role:Role":
			name := physicalName(s)
			c.document(s, "assumeRolePolicy", filepath.Join(iamDir, name+".trust.json"))
			if list, ok := s.Inputs["inlinePolicies"].([]any); ok {
				for i, p := range list {
					m, _ := p.(map[string]any)
					pname, _ := m["name"].(string)
					if pname == "" || pname == engine.Unknown {
						pname = fmt.Sprint(i)
					}
					c.grants(c.value(s, fmt.Sprintf("inlinePolicies[%d]", i), m["policy"], filepath.Join(iamDir, name+".inline."+pname+".json")))
				}
			}
		case "aws:iam/rolePolicy:RolePolicy":
			role, _ := s.String("role")
			if role == "" {
				role = "unknown-role"
			}
			c.grants(c.value(s, "policy", s.Inputs["policy"], filepath.Join(iamDir, role+".policy."+physicalName(s)+".json")))
		case "aws:iam/rolePolicyAttachment:RolePolicyAttachment":
			c.attachment(s)
		case "aws:iam/policy:Policy":
			c.document(s, "policy", filepath.Join(iamDir, "managed."+physicalName(s)+".json"))
		case "aws:sns/topicPolicy:TopicPolicy", "aws:sqs/queuePolicy:QueuePolicy":
			c.document(s, "policy", filepath.Join(iamDir, "resource."+s.Name+".json"))
		}
	}
	sort.Slice(c.files, func(i, j int) bool { return c.files[i].path < c.files[j].path })
	return c.files, c.skipped
}

type collection struct {
	files   []artifact
	skipped []skipped
}

func (c *collection) stateMachine(s engine.Step) {
	name := physicalName(s)
	def, ok := c.value(s, "definition", s.Inputs["definition"], filepath.Join(machinesDir, name+".asl.json"))
	if !ok {
		return
	}
	m, err := asl.Parse([]byte(def))
	if err != nil {
		c.skipped = append(c.skipped, skipped{what: s.Name + " diagram", why: err.Error()})
		return
	}
	c.files = append(c.files, artifact{path: filepath.Join(machinesDir, name+".mmd"), content: []byte(asl.Mermaid(m))})
}

// attachment writes the document of an attached AWS managed policy, when
// the iam package carries it; a policy of the stack is written on its own.
func (c *collection) attachment(s engine.Step) {
	policyARN, ok := s.String("policyArn")
	path, awsManaged, isPolicy := arn.PolicyOf(policyARN)
	if !ok || !isPolicy || !awsManaged {
		return
	}
	what := fmt.Sprintf("%s %s.policyArn", shortType(s.Type), s.Name)
	doc, ok := iam.ManagedPolicy(policyARN)
	if !ok {
		c.skipped = append(c.skipped, skipped{what: what, why: "AWS managed policy " + policyARN + " is not among the documents internal/iam carries"})
		return
	}
	text, err := doc.JSON()
	if err != nil {
		c.skipped = append(c.skipped, skipped{what: what, why: err.Error()})
		return
	}
	role, _ := s.String("role")
	if role == "" {
		role = "unknown-role"
	}
	name := path[strings.LastIndex(path, "/")+1:]
	c.value(s, "policyArn", text, filepath.Join(iamDir, fileSafe(role)+".attached."+fileSafe(name)+".json"))
}

// grants records, on the file just added, the actions of the identity
// policy it holds, in the order the statements allow them.
func (c *collection) grants(text string, added bool) {
	if !added {
		return
	}
	doc, err := iam.ParseString(text)
	if err != nil {
		return
	}
	f := &c.files[len(c.files)-1]
	for _, st := range doc.Statement {
		if st.Effect != iam.Allow {
			continue
		}
		for _, a := range st.Action {
			if !slices.Contains(f.granted, a) {
				f.granted = append(f.granted, a)
			}
		}
	}
}

func (c *collection) document(s engine.Step, key, path string) {
	c.value(s, key, s.Inputs[key], path)
}

// value adds a JSON document found at key, pretty-printed when it parses,
// and returns its text.
func (c *collection) value(s engine.Step, key string, v any, path string) (string, bool) {
	what := fmt.Sprintf("%s %s.%s", shortType(s.Type), s.Name, key)
	text, ok := v.(string)
	switch {
	case v == nil:
		return "", false
	case !ok:
		c.skipped = append(c.skipped, skipped{what: what, why: fmt.Sprintf("not a string (%T)", v)})
		return "", false
	case text == engine.Unknown:
		c.skipped = append(c.skipped, skipped{what: what, why: "unknown until the resources it is built from exist"})
		return "", false
	case text == "[secret]":
		c.skipped = append(c.skipped, skipped{what: what, why: "secret"})
		return "", false
	}
	var pretty bytes.Buffer
	content := []byte(text)
	if json.Indent(&pretty, content, "", "  ") == nil {
		content = append(pretty.Bytes(), '\n')
	}
	c.files = append(c.files, artifact{path: path, content: content})
	return text, true
}

// physicalName is the resource's name input (the AWS name), or its Pulumi
// name when that is not known, made safe as a file name.
func physicalName(s engine.Step) string {
	name, ok := s.String("name")
	if !ok || name == "" {
		name = s.Name
	}
	return fileSafe(name)
}

// fileSafe replaces what cannot be in one path element.
func fileSafe(s string) string {
	s = strings.Trim(s, "/")
	return strings.NewReplacer("/", "_", "\\", "_", ":", "_", "..", "_").Replace(s)
}

// shortType renders a type token as Pulumi prints it: aws:iam/role:Role
// becomes aws:iam:Role.
func shortType(token string) string {
	parts := strings.Split(token, ":")
	if len(parts) != 3 {
		return token
	}
	mod, _, _ := strings.Cut(parts[1], "/")
	return parts[0] + ":" + mod + ":" + parts[2]
}

// writeArtifacts empties the subfolders this command owns in outDir and
// writes files there.
func writeArtifacts(outDir string, files []artifact) error {
	for _, sub := range []string{machinesDir, iamDir} {
		if err := os.RemoveAll(filepath.Join(outDir, sub)); err != nil {
			return fmt.Errorf("clean %s: %w", filepath.Join(outDir, sub), err)
		}
	}
	for _, f := range files {
		p := filepath.Join(outDir, f.path)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("create %s: %w", filepath.Dir(p), err)
		}
		if err := os.WriteFile(p, f.content, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", p, err)
		}
	}
	return nil
}
