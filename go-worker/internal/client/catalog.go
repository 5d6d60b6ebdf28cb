package client

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net/url"
	"os"
	"strings"
	"time"

	"polyglot-media/go-worker/internal/contracts/gen"
)

// catalogMain runs list or show against the web catalog (WEB_URL); no Temporal needed.
// The page parameters stay strings: the server checks them with the same rules and messages
// as the other clients, so a bad one is its InvalidInput (exit 1), not a usage error.
func catalogMain(ctx context.Context, name string, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	params, want, synopsis := url.Values{}, 1, "show ID"
	var asJSON bool
	if name == "list" {
		want, synopsis = 0, "list [flags]"
		// Help without the bounds: they are the web catalog's (docs/clients.md, Catalog).
		for _, f := range []struct{ name, param, usage string }{
			{"query", "q", "only videos whose URL or on-screen text contains `Q`"},
			{"sort", "sort", "page `order`, a sort of CatalogPage in the schema (default newest)"},
			{"offset", "offset", "skip the first `N` videos"},
			{"limit", "limit", "at most `N` videos"},
		} {
			fs.Func(f.name, f.usage, func(s string) error {
				params.Set(f.param, s)
				return nil
			})
		}
		fs.BoolVar(&asJSON, "json", false, "print the CatalogPage JSON instead of a line per video")
	}
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: client %s\n", synopsis)
		fs.PrintDefaults()
	}
	positional, err := parse(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	} else if err != nil {
		return 2
	}
	if len(positional) != want {
		fmt.Fprintf(stderr, "client %s: want %d arguments, got %d\n", name, want, len(positional))
		fs.Usage()
		return 2
	}
	catalog := NewWebCatalog(os.Getenv)
	if name == "show" {
		var record *gen.CatalogRecord
		if record, err = catalog.Record(ctx, positional[0]); err == nil {
			err = emit(stdout, record)
		}
	} else {
		var page *gen.CatalogPage
		if page, err = catalog.Page(ctx, params); err == nil && asJSON {
			err = emit(stdout, page)
		} else if err == nil {
			_, err = io.WriteString(stdout, catalogLines(page))
		}
	}
	if err != nil {
		typ, msg := Describe(err)
		fmt.Fprintf(stderr, "error: %s: %s\n", typ, oneLine(msg))
		return 1
	}
	return 0
}

// catalogLines is the text form of docs/clients.md: a line per video, then
// "<first>-<last> of <total>".
func catalogLines(page *gen.CatalogPage) string {
	var b strings.Builder
	for _, e := range page.Items {
		fmt.Fprintf(&b, "%s  %9s  %-9s  %s  %s\n", e.WorkflowID, duration(e.DurationSeconds),
			fmt.Sprintf("%dx%d", e.Width, e.Height), date(e.ProcessedAt), e.Title)
	}
	first, last := 0, page.Offset+len(page.Items)
	if page.Total > 0 {
		first = page.Offset + 1
	}
	fmt.Fprintf(&b, "%d-%d of %d\n", first, last, page.Total)
	return b.String()
}

// duration is 75.5 → "1:15.5", 3725 → "1:02:05.0".
func duration(seconds float64) string {
	h, m := int(seconds/3600), int(math.Mod(seconds, 3600)/60)
	s := fmt.Sprintf("%04.1f", math.Mod(seconds, 60))
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%s", h, m, s)
	}
	return fmt.Sprintf("%d:%s", m, s)
}

// date is a time as "2026-12-01 10:05 UTC".
func date(t time.Time) string {
	return t.UTC().Format("2006-01-02 15:04") + " UTC"
}
