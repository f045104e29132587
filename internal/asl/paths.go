package asl

import "strconv"

// statesKey renders the States entry of a name for a path.
func statesKey(name string) string {
	if needsQuote(name) {
		return "States[" + strconv.Quote(name) + "]"
	}
	return "States." + name
}

// needsQuote reports whether name must be quoted in a path: it is empty
// or holds a character that would make the path ambiguous.
func needsQuote(name string) bool {
	if name == "" {
		return true
	}
	for i := 0; i < len(name); i++ {
		switch name[i] {
		case '.', '[', ']', '"', '\'', '\\', ' ', '\t', '\n':
			return true
		}
	}
	return false
}

// appendStatePath appends the path of the state called name in the scope
// at scopePath to dst.
func appendStatePath(dst []byte, scopePath, name string) []byte {
	if scopePath != "" {
		dst = append(dst, scopePath...)
		dst = append(dst, '.')
	}
	if needsQuote(name) {
		dst = append(dst, "States["...)
		dst = strconv.AppendQuote(dst, name)
		return append(dst, ']')
	}
	dst = append(dst, "States."...)
	return append(dst, name...)
}
