package client

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// The JSON of a batch list line is read as Python's json.loads reads it (python
// activities/manifest.py), so every client accepts the same lines and refuses the others
// with the same message: Python's JSONDecodeError.msg ("Expecting ',' delimiter", ...),
// found by the same scan as CPython 3.11's C scanner (Modules/_json.c). Like json.loads it
// takes NaN, Infinity and -Infinity (the schema refuses them later); numbers stay
// json.Number literals. It works on runes, the indexes Python uses.

// pyJSONError is a JSONDecodeError: Msg without Python's position suffix.
type pyJSONError struct{ Msg string }

func (e *pyJSONError) Error() string { return e.Msg }

// nonFinite is NaN, Infinity or -Infinity: valid for Python's json, not a JSON value.
type nonFinite string

// maxJSONDepth stands for Python's recursion limit (1000 frames, some already in use).
const maxJSONDepth = 990

type pyScanner struct {
	s     []rune
	depth int
}

// pyLoads parses text as json.loads(text) does.
func pyLoads(text string) (any, error) {
	sc := &pyScanner{s: []rune(text)}
	idx := sc.skipWhitespace(0)
	value, end, err := sc.scanOnce(idx)
	if err != nil {
		return nil, err
	}
	if sc.skipWhitespace(end) != len(sc.s) {
		return nil, &pyJSONError{"Extra data"}
	}
	return value, nil
}

var errExpectingValue = &pyJSONError{"Expecting value"}

func (sc *pyScanner) skipWhitespace(idx int) int {
	for idx < len(sc.s) && strings.ContainsRune(" \t\n\r", sc.s[idx]) {
		idx++
	}
	return idx
}

// has tells whether the runes at idx spell word.
func (sc *pyScanner) has(idx int, word string) bool {
	w := []rune(word)
	return idx+len(w) <= len(sc.s) && string(sc.s[idx:idx+len(w)]) == word
}

