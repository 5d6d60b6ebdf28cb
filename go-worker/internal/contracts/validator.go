// Package contracts checks every value that crosses a language boundary against the shared
// JSON Schema (schemas/contracts.schema.json, embedded in gen) and wraps activities in the
// boundary described in docs/conventions.md.
package contracts

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"polyglot-media/go-worker/internal/contracts/gen"
)

// Invalid is a value that does not match its schema. Path is a JSON path such as
// $.frames[0].image.uri; for an unknown or missing property it names that property.
type Invalid struct {
	Schema string
	Path   string
	Reason string
}

func (e *Invalid) Error() string {
	return fmt.Sprintf("invalid %s at %s: %s", e.Schema, e.Path, e.Reason)
}

// compiled holds one compiled schema per $defs entry; compiling is done once per process.
var compiled = sync.OnceValues(compileAll)

func compileAll() (map[string]*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(gen.SchemaJSON))
	if err != nil {
		return nil, fmt.Errorf("parse embedded schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource(gen.SchemaID, doc); err != nil {
		return nil, fmt.Errorf("register embedded schema: %w", err)
	}
	defs, _ := doc.(map[string]any)["$defs"].(map[string]any)
	out := make(map[string]*jsonschema.Schema, len(defs))
	for name := range defs {
		sch, err := c.Compile(gen.SchemaID + "#/$defs/" + name)
		if err != nil {
			return nil, fmt.Errorf("compile %s: %w", name, err)
		}
		out[name] = sch
	}
	return out, nil
}

// Names lists the schema names ($defs keys) in sorted order.
func Names() ([]string, error) {
	all, err := compiled()
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(all))
	for n := range all {
		names = append(names, n)
	}
	sort.Strings(names)
	return names, nil
}

// Decode parses JSON keeping numbers as json.Number, so integers above 2^53 are compared
// exactly instead of being rounded through float64.
func Decode(raw []byte) (any, error) {
	return jsonschema.UnmarshalJSON(bytes.NewReader(raw))
}

// Validate checks raw JSON against $defs/<schema>. It returns *Invalid when the value does not
// match, and a plain error when the schema name is unknown.
func Validate(schema string, raw []byte) error {
	v, err := Decode(raw)
	if err != nil {
		return &Invalid{Schema: schema, Path: "$", Reason: "not a JSON value: " + err.Error()}
	}
	return ValidateValue(schema, v)
}

// ValidateValue checks a decoded value (from Decode) against $defs/<schema>.
func ValidateValue(schema string, v any) error {
	all, err := compiled()
	if err != nil {
		return err
	}
	sch, ok := all[schema]
	if !ok {
		return fmt.Errorf("no schema named %q in contracts.schema.json", schema)
	}
	err = sch.Validate(v)
	var verr *jsonschema.ValidationError
	if errors.As(err, &verr) {
		path, reason := describe(verr, v)
		return &Invalid{Schema: schema, Path: path, Reason: reason}
	}
	if err != nil {
		return fmt.Errorf("validate %s: %w", schema, err)
	}
	return nil
}
