import { RunCanceledError, RunDeadlineError } from '../../model/errors.js';

/**
 * Calls `stop` when the caller's `signal` aborts (canceled by the user) or the run passes
 * `deadlineSeconds`, whichever comes first; at once if the signal has already aborted.
 * Returns the function that stops watching.
 */
export function watchStops(
  signal: AbortSignal | undefined,
  deadlineSeconds: number | undefined,
  stop: (reason: Error, canceledByUser: boolean) => void,
): () => void {
  const onCancel = () => stop(new RunCanceledError(signal?.reason), true);
  signal?.addEventListener('abort', onCancel, { once: true });
  const deadline =
    deadlineSeconds === undefined
      ? undefined
      : setTimeout(() => stop(new RunDeadlineError(deadlineSeconds), false), deadlineSeconds * 1000);
  if (signal?.aborted) onCancel();
  return () => {
    clearTimeout(deadline);
    signal?.removeEventListener('abort', onCancel);
  };
}
