import type { LogRecord } from '../../adapters/metadata-store.js';
import { HASH_FORMAT } from '../../graph/definition-hash.js';
import type { Pipeline } from '../../graph/pipeline.js';
import { InvalidOptionsError, PipelineChangedError, UnknownRunError } from '../../model/errors.js';
import type { ResumePlan } from './resume-plan.js';
import { settledResumePlan } from './settled-plan.js';

/** Thrown for `unfinishedOnly` when the run finished meanwhile (another process recovered it). */
export class FinishedMeanwhileError extends Error {}

/**
 * The plan of resuming run `runId` of `pipeline` from its `history`, or the reason it cannot
 * be resumed: an unknown run, a run that succeeded (nothing happened since), or a pipeline
 * whose hash is not the one recorded (unless `allowChanged`). With `unfinishedOnly` (what
 * `recover` resumes), a run whose newest run row is `run_finished` is refused too.
 */
export function checkedResumePlan(
  pipeline: Pipeline,
  runId: string,
  history: readonly LogRecord[],
  options: { readonly allowChanged: boolean; readonly unfinishedOnly: boolean },
): ResumePlan {
  if (history.length === 0) throw new UnknownRunError(runId);
  if (
    options.unfinishedOnly &&
    history.findLast((row) => row.jobName === null && row.event !== 'notified')?.event === 'run_finished'
  ) {
    throw new FinishedMeanwhileError(`run '${runId}' finished meanwhile`);
  }
  // Nothing happened since the run succeeded (a manual rollback, for one, would have): refuse.
  const last = history.findLast((row) => row.event !== 'notified');
  if (last?.jobName === null && last.event === 'run_finished' && last.status === 'success') {
    throw new InvalidOptionsError(`run '${runId}' already succeeded: there is nothing to resume`);
  }
  const plan = settledResumePlan(pipeline, history);
  if (plan.pipelineHash !== pipeline.hash && !options.allowChanged) {
    const older =
      plan.hashFormat === HASH_FORMAT
        ? undefined
        : `the run was recorded by an older brickwork whose hash format (${plan.hashFormat ?? 'before brickwork.pipeline/4'}) cannot be compared with ${HASH_FORMAT}, so whether the pipeline changed is unknown — check the definition`;
    throw new PipelineChangedError(pipeline.name, runId, plan.pipelineHash, pipeline.hash, older);
  }
  return plan;
}
