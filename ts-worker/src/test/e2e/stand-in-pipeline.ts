// Test-only stand-in for the Python MediaProcessingWorkflow, registered under the same name on
// the same queue, so the client's whole path (start, progress, result, failure, cancel) runs
// against a real server without the Python, Go and ffmpeg stack. The test drives it by signals.
import { ApplicationFailure, condition, defineQuery, defineSignal, setHandler, workflowInfo } from "@temporalio/workflow";
import { QueryProgress } from "../../contracts/gen/registry";

export interface Outcome {
  result?: unknown;
  failure?: { type: string; message: string };
}

export const progressQuery = defineQuery<unknown>(QueryProgress);
export const setProgress = defineSignal<[unknown]>("set_progress");
export const finish = defineSignal<[Outcome]>("finish");

export async function MediaProcessingWorkflow(request: unknown): Promise<unknown> {
  void request; // the stand-in does what the test signals, whatever was asked
  let progress: unknown = {
    workflow_id: workflowInfo().workflowId,
    stage: "starting",
    stages_done: [],
    frames_extracted: 0,
    frames_analyzed: 0,
    batches_total: 0,
    batches_done: 0,
    percent: 0,
    elapsed_seconds: 0,
  };
  let outcome: Outcome | undefined;
  setHandler(progressQuery, () => progress);
  setHandler(setProgress, (value) => {
    progress = value;
  });
  setHandler(finish, (value) => {
    outcome = value;
  });
  // A cancel request makes condition() throw CancelledFailure: the run ends CANCELED.
  await condition(() => outcome !== undefined);
  if (outcome?.failure !== undefined) throw ApplicationFailure.create({ ...outcome.failure, nonRetryable: true });
  return outcome?.result;
}
