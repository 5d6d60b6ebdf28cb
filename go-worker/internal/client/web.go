package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"polyglot-media/go-worker/internal/contracts/gen"
)

// DefaultWebURL is WEB_URL when unset: where `make up` serves the web catalog.
const DefaultWebURL = "http://127.0.0.1:8090"

// webTimeout bounds one request, so an unreachable catalog is reported within the 30 s
// docs/clients.md gives.
const webTimeout = 20 * time.Second

// maxBody bounds what is read of an answer: a page is at most 100 entries.
const maxBody = 16 << 20

// WebCatalog reads the web catalog's JSON API (ts-worker/src/web/api.ts): the server holds
// the catalog driver and checks the page parameters, so this client needs neither.
type WebCatalog struct {
	Base  string // WEB_URL, without a trailing slash
	Token string // WEB_AUTH_TOKEN, sent as a bearer token when set
	HTTP  *http.Client
}

// NewWebCatalog is the catalog at WEB_URL, with WEB_AUTH_TOKEN, from getenv.
func NewWebCatalog(getenv func(string) string) *WebCatalog {
	base := or(strings.TrimSpace(getenv("WEB_URL")), DefaultWebURL)
	return &WebCatalog{
		Base:  strings.TrimRight(base, "/"),
		Token: strings.TrimSpace(getenv("WEB_AUTH_TOKEN")),
		HTTP:  &http.Client{Timeout: webTimeout},
	}
}

// Page is GET /api/videos with the given query parameters (sort, offset, limit, q).
func (w *WebCatalog) Page(ctx context.Context, params url.Values) (*gen.CatalogPage, error) {
	raw, err := w.get(ctx, "/api/videos?"+params.Encode())
	if err != nil {
		return nil, err
	}
	return decode[gen.CatalogPage](raw)
}

// Record is GET /api/videos/{id}.
func (w *WebCatalog) Record(ctx context.Context, id string) (*gen.CatalogRecord, error) {
	raw, err := w.get(ctx, "/api/videos/"+url.PathEscape(id))
	if err != nil {
		return nil, err
	}
	return decode[gen.CatalogRecord](raw)
}

// get returns the body of a 200 answer. A 4xx answer is the server's ApiError (InvalidInput,
// NotFound, Unauthorized...); no answer, a 5xx or anything but an ApiError is
// CatalogUnavailable.
func (w *WebCatalog) get(ctx context.Context, path string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, w.Base+path, nil)
	if err != nil {
		return nil, unavailable("WEB_URL %q: %v", w.Base, err)
	}
	req.Header.Set("Accept", "application/json")
	if w.Token != "" {
		req.Header.Set("Authorization", "Bearer "+w.Token)
	}
	resp, err := w.HTTP.Do(req)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // the URL is in the message already
		}
		return nil, unavailable("cannot reach the web catalog at %s: %v", w.Base, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return nil, unavailable("reading %s%s: %v", w.Base, path, err)
	}
	if resp.StatusCode == http.StatusOK {
		return body, nil
	}
	apiErr, err := decode[gen.ApiError](body)
	if err != nil {
		return nil, unavailable("%s%s answered %s, not an ApiError", w.Base, path, resp.Status)
	}
	if resp.StatusCode >= 500 {
		return nil, unavailable("%s%s answered %s: %s: %s", w.Base, path, resp.Status, apiErr.Type, apiErr.Message)
	}
	return nil, &Error{apiErr.Type, apiErr.Message}
}

func unavailable(format string, args ...any) error {
	return &Error{gen.ErrCatalogUnavailable, fmt.Sprintf(format, args...)}
}
