import type { Adjacency } from './topology.js';

/**
 * Finds one cycle in each strongly connected component that has one (Tarjan, iterative so
 * that deep graphs cannot overflow the stack). Each cycle is a list of indices whose first
 * element is repeated at the end: `[a, b, c, a]` where `b` depends on `a`, and so on.
 */
export function findCycles(dependents: Adjacency, size: number): number[][] {
  const index = new Int32Array(size).fill(-1);
  const low = new Int32Array(size);
  const onStack = new Uint8Array(size);
  const edgeCursor = new Int32Array(size);
  const stack: number[] = [];
  const cycles: number[][] = [];
  let counter = 0;

  for (let root = 0; root < size; root++) {
    if (index[root] !== -1) continue;
    const callStack = [root];
    index[root] = low[root] = counter++;
    edgeCursor[root] = dependents.offsets[root] as number;
    stack.push(root);
    onStack[root] = 1;
    while (callStack.length > 0) {
      const node = callStack[callStack.length - 1] as number;
      const cursor = edgeCursor[node] as number;
      if (cursor < (dependents.offsets[node + 1] as number)) {
        edgeCursor[node] = cursor + 1;
        const next = dependents.targets[cursor] as number;
        if (index[next] === -1) {
          index[next] = low[next] = counter++;
          edgeCursor[next] = dependents.offsets[next] as number;
          stack.push(next);
          onStack[next] = 1;
          callStack.push(next);
        } else if (onStack[next]) {
          low[node] = Math.min(low[node] as number, index[next] as number);
        }
        continue;
      }
      callStack.pop();
      const parent = callStack[callStack.length - 1];
      if (parent !== undefined) low[parent] = Math.min(low[parent] as number, low[node] as number);
      if (low[node] !== index[node]) continue;
      const component: number[] = [];
      let member: number;
      do {
        member = stack.pop() as number;
        onStack[member] = 0;
        component.push(member);
      } while (member !== node);
      if (component.length > 1) cycles.push(cycleWithin(new Set(component), Math.min(...component), dependents));
    }
  }
  return cycles.sort((a, b) => (a[0] as number) - (b[0] as number));
}

/** A shortest cycle through `start` inside one component (breadth-first back to `start`). */
function cycleWithin(component: Set<number>, start: number, dependents: Adjacency): number[] {
  const previous = new Map<number, number>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] as number;
    for (let e = dependents.offsets[node] as number; e < (dependents.offsets[node + 1] as number); e++) {
      const next = dependents.targets[e] as number;
      if (!component.has(next) || previous.has(next)) continue;
      previous.set(next, node);
      if (next === start) return unwind(previous, start);
      queue.push(next);
    }
  }
  return [start, start];
}

function unwind(previous: Map<number, number>, start: number): number[] {
  const path = [start];
  let node = previous.get(start) as number;
  while (node !== start) {
    path.push(node);
    node = previous.get(node) as number;
  }
  path.push(start);
  return path.reverse();
}
