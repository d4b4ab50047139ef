import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DatasetError } from './host-array.js';
import { parseNpy } from './npy.js';
import { parseNpz } from './npz.js';
import { makeNpy } from './testing/make-npy.js';

describe('parseNpy / parseNpz', () => {
  it('reads uint8, int32, float32 and int64 arrays with their shapes', () => {
    const u8 = parseNpy(makeNpy(new Uint8Array([1, 2, 3, 4, 5, 6]), [2, 3]));
    expect(u8.shape).toEqual([2, 3]);
    expect([...u8.data]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(parseNpy(makeNpy(new Float32Array([1.5, -2]), [2])).data).toEqual(new Float32Array([1.5, -2]));
    const wide = parseNpy(makeNpy(new BigInt64Array([7n, -3n]), [2]));
    expect(wide.dtype).toBe('int32');
    expect([...wide.data]).toEqual([7, -3]);
  });

  it('refuses bad magic, truncated data and int64 values beyond int32', () => {
    expect(() => parseNpy(new Uint8Array(20), 'x.npy')).toThrow(/x\.npy is not a \.npy file/);
    const full = makeNpy(new Uint8Array(100), [10, 10]);
    expect(() => parseNpy(full.subarray(0, full.length - 5), 'cut.npy')).toThrow(/truncated/);
    expect(() => parseNpy(makeNpy(new BigInt64Array([2n ** 40n]), [1]))).toThrow(DatasetError);
  });

  it('reads an npz archive keyed by member name', () => {
    const npz = zipSync({ 'x_train.npy': makeNpy(new Uint8Array([9, 8]), [1, 2]), 'y_train.npy': makeNpy(new Uint8Array([3]), [1]) });
    const arrays = parseNpz(npz);
    expect(Object.keys(arrays).sort()).toEqual(['x_train', 'y_train']);
    expect([...(arrays.x_train?.data ?? [])]).toEqual([9, 8]);
    expect(() => parseNpz(new Uint8Array([1, 2, 3]), 'bad.npz')).toThrow(/bad\.npz is not a readable/);
  });
});
