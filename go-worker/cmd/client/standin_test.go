package main_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"testing"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"polyglot-media/go-worker/internal/contracts/gen"
)

// outcome is what the "finish" signal tells the stand-in to end with.
type outcome struct {
	Result  json.RawMessage `json:"result,omitempty"`
	Failure *struct {
		Type    string `json:"type"`
		Message string `json:"message"`
	} `json:"failure,omitempty"`
}

// standIn plays MediaProcessingWorkflow on the python queue: it answers the progress query
// with whatever "set_progress" last sent and ends as "finish" says (or when cancelled).
func standIn(ctx workflow.Context, _ json.RawMessage) (json.RawMessage, error) {
	progress := progressJSON(workflow.GetInfo(ctx).WorkflowExecution.ID, "starting", 0, 0)
	if err := workflow.SetQueryHandler(ctx, gen.QueryProgress, func() (json.RawMessage, error) { return progress, nil }); err != nil {
		return nil, err
	}
	var end outcome
	finished := false
	sel := workflow.NewSelector(ctx)
	sel.AddReceive(workflow.GetSignalChannel(ctx, "set_progress"), func(c workflow.ReceiveChannel, _ bool) { c.Receive(ctx, &progress) })
	sel.AddReceive(workflow.GetSignalChannel(ctx, "finish"), func(c workflow.ReceiveChannel, _ bool) { c.Receive(ctx, &end); finished = true })
	sel.AddReceive(ctx.Done(), func(workflow.ReceiveChannel, bool) { finished = true })
	for !finished {
		sel.Select(ctx)
	}
	switch {
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case end.Failure != nil:
		return nil, temporal.NewNonRetryableApplicationError(end.Failure.Message, end.Failure.Type, nil)
	}
	return end.Result, nil
}

func progressJSON(id, stage string, percent, elapsed float64) json.RawMessage {
	busy := 0
	if stage != "starting" {
		busy = 1
	}
	return json.RawMessage(fmt.Sprintf(`{"workflow_id":%q,"stage":%q,"stages_done":[],"frames_extracted":%d,`+
		`"frames_analyzed":%d,"batches_total":%d,"batches_done":%d,"percent":%v,"elapsed_seconds":%v}`,
		id, stage, 120*busy, 48*busy, 5*busy, 2*busy, percent, elapsed))
}

// pipelineResult is the shared vector "valid #1" of schemas/vectors/PipelineResult.json for id.
func pipelineResult(t *testing.T, id string) map[string]any {
	t.Helper()
	data, err := os.ReadFile("../../../schemas/vectors/PipelineResult.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Tests []struct {
			Description string         `json:"description"`
			Data        map[string]any `json:"data"`
		} `json:"tests"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	for _, v := range file.Tests {
		if v.Description == "valid #1" {
			v.Data["workflow_id"] = id
			v.Data["metadata"].(map[string]any)["workflow_id"] = id
			return v.Data
		}
	}
	t.Fatal("no vector valid #1")
	return nil
}

func signal(t *testing.T, c client.Client, id, name string, value any) {
	t.Helper()
	if err := c.SignalWorkflow(context.Background(), id, "", name, value); err != nil {
		t.Fatalf("signal %s to %s: %v", name, id, err)
	}
}

func startStandIn(t *testing.T, c client.Client) {
	t.Helper()
	w := worker.New(c, gen.TaskQueuePython, worker.Options{})
	w.RegisterWorkflowWithOptions(standIn, workflow.RegisterOptions{Name: gen.WorkflowMediaProcessing})
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Stop)
}
