package awsstandin

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/crc32"
)

// policyDocumentArgs mirrors iam.GetPolicyDocumentArgs of pulumi-aws 6.83.4.
type policyDocumentArgs struct {
	Version                 string               `json:"version"`
	PolicyID                string               `json:"policyId"`
	SourcePolicyDocuments   []string             `json:"sourcePolicyDocuments"`
	OverridePolicyDocuments []string             `json:"overridePolicyDocuments"`
	Statements              []policyArgStatement `json:"statements"`
}

type policyArgStatement struct {
	Sid           string            `json:"sid"`
	Effect        string            `json:"effect"`
	Actions       []string          `json:"actions"`
	NotActions    []string          `json:"notActions"`
	Resources     []string          `json:"resources"`
	NotResources  []string          `json:"notResources"`
	Principals    []policyPrincipal `json:"principals"`
	NotPrincipals []policyPrincipal `json:"notPrincipals"`
	Conditions    []policyCondition `json:"conditions"`
}

type policyPrincipal struct {
	Type        string   `json:"type"`
	Identifiers []string `json:"identifiers"`
}

type policyCondition struct {
	Test     string   `json:"test"`
	Variable string   `json:"variable"`
	Values   []string `json:"values"`
}

// renderedStatement is a statement in IAM JSON; fields are `any` because a
// single value renders as a string and several as a list, as the real
// provider does. Field order follows the provider's output.
type renderedStatement struct {
	Sid          string         `json:"Sid,omitempty"`
	Effect       string         `json:"Effect"`
	Action       any            `json:"Action,omitempty"`
	NotAction    any            `json:"NotAction,omitempty"`
	Resource     any            `json:"Resource,omitempty"`
	NotResource  any            `json:"NotResource,omitempty"`
	Principal    any            `json:"Principal,omitempty"`
	NotPrincipal any            `json:"NotPrincipal,omitempty"`
	Condition    map[string]any `json:"Condition,omitempty"`
}

type renderedDocument struct {
	Version   string            `json:"Version"`
	ID        string            `json:"Id,omitempty"`
	Statement []json.RawMessage `json:"Statement"`
}

// policyDocument is a rendered document in both forms the provider returns.
type policyDocument struct {
	Pretty, Minified string
}

// renderPolicyDocument renders getPolicyDocument arguments (as plain Go
// values) to IAM JSON. Statements of sourcePolicyDocuments come first; a
// statement with the Sid of an earlier one replaces it, and the statements
// of overridePolicyDocuments are applied last the same way.
func renderPolicyDocument(plain map[string]any) (policyDocument, error) {
	raw, err := json.Marshal(plain)
	if err != nil {
		return policyDocument{}, fmt.Errorf("getPolicyDocument arguments: %w", err)
	}
	var args policyDocumentArgs
	if err := json.Unmarshal(raw, &args); err != nil {
		return policyDocument{}, fmt.Errorf("getPolicyDocument arguments: %w", err)
	}

	var merged statementList
	for i, src := range args.SourcePolicyDocuments {
		if err := merged.mergeDocument(src); err != nil {
			return policyDocument{}, fmt.Errorf("sourcePolicyDocuments[%d]: %w", i, err)
		}
	}
	for i, s := range args.Statements {
		data, err := marshalJSON(s.render())
		if err != nil {
			return policyDocument{}, fmt.Errorf("statements[%d]: %w", i, err)
		}
		merged.put(s.Sid, data)
	}
	for i, src := range args.OverridePolicyDocuments {
		if err := merged.mergeDocument(src); err != nil {
			return policyDocument{}, fmt.Errorf("overridePolicyDocuments[%d]: %w", i, err)
		}
	}

	doc := renderedDocument{Version: args.Version, ID: args.PolicyID, Statement: merged.statements}
	if doc.Version == "" {
		doc.Version = "2012-10-17"
	}
	if doc.Statement == nil {
		doc.Statement = []json.RawMessage{}
	}
	minified, err := marshalJSON(doc)
	if err != nil {
		return policyDocument{}, fmt.Errorf("render policy document: %w", err)
	}
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, minified, "", "  "); err != nil {
		return policyDocument{}, fmt.Errorf("indent policy document: %w", err)
	}
	return policyDocument{Pretty: pretty.String(), Minified: string(minified)}, nil
}

