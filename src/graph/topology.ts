/**
 * Index-based adjacency of a validated graph, in compressed rows so that a pipeline of
 * 100,000 jobs costs a few typed arrays rather than a Set per job.
 * @module
 */

/** Adjacency in compressed-row form: the neighbours of `i` are `targets[offsets[i]..offsets[i+1]]`. */
export interface Adjacency {
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
}

/** Everything the engine needs to walk a graph by index. */
export interface Topology {
  /** Dependencies of each job. */
  readonly dependencies: Adjacency;
  /** Dependents of each job. */
  readonly dependents: Adjacency;
  /** Indices in a topological order (insertion order among independent jobs). */
  readonly order: Int32Array;
  /** Longest remaining path from each job to a leaf, its own weight included. */
  readonly remainingPath: Float64Array;
}

/** Inverts an adjacency: dependencies → dependents. */
export function invert(adjacency: Adjacency, size: number): Adjacency {
  const { offsets, targets } = adjacency;
  const counts = new Int32Array(size + 1);
  for (const target of targets) counts[target + 1] = (counts[target + 1] as number) + 1;
  for (let i = 0; i < size; i++) counts[i + 1] = (counts[i + 1] as number) + (counts[i] as number);
  const inverted = new Int32Array(targets.length);
  const fill = counts.slice(0, size);
  for (let node = 0; node < size; node++) {
    for (let e = offsets[node] as number; e < (offsets[node + 1] as number); e++) {
      const target = targets[e] as number;
      inverted[fill[target] as number] = node;
      fill[target] = (fill[target] as number) + 1;
    }
  }
  return { offsets: counts, targets: inverted };
}

/**
 * Kahn's algorithm. Returns `undefined` when a cycle leaves some jobs unordered.
 */
export function topologicalOrder(dependencies: Adjacency, dependents: Adjacency, size: number): Int32Array | undefined {
  const waiting = new Int32Array(size);
  const order = new Int32Array(size);
  let tail = 0;
  for (let i = 0; i < size; i++) {
    waiting[i] = (dependencies.offsets[i + 1] as number) - (dependencies.offsets[i] as number);
    if (waiting[i] === 0) order[tail++] = i;
  }
  for (let head = 0; head < tail; head++) {
    const node = order[head] as number;
    for (let e = dependents.offsets[node] as number; e < (dependents.offsets[node + 1] as number); e++) {
      const next = dependents.targets[e] as number;
      waiting[next] = (waiting[next] as number) - 1;
      if (waiting[next] === 0) order[tail++] = next;
    }
  }
  return tail === size ? order : undefined;
}

/** Longest path from each job to a leaf, weights included, walking the order backwards. */
export function longestRemainingPath(order: Int32Array, dependents: Adjacency, weights: Float64Array): Float64Array {
  const remaining = new Float64Array(weights.length);
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i] as number;
    let longest = 0;
    for (let e = dependents.offsets[node] as number; e < (dependents.offsets[node + 1] as number); e++) {
      const below = remaining[dependents.targets[e] as number] as number;
      if (below > longest) longest = below;
    }
    remaining[node] = (weights[node] as number) + longest;
  }
  return remaining;
}

/** How many dependencies each job has, from the dependency offsets. */
export function dependencyCounts(offsets: Int32Array): Int32Array {
  const counts = new Int32Array(offsets.length - 1);
  for (let i = 0; i < counts.length; i++) counts[i] = (offsets[i + 1] as number) - (offsets[i] as number);
  return counts;
}
