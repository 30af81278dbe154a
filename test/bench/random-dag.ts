/**
 * Seeded random DAG generators shared by the benchmarks, so both engines see the same graphs.
 */

/** A small, fast, seeded PRNG (mulberry32): returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One node of a generated DAG: its key, its parents' keys and a duration in seconds. */
export interface DagNode {
  readonly key: string;
  readonly parents: readonly string[];
  readonly durationSeconds: number;
}

/**
 * Layers of `width` nodes; each node after the first layer has `parents` distinct random
 * parents in the layer before it.
 */
export function layeredDag(size: number, width: number, parents: number, random: () => number): DagNode[] {
  const nodes: DagNode[] = [];
  for (let i = 0; i < size; i++) {
    const layer = Math.floor(i / width);
    const chosen = new Set<string>();
    while (layer > 0 && chosen.size < parents) chosen.add(`j${(layer - 1) * width + Math.floor(random() * width)}`);
    nodes.push({ key: `j${i}`, parents: [...chosen], durationSeconds: 0 });
  }
  return nodes;
}

/**
 * A random DAG in which each node has up to `maxParents` parents among the nodes before
 * it, and a duration drawn from [1, maxDuration] seconds.
 */
export function randomDag(size: number, maxParents: number, maxDuration: number, random: () => number): DagNode[] {
  const nodes: DagNode[] = [];
  for (let i = 0; i < size; i++) {
    const chosen = new Set<string>();
    const count = i === 0 ? 0 : Math.floor(random() * (maxParents + 1));
    while (chosen.size < Math.min(count, i)) chosen.add(`j${Math.floor(random() * i)}`);
    nodes.push({ key: `j${i}`, parents: [...chosen], durationSeconds: 1 + Math.floor(random() * maxDuration) });
  }
  return nodes;
}
