import { describe, expect, it } from 'vitest';
import { MaxHeap } from '../../src/engine/max-heap.js';
import { seededRandom } from '../bench/random-dag.js';

describe('MaxHeap', () => {
  it('pops the highest priority first, first in first out among equals', () => {
    const heap = new MaxHeap<string>();
    for (const [item, priority] of [
      ['low', 1],
      ['high-1', 9],
      ['mid', 5],
      ['high-2', 9],
      ['high-3', 9],
    ] as const) {
      heap.push(item, priority);
    }
    const popped: (string | undefined)[] = [];
    while (heap.size > 0) popped.push(heap.pop());
    expect(popped).toEqual(['high-1', 'high-2', 'high-3', 'mid', 'low']);
    expect(heap.pop()).toBeUndefined();
  });

  it('agrees with a sort on random input', () => {
    const random = seededRandom(7);
    const heap = new MaxHeap<number>();
    const items = Array.from({ length: 2000 }, (_, i) => ({ i, priority: Math.floor(random() * 50) }));
    for (const { i, priority } of items) heap.push(i, priority);
    const expected = [...items].sort((a, b) => b.priority - a.priority || a.i - b.i).map((item) => item.i);
    const popped: number[] = [];
    for (let item = heap.pop(); item !== undefined; item = heap.pop()) popped.push(item);
    expect(popped).toEqual(expected);
  });

  it('agrees with a sorted list when pushes and pops interleave', () => {
    const random = seededRandom(11);
    const heap = new MaxHeap<number>();
    const reference: { item: number; priority: number }[] = [];
    for (let step = 0; step < 5000; step++) {
      if (random() < 0.55) {
        const priority = Math.floor(random() * 20);
        heap.push(step, priority);
        reference.push({ item: step, priority });
        reference.sort((a, b) => b.priority - a.priority || a.item - b.item);
      } else {
        expect(heap.pop()).toBe(reference.shift()?.item);
      }
      expect(heap.size).toBe(reference.length);
    }
  });

  it('drains what is left', () => {
    const heap = new MaxHeap<string>();
    heap.push('a', 1);
    heap.push('b', 2);
    expect(heap.drain().sort()).toEqual(['a', 'b']);
    expect(heap.size).toBe(0);
  });
});
