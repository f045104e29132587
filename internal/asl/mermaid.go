package asl

import (
	"fmt"
	"strings"
)

// Mermaid returns a Mermaid flowchart (https://mermaid.js.org) of m: one
// node per state, shaped by type; solid edges for Next, choice rules
// (labelled with the condition, shortened) and Default; dotted edges for
// Catch, labelled with the errors; Parallel branches and Map item
// processors as nested subgraphs; a start node and, for the top-level
// machine, an end node. The output depends only on m. A transition to a
// state of an enclosing scope is drawn to that state, so the mistake shows;
// one to no state at all goes to a node marked "missing".
func Mermaid(m *StateMachine) string {
	d := &diagram{ids: make(map[string]bool), nodeIDs: make(map[string]string), missing: make(map[string]string)}
	d.line(1, `%s(("start"))`, startID)
	if m == nil {
		return d.String()
	}
	root := &Scope{Kind: ScopeRoot, Machine: m}
	d.assignIDs(root)
	d.nodes(root, 1)
	if id, ok := d.target(root, m.StartAt); ok {
		d.edge(startID, "-->", "", id)
	}
	d.transitions(root)
	for _, m := range d.missingOrder {
		d.line(1, `%s["%s (missing)"]`, m.id, escapeLabel(m.name))
	}
	if d.usesStop {
		d.line(1, `%s((("end")))`, stopID)
	}
	d.b.WriteString(strings.Join(d.edges, ""))
	if len(d.failIDs) > 0 {
		d.line(1, "classDef fail fill:#fdd,stroke:#c33")
		d.line(1, "class %s fail", strings.Join(d.failIDs, ","))
	}
	return d.String()
}

// Node ids of the start and end nodes; state ids start with "s_", branch
// subgraph ids with "g_", missing targets with "x_", so none can clash.
const (
	startID = "start_"
	stopID  = "stop_"
)

// maxLabel is the longest edge label, in runes, before it is shortened.
const maxLabel = 64

// placeholder is the node drawn for a transition to no state.
type placeholder struct{ id, name string }

// diagram accumulates one Mermaid flowchart.
type diagram struct {
	b            strings.Builder
	edges        []string
	ids          map[string]bool
	nodeIDs      map[string]string // by stateKey
	missing      map[string]string
	missingOrder []placeholder
	failIDs      []string
	usesStop     bool
}

func (d *diagram) String() string { return "flowchart TD\n" + d.b.String() }

func (d *diagram) line(indent int, format string, args ...any) {
	d.b.WriteString(strings.Repeat("    ", indent))
	fmt.Fprintf(&d.b, format, args...)
	d.b.WriteByte('\n')
}

func (d *diagram) edge(from, arrow, label, to string) {
	if label != "" {
		arrow += `|"` + escapeLabel(label) + `"|`
	}
	d.edges = append(d.edges, fmt.Sprintf("    %s %s %s\n", from, arrow, to))
}

// newID returns a Mermaid id built from prefix and name, unique in d.
func (d *diagram) newID(prefix, name string) string {
	base := prefix + sanitizeID(name)
	id := base
	for n := 2; d.ids[id]; n++ {
		id = fmt.Sprintf("%s_%d", base, n)
	}
	d.ids[id] = true
	return id
}

// assignIDs gives every state of sc and of its nested scopes an id, in
// drawing order, before any edge needs one.
func (d *diagram) assignIDs(sc *Scope) {
	for _, name := range drawOrder(sc.Machine) {
		s := sc.Machine.States[name]
		if s == nil {
			continue
		}
		d.nodeIDs[stateKey(sc, name)] = d.newID("s_", name)
		for _, child := range childScopes(sc, name, s) {
			d.assignIDs(child)
		}
	}
}