func (s policyArgStatement) render() renderedStatement {
	r := renderedStatement{
		Sid:          s.Sid,
		Effect:       s.Effect,
		Action:       oneOrMany(s.Actions),
		NotAction:    oneOrMany(s.NotActions),
		Resource:     oneOrMany(s.Resources),
		NotResource:  oneOrMany(s.NotResources),
		Principal:    renderPrincipals(s.Principals),
		NotPrincipal: renderPrincipals(s.NotPrincipals),
	}
	if r.Effect == "" {
		r.Effect = "Allow"
	}
	if len(s.Conditions) > 0 {
		byTest := map[string]map[string][]string{}
		for _, c := range s.Conditions {
			if byTest[c.Test] == nil {
				byTest[c.Test] = map[string][]string{}
			}
			byTest[c.Test][c.Variable] = append(byTest[c.Test][c.Variable], c.Values...)
		}
		r.Condition = map[string]any{}
		for test, vars := range byTest {
			m := map[string]any{}
			for v, values := range vars {
				m[v] = oneOrMany(values)
			}
			r.Condition[test] = m
		}
	}
	return r
}

// oneOrMany renders nil for none, a string for one value, a list otherwise.
func oneOrMany(values []string) any {
	switch len(values) {
	case 0:
		return nil
	case 1:
		return values[0]
	default:
		return values
	}
}

// renderPrincipals renders principals grouped by type; `*` of type `*` is
// the bare "*" AWS uses for everyone.
func renderPrincipals(ps []policyPrincipal) any {
	if len(ps) == 0 {
		return nil
	}
	if len(ps) == 1 && ps[0].Type == "*" && len(ps[0].Identifiers) == 1 && ps[0].Identifiers[0] == "*" {
		return "*"
	}
	byType := map[string][]string{}
	for _, p := range ps {
		byType[p.Type] = append(byType[p.Type], p.Identifiers...)
	}
	out := map[string]any{}
	for t, ids := range byType {
		out[t] = oneOrMany(ids)
	}
	return out
}

// statementList keeps statements in order, replacing by Sid.
type statementList struct {
	statements []json.RawMessage
	sids       []string
}

func (l *statementList) put(sid string, data json.RawMessage) {
	if sid != "" {
		for i, s := range l.sids {
			if s == sid {
				l.statements[i] = data
				return
			}
		}
	}
	l.statements = append(l.statements, data)
	l.sids = append(l.sids, sid)
}

// mergeDocument puts every statement of an IAM JSON document (Statement an
// object or a list).
func (l *statementList) mergeDocument(src string) error {
	var doc struct {
		Statement json.RawMessage `json:"Statement"`
	}
	if err := json.Unmarshal([]byte(src), &doc); err != nil {
		return fmt.Errorf("parse policy document: %w", err)
	}
	var list []json.RawMessage
	if bytes.HasPrefix(bytes.TrimSpace(doc.Statement), []byte("{")) {
		list = []json.RawMessage{doc.Statement}
	} else if len(doc.Statement) > 0 {
		if err := json.Unmarshal(doc.Statement, &list); err != nil {
			return fmt.Errorf("parse Statement: %w", err)
		}
	}
	for _, st := range list {
		var head struct {
			Sid string `json:"Sid"`
		}
		if err := json.Unmarshal(st, &head); err != nil {
			return fmt.Errorf("parse statement: %w", err)
		}
		l.put(head.Sid, st)
	}
	return nil
}

// hashCode is the id the provider gives a rendered document.
func hashCode(s string) uint32 {
	return crc32.ChecksumIEEE([]byte(s))
}

// marshalJSON is json.Marshal without HTML escaping: IAM JSON keeps <, > and &.
func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
