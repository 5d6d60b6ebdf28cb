package client_test

import (
	"strings"
	"testing"

	"polyglot-media/go-worker/internal/client"
)

// Emit must print what Python's json.dumps(v, indent=2, ensure_ascii=False) and JS's
// JSON.stringify(v, null, 2) print: keys in the order received, numbers as written.
func TestEmit(t *testing.T) {
	raw := `{"workflow_id":"media-1","timings":{"total":12.0,"probe":1e-05},"frames":[],"meta":{},` +
		`"title":"vidéo <a&b> \u00e9 \"q\"","ok":true,"none":null,"list":[1,[2,{"x":3}]]}`
	want := `{
  "workflow_id": "media-1",
  "timings": {
    "total": 12.0,
    "probe": 1e-05
  },
  "frames": [],
  "meta": {},
  "title": "vidéo <a&b> é \"q\"",
  "ok": true,
  "none": null,
  "list": [
    1,
    [
      2,
      {
        "x": 3
      }
    ]
  ]
}
`
	var out strings.Builder
	if err := client.Emit(&out, []byte(raw)); err != nil {
		t.Fatal(err)
	}
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
	if err := client.Emit(&out, []byte(`{"a":`)); err == nil {
		t.Error("truncated JSON printed without an error")
	}
}
