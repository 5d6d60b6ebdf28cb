package contracts

import (
	"slices"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

var printer = message.NewPrinter(language.English)

// describe picks the error a human should see first and returns its JSON path and reason.
// The validator returns a tree (each $ref and property adds a level); like the Python
// worker, we report the failing keyword itself, ordered by instance path, so the three
// languages name the same field for the same payload.
func describe(root *jsonschema.ValidationError, instance any) (string, string) {
	var found []*jsonschema.ValidationError
	collectLeaves(root, &found)
	slices.SortStableFunc(found, func(a, b *jsonschema.ValidationError) int {
		if c := slices.Compare(a.InstanceLocation, b.InstanceLocation); c != 0 {
			return c
		}
		return rank(a.ErrorKind) - rank(b.ErrorKind)
	})
	first := found[0]
	path := jsonPath(instance, first.InstanceLocation)
	switch k := first.ErrorKind.(type) {
	case *kind.AdditionalProperties:
		names := slices.Sorted(slices.Values(k.Properties))
		return path + "." + names[0], "unknown field"
	case *kind.Required:
		return path + "." + k.Missing[0], "required field missing"
	}
	return path, first.ErrorKind.LocalizedString(printer)
}

// collectLeaves gathers the errors that name a failing keyword. anyOf/oneOf stay whole: the
// branches' own errors would blame one arbitrary alternative.
func collectLeaves(e *jsonschema.ValidationError, out *[]*jsonschema.ValidationError) {
	switch e.ErrorKind.(type) {
	case *kind.AnyOf, *kind.OneOf:
		*out = append(*out, e)
		return
	}
	if len(e.Causes) == 0 {
		*out = append(*out, e)
		return
	}
	for _, c := range e.Causes {
		collectLeaves(c, out)
	}
}

// rank orders errors at the same location: an unknown field is the likeliest typo, then a
// missing one, then everything else.
func rank(k jsonschema.ErrorKind) int {
	switch k.(type) {
	case *kind.AdditionalProperties:
		return 0
	case *kind.Required:
		return 1
	}
	return 2
}

// jsonPath renders an instance location as $.a.b[0].c, walking the instance to tell array
// indices from object keys that happen to be digits.
func jsonPath(instance any, location []string) string {
	var sb strings.Builder
	sb.WriteString("$")
	cur := instance
	for _, tok := range location {
		switch v := cur.(type) {
		case []any:
			sb.WriteString("[" + tok + "]")
			if i, err := strconv.Atoi(tok); err == nil && i >= 0 && i < len(v) {
				cur = v[i]
			} else {
				cur = nil
			}
		case map[string]any:
			sb.WriteString("." + tok)
			cur = v[tok]
		default:
			sb.WriteString("." + tok)
			cur = nil
		}
	}
	return sb.String()
}
