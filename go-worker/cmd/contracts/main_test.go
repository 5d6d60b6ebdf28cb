package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"polyglot-media/go-worker/internal/contracts"
)

func TestVectorsCommand(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run([]string{"vectors", filepath.Join("..", "..", "..", "schemas", "vectors")}, nil, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var report contracts.Report
	if err := json.Unmarshal(stdout.Bytes(), &report); err != nil {
		t.Fatal(err)
	}
	if report.Language != "go" || report.Vectors == 0 || report.Vectors != len(report.Verdicts) {
		t.Errorf("report header: %+v", report.Language)
	}
	if !regexp.MustCompile(`^go: \d+ vectors, 0 failures\n$`).MatchString(stderr.String()) {
		t.Errorf("stderr %q", stderr.String())
	}
	// null typed/roundtrip verdicts must be JSON null, not omitted
	if !strings.Contains(stdout.String(), `"roundtrip":null`) {
		t.Error("invalid vectors must report roundtrip null")
	}
}

func TestRoundtripCommand(t *testing.T) {
	in := `{"content_type":"image/jpeg","uri":"media://a/b.jpg","size_bytes":12,"sha256":"` + strings.Repeat("a", 64) + `"}`
	var stdout, stderr bytes.Buffer
	if code := run([]string{"roundtrip", "MediaRef"}, strings.NewReader(in), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	a, _ := contracts.Decode([]byte(in))
	b, err := contracts.Decode(stdout.Bytes())
	if err != nil || !contracts.SameJSON(a, b) {
		t.Errorf("roundtrip changed the value: %s", stdout.String())
	}
	stdout.Reset()
	stderr.Reset()
	code := run([]string{"roundtrip", "MediaRef"}, strings.NewReader(`{"uri":"media://a"}`), &stdout, &stderr)
	if code != 1 || !strings.HasPrefix(stderr.String(), "invalid MediaRef at $.") {
		t.Errorf("invalid value: exit %d, stderr %q", code, stderr.String())
	}
}