// scanOnce reads one value at idx and returns it with the index after it.
func (sc *pyScanner) scanOnce(idx int) (any, int, error) {
	if idx >= len(sc.s) {
		return nil, 0, errExpectingValue
	}
	switch sc.s[idx] {
	case '"':
		return sc.scanString(idx + 1)
	case '{', '[':
		sc.depth++
		defer func() { sc.depth-- }()
		if sc.depth > maxJSONDepth {
			kind := map[rune]string{'{': "object", '[': "array"}[sc.s[idx]]
			return nil, 0, &pyJSONError{"maximum recursion depth exceeded while decoding a JSON " + kind + " from a unicode string"}
		}
		if sc.s[idx] == '{' {
			return sc.scanObject(idx + 1)
		}
		return sc.scanArray(idx + 1)
	}
	for _, lit := range []struct {
		word  string
		value any
	}{{"null", nil}, {"true", true}, {"false", false}, {"NaN", nonFinite("NaN")},
		{"Infinity", nonFinite("Infinity")}, {"-Infinity", nonFinite("-Infinity")}} {
		if sc.has(idx, lit.word) {
			return lit.value, idx + len(lit.word), nil
		}
	}
	return sc.scanNumber(idx)
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// scanNumber is _match_number_unicode: -?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?, backing off
// a fraction or exponent that has no digits.
func (sc *pyScanner) scanNumber(start int) (any, int, error) {
	s, idx := sc.s, start
	if s[idx] == '-' {
		idx++
		if idx >= len(s) {
			return nil, 0, errExpectingValue
		}
	}
	switch {
	case s[idx] >= '1' && s[idx] <= '9':
		for idx++; idx < len(s) && isDigit(s[idx]); idx++ {
		}
	case s[idx] == '0':
		idx++
	default:
		return nil, 0, errExpectingValue
	}
	if idx+1 < len(s) && s[idx] == '.' && isDigit(s[idx+1]) {
		for idx += 2; idx < len(s) && isDigit(s[idx]); idx++ {
		}
	}
	if idx+1 < len(s) && (s[idx] == 'e' || s[idx] == 'E') {
		mark := idx
		idx++
		if idx+1 < len(s) && (s[idx] == '-' || s[idx] == '+') {
			idx++
		}
		for idx < len(s) && isDigit(s[idx]) {
			idx++
		}
		if !isDigit(s[idx-1]) {
			idx = mark
		}
	}
	return json.Number(string(s[start:idx])), idx, nil
}

// scanString is scanstring_unicode from just after the opening quote at begin-1.
func (sc *pyScanner) scanString(end int) (any, int, error) {
	s := sc.s
	unterminated := &pyJSONError{"Unterminated string starting at"}
	var out strings.Builder
	for {
		next := end
		for ; next < len(s) && s[next] != '"' && s[next] != '\\'; next++ {
			if s[next] <= 0x1f {
				return nil, 0, &pyJSONError{"Invalid control character at"}
			}
		}
		if next == len(s) {
			return nil, 0, unterminated
		}
		out.WriteString(string(s[end:next]))
		if s[next] == '"' {
			return out.String(), next + 1, nil
		}
		next++ // past the backslash
		if next == len(s) {
			return nil, 0, unterminated
		}
		if s[next] != 'u' {
			simple := map[rune]rune{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}
			c, ok := simple[s[next]]
			if !ok {
				return nil, 0, &pyJSONError{`Invalid \escape`}
			}
			out.WriteRune(c)
			end = next + 1
			continue
		}
		next++
		end = next + 4
		if end >= len(s) {
			return nil, 0, &pyJSONError{`Invalid \uXXXX escape`}
		}
		c, ok := hex4(s[next:end])
		if !ok {
			return nil, 0, &pyJSONError{`Invalid \uXXXX escape`}
		}
		if c >= 0xd800 && c <= 0xdbff && end+6 < len(s) && s[end] == '\\' && s[end+1] == 'u' {
			c2, ok := hex4(s[end+2 : end+6])
			if !ok {
				return nil, 0, &pyJSONError{`Invalid \uXXXX escape`}
			}
			if c2 >= 0xdc00 && c2 <= 0xdfff {
				c = 0x10000 + (c-0xd800)<<10 + (c2 - 0xdc00)
				end += 6
			}
		}
		// A lone surrogate cannot be UTF-8: it becomes U+FFFD, as encoding/json decodes it.
		out.WriteRune(c)
	}
}

func hex4(rs []rune) (rune, bool) {
	var c rune
	for _, r := range rs {
		switch {
		case r >= '0' && r <= '9':
			c = c<<4 | (r - '0')
		case r >= 'a' && r <= 'f':
			c = c<<4 | (r - 'a' + 10)
		case r >= 'A' && r <= 'F':
			c = c<<4 | (r - 'A' + 10)
		default:
			return 0, false
		}
	}
	return c, true
}

// scanObject is _parse_object_unicode from just after the '{'. A repeated key keeps its
// last value, as a Python dict does.
func (sc *pyScanner) scanObject(idx int) (any, int, error) {
	s := sc.s
	obj := map[string]any{}
	idx = sc.skipWhitespace(idx)
	if idx < len(s) && s[idx] == '}' {
		return obj, idx + 1, nil
	}
	for {
		if idx >= len(s) || s[idx] != '"' {
			return nil, 0, &pyJSONError{"Expecting property name enclosed in double quotes"}
		}
		key, next, err := sc.scanString(idx + 1)
		if err != nil {
			return nil, 0, err
		}
		idx = sc.skipWhitespace(next)
		if idx >= len(s) || s[idx] != ':' {
			return nil, 0, &pyJSONError{"Expecting ':' delimiter"}
		}
		idx = sc.skipWhitespace(idx + 1)
		value, next, err := sc.scanOnce(idx)
		if err != nil {
			return nil, 0, err
		}
		obj[key.(string)] = value
		idx = sc.skipWhitespace(next)
		if idx < len(s) && s[idx] == '}' {
			return obj, idx + 1, nil
		}
		if idx >= len(s) || s[idx] != ',' {
			return nil, 0, &pyJSONError{"Expecting ',' delimiter"}
		}
		idx = sc.skipWhitespace(idx + 1)
	}
}

// scanArray is _parse_array_unicode from just after the '['.
func (sc *pyScanner) scanArray(idx int) (any, int, error) {
	s := sc.s
	arr := []any{}
	idx = sc.skipWhitespace(idx)
	if idx < len(s) && s[idx] == ']' {
		return arr, idx + 1, nil
	}
	for {
		value, next, err := sc.scanOnce(idx)
		if err != nil {
			return nil, 0, err
		}
		arr = append(arr, value)
		idx = sc.skipWhitespace(next)
		if idx < len(s) && s[idx] == ']' {
			return arr, idx + 1, nil
		}
		if idx >= len(s) || s[idx] != ',' {
			return nil, 0, &pyJSONError{"Expecting ',' delimiter"}
		}
		idx = sc.skipWhitespace(idx + 1)
	}
}

// pySpace is Python's str.isspace: what str.strip() removes.
func pySpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', 0x1c, 0x1d, 0x1e, 0x1f, ' ', 0x85, 0xa0, 0x1680,
		0x2028, 0x2029, 0x202f, 0x205f, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

// pyStrip is Python's str.strip() with no argument.
func pyStrip(s string) string { return strings.TrimFunc(s, pySpace) }

// firstNonFinite is the JSON path of the first NaN or infinity in v (keys in sorted order,
// as Python sorts schema errors by path), or "" when there is none.
func firstNonFinite(v any, path string) string {
	switch v := v.(type) {
	case nonFinite:
		return path
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if p := firstNonFinite(v[k], path+"."+k); p != "" {
				return p
			}
		}
	case []any:
		for i, item := range v {
			if p := firstNonFinite(item, fmt.Sprintf("%s[%d]", path, i)); p != "" {
				return p
			}
		}
	}
	return ""
}

// withoutNonFinite replaces NaN and the infinities with their names as strings, so the
// schema can judge the rest of the value (an unknown field holding NaN is still unknown).
func withoutNonFinite(v any) any {
	switch v := v.(type) {
	case nonFinite:
		return string(v)
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, item := range v {
			out[k] = withoutNonFinite(item)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, item := range v {
			out[i] = withoutNonFinite(item)
		}
		return out
	}
	return v
}
