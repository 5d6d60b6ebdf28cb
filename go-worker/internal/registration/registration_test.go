package registration_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"go.temporal.io/sdk/activity"

	"polyglot-media/go-worker/internal/activities"
	"polyglot-media/go-worker/internal/contracts"
	"polyglot-media/go-worker/internal/contracts/gen"
	"polyglot-media/go-worker/internal/registration"
)

// The worker's handler map must hold exactly the registry's "go" activities: one missing
// would leave the workflow's calls unanswered, one extra would be a name nobody calls.
func TestWorkerHandlersMatchRegistry(t *testing.T) {
	handlers, err := (&activities.Activities{}).Handlers()
	if err != nil {
		t.Fatal(err)
	}
	if err := registration.Check(handlers); err != nil {
		t.Fatal(err)
	}
	var names []string
	for name := range handlers {
		names = append(names, name)
	}
	slices.Sort(names)
	var want []string
	for _, spec := range gen.Activities {
		if spec.Language == "go" {
			want = append(want, spec.Name)
		}
	}
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("handlers %v, registry go activities %v", names, want)
	}
}

func TestCheckRejectsMissingAndExtra(t *testing.T) {
	handlers, _ := (&activities.Activities{}).Handlers()
	missing := map[string]contracts.Handler{}
	for k, v := range handlers {
		if k != gen.ActivityBuildStoryboard {
			missing[k] = v
		}
	}
	if registration.Check(missing) == nil {
		t.Error("a missing activity was accepted")
	}
	extra := map[string]contracts.Handler{gen.ActivityAnalyzeFrames: func(context.Context, json.RawMessage) (json.RawMessage, error) { return nil, nil }}
	for k, v := range handlers {
		extra[k] = v
	}
	if registration.Check(extra) == nil {
		t.Error("an activity of another language was accepted")
	}
	if registration.Register(recorder{}, extra) == nil {
		t.Error("Register registered a map that does not match the registry")
	}
}

func TestRegisterUsesRegistryNames(t *testing.T) {
	handlers, _ := (&activities.Activities{}).Handlers()
	r := recorder{names: new([]string)}
	if err := registration.Register(r, handlers); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(*r.names, registration.Expected()) {
		t.Errorf("registered %v, want %v", *r.names, registration.Expected())
	}
}

type recorder struct{ names *[]string }

func (r recorder) RegisterActivityWithOptions(_ any, o activity.RegisterOptions) {
	if r.names != nil {
		*r.names = append(*r.names, o.Name)
	}
}
