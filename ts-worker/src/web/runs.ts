// The runs of the web catalog: MediaProcessingWorkflow executions from Temporal visibility
// with their `progress` query, and start and cancel, through the TypeScript client's own code
// (the same request checks, default ids and id policies as `node dist/client.js start`).
import type { Client } from "@temporalio/client";
import { checked, pipelineRequest, runId } from "../client/request";
import { progress, start, status, statusName } from "../client/workflows";
import { ErrorType, MediaProcessingWorkflow } from "../contracts/gen/registry";
import type { RunList, RunListItem, RunStatus, StartRunResponse } from "../contracts/gen/types";
import { reason } from "../client/errors";

export interface Runs {
  list(limit: number): Promise<RunList>;
  start(videoUrl: string): Promise<StartRunResponse>;
  cancel(workflowId: string): Promise<RunStatus>;
}

export class TemporalRuns implements Runs {
  constructor(private readonly client: Client) {}

  async list(limit: number): Promise<RunList> {
    const query = `WorkflowType = '${MediaProcessingWorkflow}'`;
    const found = [];
    for await (const info of this.client.workflow.list({ query, pageSize: limit })) {
      found.push(info);
      if (found.length >= limit) break;
    }
    // The running ones are asked for their progress at once, each bounded by the query timeout.
    const runs = await Promise.all(
      found.map(async (info): Promise<RunListItem> => {
        const state = statusName(info.status.name);
        const run: Record<string, unknown> = { workflow_id: info.workflowId, run_id: info.runId, status: state };
        if (state === "RUNNING") {
          const handle = this.client.workflow.getHandle(info.workflowId, info.runId);
          try {
            run.progress = await progress(handle, "Progress");
          } catch (err) {
            run.progress_error = reason(err).slice(0, 2000);
          }
        }
        return {
          status: checked("RunStatus", run, ErrorType.ContractViolation),
          start_time: info.startTime.toISOString(),
          close_time: info.closeTime?.toISOString() ?? null,
        };
      }),
    );
    return { runs };
  }

  async start(videoUrl: string): Promise<StartRunResponse> {
    const request = pipelineRequest(videoUrl, {});
    const handle = await start(this.client, MediaProcessingWorkflow, request, runId(videoUrl));
    return { workflow_id: handle.workflowId, run_id: handle.firstExecutionRunId };
  }

  async cancel(workflowId: string): Promise<RunStatus> {
    const handle = this.client.workflow.getHandle(workflowId);
    await handle.cancel();
    // The workflow cleans up before it closes; the runs page follows it to CANCELED.
    return status(handle);
  }
}
