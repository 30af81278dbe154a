/**
 * (a) Engine overhead: layered random DAGs of instant in-process jobs, brickwork and p-graph
 * in the same process, alternating, several rounds; median wall time and peak heap growth.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { brickwork, type EngineUnderTest, pGraph } from './engines.js';
import { layeredDag, seededRandom } from './random-dag.js';

const gc = (globalThis as { gc?: () => void }).gc;

interface Sample {
  readonly wallMs: number;
  readonly peakHeapMb: number;
}

async function measure(engine: EngineUnderTest, size: number): Promise<Sample> {
  const nodes = layeredDag(size, 100, 2, seededRandom(size));
  gc?.();
  await yieldToLoop();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  let calls = 0;
  const body = async () => {
    if (++calls % 250 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
  };
  const started = performance.now();
  await engine(nodes, 16, body);
  const wallMs = performance.now() - started;
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  if (calls !== size) throw new Error(`expected ${size} jobs to run, ran ${calls}`);
  return { wallMs, peakHeapMb: (peak - base) / 2 ** 20 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Runs both engines `rounds` times on a DAG of `size` jobs and reports medians and ratios. */
export async function overhead(size: number, rounds: number) {
  const samples: Record<'brickwork' | 'pGraph', Sample[]> = { brickwork: [], pGraph: [] };
  await measure(brickwork, Math.min(size, 10_000));
  await measure(pGraph, Math.min(size, 10_000));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? (['brickwork', 'pGraph'] as const) : (['pGraph', 'brickwork'] as const);
    for (const name of order) samples[name].push(await measure(name === 'brickwork' ? brickwork : pGraph, size));
  }
  const summary = (list: Sample[]) => ({
    wallMs: Math.round(median(list.map((s) => s.wallMs))),
    peakHeapMb: Math.round(median(list.map((s) => s.peakHeapMb)) * 10) / 10,
  });
  const ours = summary(samples.brickwork);
  const theirs = summary(samples.pGraph);
  return {
    jobs: size,
    rounds,
    brickwork: ours,
    pGraph: theirs,
    ratio: {
      wallTime: Math.round((ours.wallMs / theirs.wallMs) * 100) / 100,
      peakMemory: Math.round((ours.peakHeapMb / theirs.peakHeapMb) * 100) / 100,
    },
  };
}
