import { describe, expect, it } from 'vitest';
import { ValueError } from '../common/errors.js';
import { shuffledOrder, sliceRows, splitStructure, toHost } from './data-adapter.js';

const slots = { what: 'input', model: 'm', names: ['title', 'tags'], shapes: [[null, null], [null, 12]], dtypes: ['int32', 'float32'] } as const;

describe('data adapter', () => {
  it('splits records by name, lists by position, and names what is wrong', () => {
    const a = [[1, 2]];
    const b = new Float32Array(12);
    expect(splitStructure({ tags: b, title: a }, slots)).toEqual([a, b]);
    expect(splitStructure([a, b], slots)).toEqual([a, b]);
    expect(() => splitStructure({ title: a }, slots)).toThrow(/missing input for "tags"/);
    expect(() => splitStructure({ title: a, tags: b, body: a }, slots)).toThrow(/unknown input name\(s\) "body"/);
    expect(() => splitStructure([a], slots)).toThrow(ValueError);
  });

  it('reads nested arrays into typed rows of the model dtype', () => {
    const h = toHost([[1, 2, 3], [4, 5, 6]], 'int32', [null], 'x', null);
    expect(h.data).toBeInstanceOf(Int32Array);
    expect([h.rows, [...h.rowShape], h.rowSize]).toEqual([2, [3], 3]);
    expect(() => toHost([[1, 2], [3]], 'float32', [null], 'Input "t"', null)).toThrow(/Input "t": nested arrays must be rectangular/);
    expect(() => toHost(new Float32Array(5), 'float32', [2], 'Input "t"', null)).toThrow(/12|rows of shape \(None, 2\) \(2 values each\); received a typed array of 5/);
    expect(sliceRows(h, 1, 2).data).toEqual(Int32Array.from([4, 5, 6]));
  });

  it('shuffles into a permutation', () => {
    const order = shuffledOrder(100);
    expect([...order].sort((p, q) => p - q)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});
