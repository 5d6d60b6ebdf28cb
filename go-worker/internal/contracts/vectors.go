package contracts

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"polyglot-media/go-worker/internal/contracts/gen"
)

// Verdict is one shared test vector as judged by this language (docs/conventions.md).
type Verdict struct {
	Schema      string `json:"schema"`
	Description string `json:"description"`
	Expected    bool   `json:"expected"`
	Validator   bool   `json:"validator"`
	Typed       *bool  `json:"typed"`     // nil: no generated type of its own
	Roundtrip   *bool  `json:"roundtrip"` // nil: not a valid vector
}

// OK is true when every verdict agrees with the vector's expectation.
func (v Verdict) OK() bool {
	return v.Validator == v.Expected &&
		(v.Typed == nil || !v.Expected || *v.Typed) &&
		(v.Roundtrip == nil || *v.Roundtrip)
}

// Report is the `contracts vectors` output.
type Report struct {
	Language string    `json:"language"`
	Vectors  int       `json:"vectors"`
	Failures int       `json:"failures"`
	Verdicts []Verdict `json:"verdicts"`
}

type vectorFile struct {
	Schema struct {
		Ref string `json:"$ref"`
	} `json:"schema"`
	Tests []struct {
		Description string          `json:"description"`
		Data        json.RawMessage `json:"data"`
		Valid       bool            `json:"valid"`
	} `json:"tests"`
}

// RunVectors judges every vector of every *.json file in dir, files in name order.
func RunVectors(dir string) (Report, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return Report{}, fmt.Errorf("list vectors in %s: %w", dir, err)
	}
	sort.Strings(paths)
	report := Report{Language: "go", Verdicts: []Verdict{}}
	for _, p := range paths {
		verdicts, err := runFile(p)
		if err != nil {
			return Report{}, err
		}
		report.Verdicts = append(report.Verdicts, verdicts...)
	}
	for _, v := range report.Verdicts {
		if !v.OK() {
			report.Failures++
		}
	}
	report.Vectors = len(report.Verdicts)
	return report, nil
}

func runFile(path string) ([]Verdict, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read vectors: %w", err)
	}
	var doc vectorFile
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("parse vectors %s: %w", path, err)
	}
	prefix := gen.SchemaID + "#/$defs/"
	name, ok := strings.CutPrefix(doc.Schema.Ref, prefix)
	if !ok {
		return nil, fmt.Errorf("%s: schema must reference %s<Name>, got %q", path, prefix, doc.Schema.Ref)
	}
	verdicts := make([]Verdict, 0, len(doc.Tests))
	for _, t := range doc.Tests {
		valid, err := judge(name, t.Data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		v := Verdict{Schema: name, Description: t.Description, Expected: t.Valid, Validator: valid}
		typed, encoded := TypedRoundtrip(name, t.Data)
		v.Typed = typed
		if t.Valid {
			same := typed == nil || (*typed && sameEncoding(encoded, t.Data))
			v.Roundtrip = &same
		}
		verdicts = append(verdicts, v)
	}
	return verdicts, nil
}

// judge is the JSON Schema verdict; an error means the schema itself is unusable.
func judge(name string, data []byte) (bool, error) {
	err := Validate(name, data)
	if _, invalid := err.(*Invalid); invalid {
		return false, nil
	}
	return err == nil, err
}

// TypedRoundtrip decodes data into the generated type for name with encoding/json and
// re-encodes it. typed is nil when gen.Types has no type for name.
func TypedRoundtrip(name string, data []byte) (typed *bool, encoded []byte) {
	factory, ok := gen.Types[name]
	if !ok {
		return nil, nil
	}
	value := factory()
	data, err := Integral(data)
	ok = err == nil && json.Unmarshal(data, value) == nil
	if ok {
		var err error
		if encoded, err = json.Marshal(value); err != nil {
			ok = false
		}
	}
	return &ok, encoded
}

func sameEncoding(a, b []byte) bool {
	x, errx := Decode(a)
	y, erry := Decode(b)
	return errx == nil && erry == nil && SameJSON(x, y)
}
