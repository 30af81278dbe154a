import type { ScriptedJob, ScriptedTask, ScriptedTaskRunIf } from './emulator-options.js';
import type { TaskPlan } from './task-graph.js';

/** A job's tasks as runs execute them, and each task's script (errors, outputs, writes). */
export interface JobTasks {
  readonly plans: readonly TaskPlan[];
  readonly scripts: ReadonlyMap<string, ScriptedTask>;
}

/** The single task of a job scripted without `tasks`: the job's own behaviour, as task `main`. */
function mainTask(script: ScriptedJob): ScriptedTask {
  return {
    taskKey: 'main',
    ...(script.durationMs === undefined ? {} : { durationMs: script.durationMs }),
    ...(script.outcomes ? { outcomes: script.outcomes } : {}),
    ...(script.errorMessage === undefined ? {} : { errorMessage: script.errorMessage }),
    ...(script.notebookOutput === undefined ? {} : { notebookOutput: script.notebookOutput }),
    ...(script.writes ? { writes: script.writes } : {}),
  };
}

/** The scripted tasks of a job (its `tasks`, or `main`). */
export function scriptedTasks(script: ScriptedJob): readonly ScriptedTask[] {
  return script.tasks && script.tasks.length > 0 ? script.tasks : [mainTask(script)];
}

/**
 * The tasks runs of a job execute: those of its settings (`jobs/create`, `runs/submit`),
 * each behaving as the scripted task of the same key says, or the scripted tasks when the
 * settings have none.
 */
export function jobTasks(settingsTasks: unknown, script: ScriptedJob): JobTasks {
  const scripted = scriptedTasks(script);
  const given = Array.isArray(settingsTasks) ? (settingsTasks as Record<string, unknown>[]) : [];
  const tasks: ScriptedTask[] =
    given.length === 0
      ? [...scripted]
      : given.map((task) => {
          const key = String(task.task_key ?? 'main');
          const own = scripted.find((candidate) => candidate.taskKey === key) ?? (given.length === 1 ? scripted[0] : undefined);
          const dependsOn = Array.isArray(task.depends_on)
            ? (task.depends_on as { task_key?: unknown }[]).map((dep) => String(dep.task_key))
            : undefined;
          return {
            ...own,
            taskKey: key,
            ...(dependsOn ? { dependsOn } : {}),
            ...(typeof task.run_if === 'string' ? { runIf: task.run_if as ScriptedTaskRunIf } : {}),
            ...(typeof task.max_retries === 'number' ? { maxRetries: task.max_retries } : {}),
            ...(typeof task.min_retry_interval_millis === 'number' ? { minRetryIntervalMs: task.min_retry_interval_millis } : {}),
            ...(typeof task.retry_on_timeout === 'boolean' ? { retryOnTimeout: task.retry_on_timeout } : {}),
          };
        });
  return {
    plans: tasks.map((task) => ({
      taskKey: task.taskKey,
      dependsOn: task.dependsOn ?? [],
      runIf: task.runIf ?? 'ALL_SUCCESS',
      durationMs: task.durationMs ?? 1000,
      maxRetries: task.maxRetries === -1 ? Number.MAX_SAFE_INTEGER : (task.maxRetries ?? 0),
      minRetryIntervalMs: task.minRetryIntervalMs ?? 0,
      retryOnTimeout: task.retryOnTimeout ?? false,
    })),
    scripts: new Map(tasks.map((task) => [task.taskKey, task])),
  };
}

/** The `settings.tasks` a scripted job is created with (notebook tasks, as a workspace lists them). */
export function settingsTasksOf(script: ScriptedJob): Record<string, unknown>[] {
  return scriptedTasks(script).map((task) => ({
    task_key: task.taskKey,
    ...(task.dependsOn && task.dependsOn.length > 0 ? { depends_on: task.dependsOn.map((key) => ({ task_key: key })) } : {}),
    ...(task.runIf ? { run_if: task.runIf } : {}),
    ...(task.maxRetries === undefined ? {} : { max_retries: task.maxRetries }),
    ...(task.minRetryIntervalMs === undefined ? {} : { min_retry_interval_millis: task.minRetryIntervalMs }),
    ...(task.retryOnTimeout === undefined ? {} : { retry_on_timeout: task.retryOnTimeout }),
    notebook_task: { notebook_path: `/Workspace/emulator/${task.taskKey}` },
  }));
}
