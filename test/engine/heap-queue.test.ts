import { describe, expect, it } from 'vitest';
import { HeapQueue } from '../../src/engine/scheduling/heap-queue.js';

describe('HeapQueue', () => {
  it('gives tasks highest priority first and equal priorities in arrival order, like p-queue', () => {
    const queue = new HeapQueue();
    const order: string[] = [];
    const task = (name: string) => async () => void order.push(name);
    const priorities = [3, 1, 3, 7, 0, 7, 1, 3, 5, 0, 7, 2];
    for (const [i, priority] of priorities.entries()) queue.enqueue(task(`${priority}:${i}`), { priority });
    queue.enqueue(task('default:12'));
    expect(queue.size).toBe(13);
    expect(queue.filter({ priority: 7 })).toHaveLength(3);
    for (let run = queue.dequeue(); run; run = queue.dequeue()) void run();
    const expected = [...priorities.map((priority, i) => ({ priority, i })), { priority: 0, i: 12 }]
      .sort((a, b) => b.priority - a.priority || a.i - b.i)
      .map(({ priority, i }) => (i === 12 ? 'default:12' : `${priority}:${i}`));
    expect(order).toEqual(expected);
    expect(queue.dequeue()).toBeUndefined();
  });

  it('keeps the order through interleaved adds and takes, at scale', () => {
    const queue = new HeapQueue();
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const reference: { priority: number; arrival: number }[] = [];
    const taken: number[] = [];
    const expected: number[] = [];
    for (let arrival = 0; arrival < 5000; arrival++) {
      const priority = Math.floor(random() * 50);
      reference.push({ priority, arrival });
      queue.enqueue(async () => void taken.push(arrival), { priority });
      if (random() < 0.4) {
        reference.sort((a, b) => b.priority - a.priority || a.arrival - b.arrival);
        expected.push((reference.shift() as { arrival: number }).arrival);
        void queue.dequeue()?.();
      }
    }
    expect(taken).toEqual(expected);
    expect(() => queue.setPriority('x')).toThrow(/has no task with id "x"/);
  });
});
