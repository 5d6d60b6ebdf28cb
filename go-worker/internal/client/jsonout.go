package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Emit prints a JSON value with 2-space indentation and a newline, as the other clients do
// (Python json.dumps(indent=2, ensure_ascii=False), JS JSON.stringify(v, null, 2)): keys stay
// in the order received, numbers as written, strings unescaped where JSON allows.
func Emit(out io.Writer, raw []byte) error {
	var sb strings.Builder
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := writeValue(&sb, dec, ""); err != nil {
		return fmt.Errorf("print JSON: %w", err)
	}
	sb.WriteString("\n")
	_, err := io.WriteString(out, sb.String())
	return err
}

func writeValue(sb *strings.Builder, dec *json.Decoder, indent string) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	delim, ok := tok.(json.Delim)
	if !ok {
		return writeScalar(sb, tok)
	}
	closing := map[json.Delim]string{'{': "}", '[': "]"}[delim]
	sb.WriteString(delim.String())
	inner := indent + "  "
	n := 0
	for ; dec.More(); n++ {
		if n > 0 {
			sb.WriteString(",")
		}
		sb.WriteString("\n" + inner)
		if delim == '{' {
			key, err := dec.Token()
			if err != nil {
				return err
			}
			if err := writeScalar(sb, key); err != nil {
				return err
			}
			sb.WriteString(": ")
		}
		if err := writeValue(sb, dec, inner); err != nil {
			return err
		}
	}
	if n > 0 {
		sb.WriteString("\n" + indent)
	}
	if _, err := dec.Token(); err != nil { // the closing delimiter
		return err
	}
	sb.WriteString(closing)
	return nil
}

func writeScalar(sb *strings.Builder, tok json.Token) error {
	if n, ok := tok.(json.Number); ok {
		sb.WriteString(n.String())
		return nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	// <, > and & are plain characters here, not HTML.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(tok); err != nil {
		return err
	}
	sb.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	return nil
}
