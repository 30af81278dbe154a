/**
 * The two engines under comparison, each given the same DAG and the same job body.
 * `brickwork` resolves to the built package (dist/), as users run it.
 */
import { createEngine, MemoryMetadataStore, type Pipeline, pipeline } from 'brickwork';
import { PGraph } from 'p-graph';
import type { DagNode } from './random-dag.js';

/** Runs one DAG; `body(node)` is each job's work. Returns when every job is done. */
export type EngineUnderTest = (
  nodes: readonly DagNode[],
  concurrency: number,
  body: (node: DagNode) => Promise<void>,
) => Promise<void>;

/** brickwork: fluent build and validation, then a run with the memory store recording every row. */
export const brickwork: EngineUnderTest = async (nodes, concurrency, body) => {
  const result = await createEngine({ store: new MemoryMetadataStore() }).run(build(nodes, concurrency, body));
  if (result.status !== 'success') throw new Error(`brickwork run ${result.status}`);
};

/** The pipeline of `nodes`, built as a user would (the builder chain is garbage afterwards). */
function build(nodes: readonly DagNode[], concurrency: number, body: (node: DagNode) => Promise<void>): Pipeline {
  let builder = pipeline('bench', { concurrency });
  for (const node of nodes) {
    const run = () => body(node);
    builder = builder.job(
      node.key,
      node.durationSeconds > 0
        ? { run, after: node.parents, estimatedDurationSeconds: node.durationSeconds }
        : { run, after: node.parents },
    );
  }
  return builder.build();
}

/** p-graph: node map and edge list, run with the same concurrency, in its FIFO order. */
export const pGraph: EngineUnderTest = async (nodes, concurrency, body) => {
  const nodeMap = new Map(nodes.map((node) => [node.key, { run: () => body(node) }]));
  const edges: [string, string][] = [];
  for (const node of nodes) for (const parent of node.parents) edges.push([parent, node.key]);
  await new PGraph(nodeMap, edges).run({ concurrency, continue: true });
};
