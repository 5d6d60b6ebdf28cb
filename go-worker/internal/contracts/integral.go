package contracts

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// maxExact is 2^53 - 1, the largest integer every language represents exactly.
const maxExact = 1<<53 - 1

// Integral rewrites every number without a fractional part (10.0, 1e3) as an integer literal.
// JSON Schema counts 10.0 as an integer, but encoding/json refuses it for an int field; after
// this step the generated types accept exactly what the schema accepts, as in Python and
// TypeScript. Float fields decode integer literals unchanged.
func Integral(raw []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var value any
	if err := dec.Decode(&value); err != nil {
		return nil, fmt.Errorf("decode for integral numbers: %w", err)
	}
	out, err := json.Marshal(integral(value))
	if err != nil {
		return nil, fmt.Errorf("encode integral numbers: %w", err)
	}
	return out, nil
}

func integral(value any) any {
	switch v := value.(type) {
	case map[string]any:
		for k, item := range v {
			v[k] = integral(item)
		}
	case []any:
		for i, item := range v {
			v[i] = integral(item)
		}
	case json.Number:
		if !strings.ContainsAny(string(v), ".eE") {
			return v
		}
		f, err := v.Float64()
		if err == nil && f == math.Trunc(f) && math.Abs(f) <= maxExact {
			return json.Number(strconv.FormatInt(int64(f), 10))
		}
	}
	return value
}
