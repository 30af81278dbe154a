import { z } from 'zod';

/**
 * zod schemas of the Jobs API answers brickwork reads. Unknown fields are kept out of the
 * way (loose objects) and enums are plain strings, so new Databricks values never break a
 * run; missing required fields are reported as an invalid answer.
 * @module
 */

const stateSchema = z.looseObject({
  life_cycle_state: z.string(),
  result_state: z.string().optional(),
  state_message: z.string().optional(),
});

const statusSchema = z.looseObject({
  state: z.string().optional(),
  termination_details: z
    .looseObject({ code: z.string().optional(), type: z.string().optional(), message: z.string().optional() })
    .optional(),
});

/** A task run inside a run (one entry per attempt). */
export const runTaskSchema = z.looseObject({
  task_key: z.string(),
  run_id: z.number(),
  attempt_number: z.number().optional(),
  state: stateSchema.optional(),
  status: statusSchema.optional(),
});

/** `jobs/runs/get`. */
export const runSchema = z
  .looseObject({
    run_id: z.number(),
    job_id: z.number().optional(),
    run_page_url: z.string().optional(),
    // `state` is deprecated in favour of `status`: either may be missing, not both.
    state: stateSchema.optional(),
    status: statusSchema.optional(),
    start_time: z.number().optional(),
    end_time: z.number().optional(),
    tasks: z.array(runTaskSchema).optional(),
    next_page_token: z.string().optional(),
    repair_history: z
      .array(
        z.looseObject({ type: z.string().optional(), id: z.number().optional(), task_run_ids: z.array(z.number()).optional() }),
      )
      .optional(),
  })
  .refine((run) => run.state !== undefined || run.status?.state !== undefined, {
    message: 'a run has neither `status.state` nor the deprecated `state`',
    path: ['status'],
  });

/** `jobs/runs/list`: `runs` is absent when there are none. */
export const runListSchema = z.looseObject({
  runs: z.array(runSchema).optional(),
  has_more: z.boolean().optional(),
  next_page_token: z.string().optional(),
});

/** `jobs/runs/repair`. */
export const repairSchema = z.looseObject({ repair_id: z.number() });

/** `jobs/run-now` and `jobs/runs/submit`. */
export const triggeredSchema = z.looseObject({ run_id: z.number() });

/** `jobs/get`. */
export const jobSchema = z.looseObject({
  job_id: z.number(),
  settings: z.looseObject({ name: z.string().optional() }).optional(),
});

/** `jobs/list`: `jobs` is absent when there are none. */
export const jobListSchema = z.looseObject({
  jobs: z
    .array(z.looseObject({ job_id: z.number(), settings: z.looseObject({ name: z.string().optional() }).optional() }))
    .optional(),
  has_more: z.boolean().optional(),
  next_page_token: z.string().optional(),
});

/** `jobs/runs/get-output`. */
export const runOutputSchema = z.looseObject({
  error: z.string().optional(),
  error_trace: z.string().optional(),
  notebook_output: z.looseObject({ result: z.string().optional() }).optional(),
});

/** Answers with nothing to read (`{}`). */
export const emptySchema = z.looseObject({});
