package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"polyglot-media/go-worker/internal/client"
)

const pageJSON = `{"items": [
  {"record_id": "0d5f1d0a-5b7c-5c7e-9a40-3c4cbb3f7d6e", "workflow_id": "media-3f2a9c1b7d4e5f60a1b2",
   "video_url": "https://example.com/videos/holiday.mp4", "title": "holiday.mp4",
   "duration_seconds": 3725, "width": 1280, "height": 720, "scene_count": 4,
   "poster": "media://runs/media-3f2a9c1b7d4e5f60a1b2/poster/320.jpg",
   "created_at": "2026-12-01T10:00:00Z", "processed_at": "2026-12-01T11:05:59+01:00",
   "text_matches": [{"text": "OPENING TITLE", "first_seconds": 0, "last_seconds": 2.5}]}],
  "total": 31, "offset": 30, "limit": 24, "sort": "url", "query": "holiday"}`

// catalogServer answers every request with status and body, and records the requests.
func catalogServer(t *testing.T, status int, body string) (*[]*http.Request, string) {
	t.Helper()
	var seen []*http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return &seen, srv.URL
}

func runCatalog(t *testing.T, webURL string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	t.Setenv("WEB_URL", webURL)
	t.Setenv("WEB_AUTH_TOKEN", "a-token-of-16-chars")
	var out, errOut bytes.Buffer
	code = client.Main(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestListPrintsALinePerVideo(t *testing.T) {
	seen, base := catalogServer(t, 200, pageJSON)
	code, out, errOut := runCatalog(t, base, "list", "--sort", "url", "--offset", "30", "--query", "holiday")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	want := "media-3f2a9c1b7d4e5f60a1b2  1:02:05.0  1280x720   2026-12-01 10:05 UTC  holiday.mp4\n31-31 of 31\n"
	if out != want {
		t.Errorf("stdout\n%q, want\n%q", out, want)
	}
	r := (*seen)[0]
	if r.URL.Path != "/api/videos" || r.URL.Query().Get("sort") != "url" || r.URL.Query().Get("offset") != "30" ||
		r.URL.Query().Get("q") != "holiday" || r.URL.Query().Has("limit") {
		t.Errorf("request %s", r.URL)
	}
	if got := r.Header.Get("Authorization"); got != "Bearer a-token-of-16-chars" {
		t.Errorf("Authorization %q", got)
	}
}

func TestListJSONIsTheCatalogPage(t *testing.T) {
	_, base := catalogServer(t, 200, pageJSON)
	code, out, errOut := runCatalog(t, base, "list", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got, want map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	_ = json.Unmarshal([]byte(pageJSON), &want)
	if g, w := mustJSON(t, got), mustJSON(t, want); g != w {
		t.Errorf("stdout\n%s\nwant\n%s", g, w)
	}
}

func TestShowAsksForTheRecord(t *testing.T) {
	seen, base := catalogServer(t, 404, `{"type": "NotFound", "message": "no catalog record for a/b"}`)
	code, out, errOut := runCatalog(t, base, "show", "a/b")
	if code != 1 || out != "" || errOut != "error: NotFound: no catalog record for a/b\n" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if got := (*seen)[0].URL.EscapedPath(); got != "/api/videos/a%2Fb" {
		t.Errorf("path %s", got)
	}
}

func TestCatalogFailures(t *testing.T) {
	refused := func() string { // a port nobody listens on any more
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		return "http://" + l.Addr().String()
	}()
	for _, c := range []struct {
		name, base string
		args       []string
		wantPrefix string
	}{
		{"bad parameter", serve(t, 400, `{"type": "InvalidInput", "message": "limit must be an integer from 1 to 100 (got \"0\")"}`),
			[]string{"list", "--limit", "0"}, `error: InvalidInput: limit must be an integer from 1 to 100 (got "0")`},
		{"unreachable", refused, []string{"list"}, "error: CatalogUnavailable: cannot reach the web catalog at " + refused},
		{"5xx", serve(t, 503, `{"type": "CatalogUnavailable", "message": "database is locked"}`),
			[]string{"show", "x"}, "error: CatalogUnavailable: "},
		{"no ApiError", serve(t, 404, `<html>nope</html>`), []string{"show", "x"}, "error: CatalogUnavailable: "},
		{"bad JSON", serve(t, 200, `{"items": [`), []string{"list"}, "error: ContractViolation: "},
		{"not a CatalogPage", serve(t, 200, `{"items": [], "total": 0}`), []string{"list"}, "error: ContractViolation: invalid CatalogPage"},
		{"not a CatalogRecord", serve(t, 200, pageJSON), []string{"show", "x"}, "error: ContractViolation: invalid CatalogRecord"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := runCatalog(t, c.base, c.args...)
			if code != 1 || out != "" || !strings.HasPrefix(errOut, c.wantPrefix) || strings.Count(errOut, "\n") != 1 {
				t.Errorf("exit %d, stdout %q, stderr %q; want stderr %q...", code, out, errOut, c.wantPrefix)
			}
		})
	}
}

func TestCatalogUsage(t *testing.T) {
	for _, args := range [][]string{{"show"}, {"show", "a", "b"}, {"list", "x"}, {"list", "--nope"}} {
		if code, _, _ := runCatalog(t, "http://127.0.0.1:1", args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

func serve(t *testing.T, status int, body string) string {
	_, base := catalogServer(t, status, body)
	return base
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
