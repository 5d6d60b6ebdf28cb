package main_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
)

func describe(t *testing.T, c client.Client, id string) *workflowservice.DescribeWorkflowExecutionResponse {
	t.Helper()
	desc, err := c.DescribeWorkflowExecution(context.Background(), id, "")
	if err != nil {
		t.Fatalf("describe %s: %v", id, err)
	}
	return desc
}

// startInput is the JSON value the run was started with (its one argument).
func startInput(t *testing.T, c client.Client, id string) map[string]any {
	t.Helper()
	iter := c.GetWorkflowHistory(context.Background(), id, "", false, 0)
	event, err := iter.Next()
	if err != nil {
		t.Fatalf("history of %s: %v", id, err)
	}
	payloads := event.GetWorkflowExecutionStartedEventAttributes().GetInput().GetPayloads()
	var input map[string]any
	if len(payloads) != 1 || json.Unmarshal(payloads[0].GetData(), &input) != nil {
		t.Fatalf("start input of %s: %v", id, payloads)
	}
	return input
}

func cancelRequested(t *testing.T, c client.Client, id string) bool {
	t.Helper()
	iter := c.GetWorkflowHistory(context.Background(), id, "", false, 0)
	for iter.HasNext() {
		event, err := iter.Next()
		if err != nil {
			t.Fatalf("history of %s: %v", id, err)
		}
		if event.GetWorkflowExecutionCancelRequestedEventAttributes() != nil {
			return true
		}
	}
	return false
}

func until(t *testing.T, check func() bool) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); !check(); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in time")
		}
	}
}
