import type { Backend, Tensor } from '@kfn/graph';
import { expect } from 'vitest';
import { rng } from '@kfn/graph/testing';

export { rng };

export type DataKind = 'normal' | 'positive' | 'int' | 'bool';

export interface InputSpec {
  shape: number[];
  kind?: DataKind;
  /** Exclusive upper bound for `int` data. */
  max?: number;
}

/** Host values for a spec: uniform in [-2, 2) by default, (0.1, 2.1) for `positive`. */
export function hostData(spec: InputSpec, seed: number): Float32Array | Int32Array {
  const next = rng(seed);
  const n = spec.shape.reduce((a, b) => a * b, 1);
  if (spec.kind === 'int' || spec.kind === 'bool') {
    const max = spec.kind === 'bool' ? 2 : (spec.max ?? 5);
    return Int32Array.from({ length: n }, () => Math.floor(next() * max));
  }
  const lo = spec.kind === 'positive' ? 0.1 : -2;
  return Float32Array.from({ length: n }, () => lo + next() * 2);
}

export function makeInput(ops: Backend, spec: InputSpec, seed: number): Tensor {
  const dtype = spec.kind === 'int' ? 'int32' : spec.kind === 'bool' ? 'bool' : 'float32';
  return ops.tensor(hostData(spec, seed), spec.shape, dtype);
}

export interface HostTensor {
  shape: number[];
  data: Float32Array | Int32Array | Uint8Array;
}

export function toHost(ops: Backend, t: Tensor): HostTensor {
  return { shape: [...t.shape], data: ops.readSync(t).slice() };
}

/** `|a - e| <= tol * max(1, |e|)` element-wise, with the shapes equal. */
export function expectClose(actual: HostTensor, wanted: HostTensor, tol: number, what: string): void {
  expect(actual.shape, `${what}: shape`).toEqual(wanted.shape);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < wanted.data.length; i++) {
    const e = wanted.data[i] as number;
    const a = actual.data[i] as number;
    const err = Number.isNaN(e) && Number.isNaN(a) ? 0 : Math.abs(a - e) / Math.max(1, Math.abs(e));
    if (!(err <= worst)) {
      worst = Number.isNaN(err) ? Infinity : err;
      at = i;
    }
  }
  expect(worst, `${what}: worst relative error at flat index ${at} (got ${actual.data[at]}, expected ${wanted.data[at]})`).toBeLessThanOrEqual(tol);
}
