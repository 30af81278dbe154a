import { describe, expect, it } from 'vitest';
import { FrozenMap } from '../../src/graph/frozen-map.js';

describe('FrozenMap', () => {
  const map = FrozenMap.of(
    new Map([
      ['a', 1],
      ['b', 2],
    ]),
  );

  it('reads like a Map, in insertion order', () => {
    expect(map.size).toBe(2);
    expect(map.get('b')).toBe(2);
    expect(map.get('z')).toBeUndefined();
    expect(map.has('a')).toBe(true);
    expect(map.has('z')).toBe(false);
    expect([...map]).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    expect([...map.keys()]).toEqual(['a', 'b']);
    expect([...map.values()]).toEqual([1, 2]);
    const seen: string[] = [];
    map.forEach((value, key, self) => {
      seen.push(`${key}=${value}:${self === map}`);
    });
    expect(seen).toEqual(['a=1:true', 'b=2:true']);
    expect(Object.prototype.toString.call(map)).toBe('[object FrozenMap]');
    expect(new Map(map)).toEqual(
      new Map([
        ['a', 1],
        ['b', 2],
      ]),
    );
  });

  it('cannot be changed', () => {
    const loose = map as unknown as Map<string, number>;
    expect(() => loose.set('c', 3)).toThrow(TypeError);
    expect(() => loose.delete('a')).toThrow(TypeError);
    expect(() => loose.clear()).toThrow(TypeError);
    expect(Object.isFrozen(map)).toBe(true);
  });

  it('shares one index between maps', () => {
    const index = new Map([
      ['x', 0],
      ['y', 1],
    ]);
    const first = new FrozenMap(index, ['x1', 'y1']);
    const second = new FrozenMap(index, ['x2', 'y2']);
    expect([first.get('y'), second.get('y')]).toEqual(['y1', 'y2']);
  });
});
