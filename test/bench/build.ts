/**
 * (c) Building and validating a 100,000-job layered pipeline through the fluent builder.
 */
import { pipeline } from 'brickwork';
import { layeredDag, seededRandom } from './random-dag.js';

/** Median time of `rounds` builds of a `size`-job pipeline, chain of `.job()` calls included. */
export function buildTime(size: number, rounds: number) {
  const nodes = layeredDag(size, 100, 2, seededRandom(size));
  const run = async () => {};
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    let builder = pipeline('build-bench');
    for (const node of nodes) builder = builder.job(node.key, { run, after: node.parents });
    const built = builder.build();
    times.push(performance.now() - started);
    if (built.jobs.size !== size) throw new Error('lost jobs while building');
  }
  times.sort((a, b) => a - b);
  return {
    jobs: size,
    rounds,
    medianMs: Math.round(times[Math.floor(rounds / 2)] as number),
    minMs: Math.round(times[0] as number),
  };
}
