package contracts_test

import (
	"testing"

	"polyglot-media/go-worker/internal/contracts"
)

func TestSameJSON(t *testing.T) {
	cases := []struct {
		a, b string
		same bool
	}{
		{`{"a":1,"b":[true,null]}`, `{"b":[true,null],"a":1.0}`, true},
		{`1`, `1.0`, true},
		{`1e2`, `100`, true},
		{`9007199254740993`, `9007199254740992`, false}, // equal as float64, not as numbers
		{`true`, `1`, false},
		{`[1,2]`, `[2,1]`, false},
		{`{"a":null}`, `{}`, false},
		{`"1"`, `1`, false},
	}
	for _, c := range cases {
		a, err1 := contracts.Decode([]byte(c.a))
		b, err2 := contracts.Decode([]byte(c.b))
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if got := contracts.SameJSON(a, b); got != c.same {
			t.Errorf("SameJSON(%s, %s) = %v", c.a, c.b, got)
		}
	}
}
