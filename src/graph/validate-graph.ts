import type { ValidationProblem } from '../errors.js';
import { findCycles } from './cycles.js';
import type { JobDefinition } from './job-definition.js';
import type { PipelineInternals } from './pipeline.js';
import { invert, longestRemainingPath, toAdjacency, topologicalOrder } from './topology.js';

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
  const indexOf = new Map<string, number>();
  definitions.forEach((job, i) => indexOf.set(job.key, i));
  const dependencyLists: number[][] = [];
  for (const job of definitions) {
    const list: number[] = [];
    for (const dependency of job.after) {
      const index = indexOf.get(dependency);
      if (dependency === job.key) problems.push({ path: `${job.key}.after`, message: 'a job cannot depend on itself' });
      else if (index !== undefined) list.push(index);
      else if (!declared.has(dependency)) {
        problems.push({ path: `${job.key}.after`, message: `depends on unknown job '${dependency}'` });
      }
    }
    dependencyLists.push(list);
  }
  const size = definitions.length;
  const dependencies = toAdjacency(dependencyLists);
  const dependents = invert(dependencies, size);
  const order = topologicalOrder(dependencies, dependents, size);
  if (!order) {
    for (const cycle of findCycles(dependents, size)) {
      const path = cycle.map((i) => (definitions[i] as JobDefinition).key);
      problems.push({ path: path[0] as string, message: `cycle: ${path.join(' → ')}` });
    }
    return undefined;
  }
  const weights = Float64Array.from(definitions, (job) => job.estimatedDurationSeconds ?? 1);
  const remainingPath = longestRemainingPath(order, dependents, weights);
  return { definitions, indexOf, dependencies, dependents, order, remainingPath };
}
