import type { Emulator } from '../../src/testing.js';

/** `task#attempt:result` of every task execution of a Databricks run, as `runs/get` lists them. */
export async function taskExecutions(emu: Emulator, runId: number): Promise<string[]> {
  const answer = await fetch(`${emu.url}/api/2.2/jobs/runs/get?run_id=${runId}`, {
    headers: { authorization: `Bearer ${emu.token}` },
  });
  const run = (await answer.json()) as {
    tasks: { task_key: string; attempt_number: number; state: { result_state?: string } }[];
  };
  return run.tasks.map((task) => `${task.task_key}#${task.attempt_number}:${task.state.result_state}`);
}
