package contracts_test

import (
	"errors"
	"fmt"
	"testing"

	"polyglot-media/go-worker/internal/contracts"
)

const ref = `{"uri":"media://runs/a/f.jpg","sha256":"` +
	"0000000000000000000000000000000000000000000000000000000000000000" + `","size_bytes":%s,"content_type":"image/jpeg"}`

func TestValidatePaths(t *testing.T) {
	frame := `{"index":0,"timestamp_seconds":1,"width":2,"height":2,"scene_score":null,"image":{"uri":"media://../x","sha256":"` +
		"0000000000000000000000000000000000000000000000000000000000000000" + `","size_bytes":1,"content_type":"image/jpeg"}}`
	cases := []struct {
		schema, doc, path, reason string
	}{
		{"ProbeVideoInput", `{"video":` + fmt.Sprintf(ref, "1") + `,"unexpected_field":1}`, "$.unexpected_field", "unknown field"},
		{"ProbeVideoInput", `{}`, "$.video", "required field missing"},
		{"AnalyzeFramesInput", `{"batch_index":0,"frames":[` + frame + `]}`, "$.frames[0].image.uri", ""},
		{"MediaRef", fmt.Sprintf(ref, "9007199254740992"), "$.size_bytes", ""},
		{"MediaRef", `{"uri":"media://a","sha256":"x","size_bytes":1,"content_type":"image/jpeg","extra":true}`, "$.extra", "unknown field"},
		{"ProbeVideoInput", `{"video":`, "$", ""},
	}
	for _, c := range cases {
		err := contracts.Validate(c.schema, []byte(c.doc))
		var inv *contracts.Invalid
		if !errors.As(err, &inv) {
			t.Errorf("%s %s: want *Invalid, got %v", c.schema, c.doc, err)
			continue
		}
		if inv.Path != c.path || (c.reason != "" && inv.Reason != c.reason) {
			t.Errorf("%s %s: got path %q reason %q, want %q %q", c.schema, c.doc, inv.Path, inv.Reason, c.path, c.reason)
		}
	}
}

// Integers are judged exactly: 2^53-1 is the largest size_bytes, 2^53 is refused even
// though both are the same float64.
func TestValidateLargeIntegersExactly(t *testing.T) {
	if err := contracts.Validate("MediaRef", []byte(fmt.Sprintf(ref, "9007199254740991"))); err != nil {
		t.Errorf("2^53-1 refused: %v", err)
	}
	if err := contracts.Validate("MediaRef", []byte(fmt.Sprintf(ref, "9007199254740992"))); err == nil {
		t.Error("2^53 accepted")
	}
}

func TestValidateFormatsAsserted(t *testing.T) {
	if err := contracts.Validate("StoreMetadataOutput", []byte(`{"record_id":"not-a-uuid","created":true,"stored_at":"2026-01-01T00:00:00Z"}`)); err == nil {
		t.Error("invalid uuid accepted: formats are not asserted")
	}
	if err := contracts.Validate("StoreMetadataOutput", []byte(`{"record_id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","created":true,"stored_at":"yesterday"}`)); err == nil {
		t.Error("invalid date-time accepted: formats are not asserted")
	}
}

func TestValidateUnknownSchema(t *testing.T) {
	err := contracts.Validate("NoSuchThing", []byte(`{}`))
	var inv *contracts.Invalid
	if err == nil || errors.As(err, &inv) {
		t.Errorf("unknown schema: want a plain error, got %v", err)
	}
}
