package contracts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"

	"polyglot-media/go-worker/internal/contracts/gen"
)

// Handler is what every activity is registered as: the raw JSON payload in, JSON out. Taking
// json.RawMessage keeps decoding out of the SDK, where a failure would surface as an untyped,
// retryable error.
type Handler func(ctx context.Context, raw json.RawMessage) (json.RawMessage, error)

// Spec returns the registry entry of an activity.
func Spec(name string) (gen.ActivitySpec, error) {
	for _, s := range gen.Activities {
		if s.Name == name {
			return s, nil
		}
	}
	return gen.ActivitySpec{}, fmt.Errorf("activity %q is not in schemas/registry.json", name)
}

// Activity wraps run in the boundary of docs/conventions.md: validate the input against the
// registry's input schema (InvalidInput), decode it into the generated type, run, then
// validate the encoded output (ContractViolation). I and O must be the generated types named
// by the registry, which is checked here once rather than trusted.
func Activity[I, O any](name string, run func(context.Context, *I) (*O, error)) (Handler, error) {
	spec, err := Spec(name)
	if err != nil {
		return nil, err
	}
	if in := reflect.TypeFor[I]().Name(); in != spec.Input {
		return nil, fmt.Errorf("activity %s takes %s, handler takes %s", name, spec.Input, in)
	}
	if out := reflect.TypeFor[O]().Name(); out != spec.Output {
		return nil, fmt.Errorf("activity %s returns %s, handler returns %s", name, spec.Output, out)
	}
	return func(ctx context.Context, raw json.RawMessage) (json.RawMessage, error) {
		input, err := decodeInput[I](spec.Input, raw)
		if err != nil {
			return nil, err
		}
		output, err := run(ctx, input)
		if err != nil {
			return nil, ForTemporal(ctx, err)
		}
		return encodeOutput(spec.Output, output)
	}, nil
}

func decodeInput[I any](schema string, raw json.RawMessage) (*I, error) {
	if err := Validate(schema, raw); err != nil {
		var inv *Invalid
		if errors.As(err, &inv) {
			return nil, Error(gen.ErrInvalidInput, "%s", inv.Error())
		}
		return nil, Wrap(gen.ErrContractViolation, err, "validate %s", schema)
	}
	raw, err := Integral(raw)
	if err != nil {
		return nil, Error(gen.ErrInvalidInput, "invalid %s at $: %v", schema, err)
	}
	input := new(I)
	if err := json.Unmarshal(raw, input); err != nil {
		// The schema accepted what the generated type refuses: generator drift, reported
		// against the input so the caller sees which payload triggered it.
		return nil, Error(gen.ErrInvalidInput, "invalid %s at $: %v", schema, err)
	}
	return input, nil
}

func encodeOutput[O any](schema string, output *O) (json.RawMessage, error) {
	encoded, err := json.Marshal(output)
	if err != nil {
		return nil, Wrap(gen.ErrContractViolation, err, "encode %s", schema)
	}
	if err := Validate(schema, encoded); err != nil {
		return nil, Error(gen.ErrContractViolation, "worker produced %v", err)
	}
	return encoded, nil
}
