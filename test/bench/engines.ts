/**
 * The two engines under comparison, each given the same DAG and the same job body.
 */
import { PGraph } from 'p-graph';
import { createEngine, MemoryMetadataStore, pipeline } from '../../src/index.js';
import type { DagNode } from './random-dag.js';

/** Runs one DAG; `body(node)` is each job's work. Returns when every job is done. */
export type EngineUnderTest = (
  nodes: readonly DagNode[],
  concurrency: number,
  body: (node: DagNode) => Promise<void>,
) => Promise<void>;

/** brickwork: fluent build and validation, then a run with the memory store recording every row. */
export const brickwork: EngineUnderTest = async (nodes, concurrency, body) => {
  let builder = pipeline('bench', { concurrency });
  for (const node of nodes) {
    builder = builder.job(node.key, {
      run: () => body(node),
      after: node.parents,
      ...(node.durationSeconds > 0 ? { estimatedDurationSeconds: node.durationSeconds } : {}),
    });
  }
  const result = await createEngine({ store: new MemoryMetadataStore() }).run(builder.build());
  if (result.status !== 'success') throw new Error(`brickwork run ${result.status}`);
};

/** p-graph: node map and edge list, run with the same concurrency, in its FIFO order. */
export const pGraph: EngineUnderTest = async (nodes, concurrency, body) => {
  const nodeMap = new Map(nodes.map((node) => [node.key, { run: () => body(node) }]));
  const edges: [string, string][] = [];
  for (const node of nodes) for (const parent of node.parents) edges.push([parent, node.key]);
  await new PGraph(nodeMap, edges).run({ concurrency, continue: true });
};
