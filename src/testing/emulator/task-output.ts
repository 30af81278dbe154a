import type { EmulatedRun, PlacedAttempt } from './run-state.js';

/**
 * The `runs/get-output` body of one task run at `now`: its notebook's result once it
 * succeeded, its error and trace once it failed or timed out.
 */
export function taskOutput(run: EmulatedRun, placed: PlacedAttempt, now: number): Record<string, unknown> {
  const task = run.taskScripts.get(placed.attempt.taskKey);
  const ended = now >= placed.end;
  const output: Record<string, unknown> = {
    metadata: { run_id: placed.attempt.runId, task_key: placed.attempt.taskKey, job_run_id: run.runId },
  };
  if (ended && placed.result === 'SUCCESS' && task?.notebookOutput !== undefined) {
    output.notebook_output = { result: task.notebookOutput, truncated: false };
  }
  if (ended && ['FAILED', 'TIMEDOUT', 'INTERNAL_ERROR'].includes(placed.result)) {
    output.error = placed.result === 'TIMEDOUT' ? 'Run timed out' : (task?.errorMessage ?? 'Workload failed');
    output.error_trace = `Traceback (most recent call last):\n  ${String(output.error)}`;
  }
  return output;
}
