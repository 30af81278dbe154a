import type { ValidationProblem } from '../model/errors.js';
import { findCycles } from './cycles.js';
import type { JobDefinition } from './job-definition.js';
import type { PipelineInternals } from './pipeline.js';
import { invert, longestRemainingPath, topologicalOrder } from './topology.js';

/**
 * Checks the edges of valid job definitions and compiles the index-based graph.
 * Appends unknown dependencies, self-dependencies and cycles (with their path) to
 * `problems`; returns `undefined` when the graph cannot be ordered.
 *
 * @param declared every key the user declared, including jobs whose spec was invalid, so
 * that depending on an invalid job is not also reported as an unknown dependency.
 */
export function validateGraph(
  definitions: readonly JobDefinition[],
  declared: ReadonlySet<string>,
  problems: ValidationProblem[],
): PipelineInternals | undefined {
  const size = definitions.length;
  const indexOf = new Map<string, number>();
  for (let i = 0; i < size; i++) indexOf.set((definitions[i] as JobDefinition).key, i);
  // Two passes straight into compressed rows: no per-job arrays for 100,000-job graphs.
  // (Indexed loops: `for…of` over the frozen `after` arrays allocates a result per step.)
  const offsets = new Int32Array(size + 1);
  for (let i = 0; i < size; i++) {
    const job = definitions[i] as JobDefinition;
    const after = job.after;
    let valid = 0;
    for (let d = 0; d < after.length; d++) {
      const dependency = after[d] as string;
      if (dependency === job.key) problems.push({ path: `${job.key}.after`, message: 'a job cannot depend on itself' });
      else if (indexOf.has(dependency)) valid++;
      else if (!declared.has(dependency))
        problems.push({ path: `${job.key}.after`, message: `depends on unknown job '${dependency}'` });
    }
    offsets[i + 1] = (offsets[i] as number) + valid;
  }
  const targets = new Int32Array(offsets[size] as number);
  for (let i = 0, at = 0; i < size; i++) {
    const after = (definitions[i] as JobDefinition).after;
    for (let d = 0; d < after.length; d++) {
      const index = indexOf.get(after[d] as string);
      if (index !== undefined && index !== i) targets[at++] = index;
    }
  }
  const dependencies = { offsets, targets };
  const dependents = invert(dependencies, size);
  const order = topologicalOrder(dependencies, dependents, size);
  if (!order) {
    for (const cycle of findCycles(dependents, size)) {
      const path = cycle.map((i) => (definitions[i] as JobDefinition).key);
      problems.push({ path: path[0] as string, message: `cycle: ${path.join(' → ')}` });
    }
    return undefined;
  }
  const weights = new Float64Array(size);
  for (let i = 0; i < size; i++) weights[i] = (definitions[i] as JobDefinition).estimatedDurationSeconds ?? 1;
  const remainingPath = longestRemainingPath(order, dependents, weights);
  return { definitions, indexOf, dependencies, dependents, order, remainingPath };
}
