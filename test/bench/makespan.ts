/**
 * (b) Makespan: seeded random DAGs with random durations on one virtual clock, brickwork
 * (critical path first) against p-graph (FIFO), as a ratio to the lower bound
 * max(critical path, total work ÷ concurrency).
 */
import { brickwork, type EngineUnderTest, pGraph } from './engines.js';
import { type DagNode, randomDag, seededRandom } from './random-dag.js';
import { VirtualClock } from './virtual-clock.js';

function lowerBound(nodes: readonly DagNode[], concurrency: number): number {
  const finish = new Map<string, number>();
  let total = 0;
  let longest = 0;
  for (const node of nodes) {
    const start = Math.max(0, ...node.parents.map((parent) => finish.get(parent) ?? 0));
    finish.set(node.key, start + node.durationSeconds);
    longest = Math.max(longest, start + node.durationSeconds);
    total += node.durationSeconds;
  }
  return Math.max(longest, total / concurrency);
}

async function makespan(engine: EngineUnderTest, nodes: readonly DagNode[], concurrency: number): Promise<number> {
  const clock = new VirtualClock();
  await clock.drive(engine(nodes, concurrency, (node) => clock.sleep(node.durationSeconds)));
  return clock.now;
}

/** Runs `graphs` DAGs of `size` jobs (seeds 1..graphs) under `concurrency`. */
export async function makespans(graphs: number, size: number, concurrency: number) {
  const ratios: Record<'brickwork' | 'pGraph', number[]> = { brickwork: [], pGraph: [] };
  for (let seed = 1; seed <= graphs; seed++) {
    const nodes = randomDag(size, 3, 600, seededRandom(seed));
    const bound = lowerBound(nodes, concurrency);
    ratios.brickwork.push((await makespan(brickwork, nodes, concurrency)) / bound);
    ratios.pGraph.push((await makespan(pGraph, nodes, concurrency)) / bound);
  }
  const mean = (values: number[]) => Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 1000) / 1000;
  const worst = (values: number[]) => Math.round(Math.max(...values) * 1000) / 1000;
  return {
    graphs,
    jobsPerGraph: size,
    concurrency,
    meanRatioToLowerBound: { brickwork: mean(ratios.brickwork), pGraph: mean(ratios.pGraph) },
    worstRatioToLowerBound: { brickwork: worst(ratios.brickwork), pGraph: worst(ratios.pGraph) },
  };
}
