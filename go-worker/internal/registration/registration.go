// Package registration registers the Go activities under their registry names and refuses
// to when the worker's handlers and schemas/registry.json disagree.
package registration

import (
	"fmt"
	"slices"
	"strings"

	"go.temporal.io/sdk/activity"

	"polyglot-media/go-worker/internal/contracts"
	"polyglot-media/go-worker/internal/contracts/gen"
)

// Language is this worker's language in the registry.
const Language = "go"

// Registrar is the part of a Temporal worker (or test environment) that takes activities.
type Registrar interface {
	RegisterActivityWithOptions(a any, options activity.RegisterOptions)
}

// Expected lists the registry's activity names for this worker's language.
func Expected() []string {
	var names []string
	for _, s := range gen.Activities {
		if s.Language == Language {
			names = append(names, s.Name)
		}
	}
	return names
}

// Check fails unless handlers has exactly the registry's "go" activities.
func Check(handlers map[string]contracts.Handler) error {
	want := Expected()
	var missing, extra []string
	for _, name := range want {
		if handlers[name] == nil {
			missing = append(missing, name)
		}
	}
	for name := range handlers {
		if !slices.Contains(want, name) {
			extra = append(extra, name)
		}
	}
	slices.Sort(extra)
	if len(missing) > 0 || len(extra) > 0 {
		return fmt.Errorf("go activities differ from schemas/registry.json: missing [%s], not in the registry [%s]",
			strings.Join(missing, ", "), strings.Join(extra, ", "))
	}
	return nil
}

// Register checks handlers against the registry, then registers each under its name.
func Register(r Registrar, handlers map[string]contracts.Handler) error {
	if err := Check(handlers); err != nil {
		return err
	}
	for _, name := range Expected() {
		r.RegisterActivityWithOptions(handlers[name], activity.RegisterOptions{Name: name})
	}
	return nil
}