// nodes declares the nodes and subgraphs of sc.
func (d *diagram) nodes(sc *Scope, indent int) {
	for _, name := range drawOrder(sc.Machine) {
		s := sc.Machine.States[name]
		if s == nil {
			continue
		}
		id := d.nodeIDs[stateKey(sc, name)]
		children := childScopes(sc, name, s)
		if len(children) == 0 {
			d.line(indent, "%s%s", id, shape(s.Type, name))
			if s.Type == TypeFail {
				d.failIDs = append(d.failIDs, id)
			}
			continue
		}
		d.line(indent, `subgraph %s["%s"]`, id, escapeLabel(name+" ("+s.Type+")"))
		d.line(indent+1, "direction TB")
		if len(children) == 1 && children[0].Kind == ScopeItemProcessor {
			d.nodes(children[0], indent+1)
		} else {
			for i, child := range children {
				label := fmt.Sprintf("branch %d", i+1)
				if child.Kind == ScopeItemProcessor {
					label = child.Path[strings.LastIndexByte(child.Path, '.')+1:]
				}
				d.line(indent+1, `subgraph %s["%s"]`, d.newID("g_", name+"_"+label), escapeLabel(label))
				d.line(indent+2, "direction TB")
				d.nodes(child, indent+2)
				d.line(indent+1, "end")
			}
		}
		d.line(indent, "end")
	}
}

// transitions adds the edges of the states of sc and its nested scopes.
func (d *diagram) transitions(sc *Scope) {
	for _, name := range drawOrder(sc.Machine) {
		s := sc.Machine.States[name]
		if s == nil {
			continue
		}
		id := d.nodeIDs[stateKey(sc, name)]
		for _, t := range Transitions(s) {
			to, ok := d.target(sc, t.Target)
			if !ok {
				to = d.missingNode(sc, t.Target)
			}
			switch t.Kind {
			case TransitionNext:
				d.edge(id, "-->", "", to)
			case TransitionChoice:
				d.edge(id, "-->", shorten(ruleLabel(s.Choices[t.Index], false), maxLabel), to)
			case TransitionDefault:
				d.edge(id, "-->", "default", to)
			case TransitionCatch:
				d.edge(id, "-.->", shorten(strings.Join(s.Catch[t.Index].ErrorEquals, ", "), maxLabel), to)
			}
		}
		if sc.Kind == ScopeRoot && (s.End || s.Type == TypeSucceed) {
			d.usesStop = true
			d.edge(id, "-->", "", stopID)
		}
		for _, child := range childScopes(sc, name, s) {
			d.transitions(child)
		}
	}
}

// target returns the id of the state called name in sc or, failing that,
// in the nearest enclosing scope that has one.
func (d *diagram) target(sc *Scope, name string) (string, bool) {
	for ; sc != nil; sc = sc.Parent {
		if id, ok := d.nodeIDs[stateKey(sc, name)]; ok {
			return id, true
		}
	}
	return "", false
}

// stateKey identifies the state called name in sc within one diagram.
func stateKey(sc *Scope, name string) string { return sc.Path + "\x00" + name }

// missingNode returns the id of the placeholder node for a target that
// names no state, one per scope and name.
func (d *diagram) missingNode(sc *Scope, name string) string {
	key := stateKey(sc, name)
	if id, ok := d.missing[key]; ok {
		return id
	}
	id := d.newID("x_", name)
	d.missing[key] = id
	d.missingOrder = append(d.missingOrder, placeholder{id: id, name: name})
	return id
}

// drawOrder lists m's states in the order a reader follows them: breadth
// first from StartAt along transitions, then the unreachable ones by name.
func drawOrder(m *StateMachine) []string {
	order := make([]string, 0, len(m.States))
	seen := make(map[string]bool, len(m.States))
	queue := []string{m.StartAt}
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		if _, ok := m.States[name]; !ok || seen[name] {
			continue
		}
		seen[name] = true
		order = append(order, name)
		for _, t := range Transitions(m.States[name]) {
			queue = append(queue, t.Target)
		}
	}
	for _, name := range stateNames(m) {
		if !seen[name] {
			order = append(order, name)
		}
	}
	return order
}

// shape returns the node text for a state of type typ: rectangle for a
// Task, rounded for a Pass, rhombus for a Choice, parallelogram for a Wait,
// stadium for a Succeed, hexagon for a Fail, subroutine for a Parallel or
// Map without nested states.
func shape(typ, name string) string {
	label := `"` + escapeLabel(name) + `"`
	switch typ {
	case TypePass:
		return "(" + label + ")"
	case TypeChoice:
		return "{" + label + "}"
	case TypeWait:
		return "[/" + label + "/]"
	case TypeSucceed:
		return "([" + label + "])"
	case TypeFail:
		return "{{" + label + "}}"
	case TypeParallel, TypeMap:
		return "[[" + label + "]]"
	default:
		return "[" + label + "]"
	}
}
