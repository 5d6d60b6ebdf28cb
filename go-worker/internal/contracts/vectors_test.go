package contracts_test

import (
	"path/filepath"
	"testing"

	"polyglot-media/go-worker/internal/contracts"
)

var vectorsDir = filepath.Join("..", "..", "..", "schemas", "vectors")

// Every shared vector must get the verdict the vector expects, from the validator and from
// the generated types; Python and TypeScript run the same files.
func TestSharedVectors(t *testing.T) {
	report, err := contracts.RunVectors(vectorsDir)
	if err != nil {
		t.Fatal(err)
	}
	if report.Vectors == 0 {
		t.Fatalf("no vectors found in %s", vectorsDir)
	}
	for _, v := range report.Verdicts {
		if !v.OK() {
			t.Errorf("%s / %s: expected valid=%v, validator=%v typed=%v roundtrip=%v",
				v.Schema, v.Description, v.Expected, v.Validator, deref(v.Typed), deref(v.Roundtrip))
		}
	}
	if report.Failures != 0 {
		t.Errorf("report counts %d failures", report.Failures)
	}
	t.Logf("go: %d vectors, %d failures", report.Vectors, report.Failures)
}

func deref(b *bool) any {
	if b == nil {
		return nil
	}
	return *b
}
