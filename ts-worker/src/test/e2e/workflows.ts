// Test-only workflow: the pipeline's workflow is Python, and an activity can only be run by
// a workflow, so the end-to-end test uses this one to call store_metadata through Temporal
// exactly as the Python workflow does: by registry name, on the ts-tasks queue.
import { proxyActivities } from "@temporalio/workflow";
import { Activities, type ActivityName, TaskQueue } from "../../contracts/gen/registry";

type RawActivity = (input: unknown) => Promise<unknown>;

const activities = proxyActivities<Record<ActivityName, RawActivity>>({
  taskQueue: TaskQueue.ts,
  startToCloseTimeout: "1 minute",
  // A retryable error would be tried again; the test checks InvalidInput is not.
  retry: { maximumAttempts: 3, initialInterval: "100 milliseconds" },
});

export async function storeMetadataViaTemporal(input: unknown): Promise<unknown> {
  return activities[Activities.store_metadata.name](input);
}
