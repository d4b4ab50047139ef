import type { FusableActivation } from '@kfn/graph';
import { describe, expect, it } from 'vitest';
import { gemm } from './gemm.js';

/** Deterministic values in [-1, 1): failures reproduce exactly. */
function values(size: number, seed: number): Float32Array {
  const out = new Float32Array(size);
  let s = seed >>> 0;
  for (let i = 0; i < size; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

const activations: Record<FusableActivation, (x: number, alpha: number) => number> = {
  linear: (x) => x,
  relu: (x) => Math.max(x, 0),
  relu6: (x) => Math.min(Math.max(x, 0), 6),
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  elu: (x) => (x > 0 ? x : Math.exp(x) - 1),
  leakyrelu: (x, alpha) => (x > 0 ? x : alpha * x),
};

/** The naive triple loop in float64, straight from the definition. */
function reference(
  a: Float32Array, b: Float32Array, m: number, k: number, n: number,
  transposeA: boolean, transposeB: boolean, bias: Float32Array | null, activation: FusableActivation, alpha: number,
): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = bias ? bias[j]! : 0;
      for (let p = 0; p < k; p++) {
        const x = transposeA ? a[p * m + i]! : a[i * k + p]!;
        const y = transposeB ? b[j * k + p]! : b[p * n + j]!;
        sum += x * y;
      }
      out[i * n + j] = activations[activation](sum, alpha);
    }
  }
  return out;
}

function expectClose(actual: Float32Array, expected: Float64Array, label: string): void {
  expect(actual.length, label).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const err = Math.abs(actual[i]! - e);
    if (err > 1e-5 * Math.max(1, Math.abs(e))) {
      throw new Error(`${label}: element ${i} is ${actual[i]}, expected ${e}`);
    }
  }
}

function check(m: number, k: number, n: number, transposeA: boolean, transposeB: boolean, withBias: boolean, activation: FusableActivation): void {
  const a = values(m * k, m * 1000 + k);
  const b = values(k * n, k * 1000 + n + 7);
  const bias = withBias ? values(n, n + 3) : null;
  const alpha = 0.2;
  const label = `m=${m} k=${k} n=${n} tA=${transposeA} tB=${transposeB} bias=${withBias} ${activation}`;
  const actual = gemm(a, b, m, k, n, transposeA, transposeB, bias, activation, alpha);
  expectClose(actual, reference(a, b, m, k, n, transposeA, transposeB, bias, activation, alpha), label);
}

describe('gemm', () => {
  const sizes = [1, 3, 5];
  const inner = [1, 7, 785];
  const cols = [1, 10, 65];
  for (const transposeA of [false, true]) {
    for (const transposeB of [false, true]) {
      it(`matches a float64 triple loop (transposeA=${transposeA}, transposeB=${transposeB})`, () => {
        for (const m of sizes) for (const k of inner) for (const n of cols) check(m, k, n, transposeA, transposeB, false, 'linear');
      });
    }
  }

  it('matches on the shapes of an MLP step, including transposeB with many rows', () => {
    check(64, 784, 64, false, false, true, 'relu');
    check(784, 64, 64, true, false, false, 'linear');
    check(64, 64, 10, true, false, false, 'linear');
    check(64, 10, 64, false, true, false, 'linear');
    check(64, 64, 64, false, true, false, 'linear');
    check(9, 13, 6, true, true, true, 'elu');
  });

  for (const activation of Object.keys(activations) as FusableActivation[]) {
    it(`adds the bias and applies ${activation}`, () => {
      // Values scaled up so relu6 saturates and every branch is taken.
      for (const [m, k, n] of [[1, 7, 10], [5, 785, 65], [3, 1, 1]] as const) {
        for (const transposeB of [false, true]) check(m, k, n, false, transposeB, true, activation);
      }
      const a = new Float32Array([-8, -1, 0.5, 3, 7]);
      const out = gemm(a, new Float32Array([1]), 5, 1, 1, false, false, new Float32Array([0.25]), activation, 0.2);
      expectClose(out, reference(a, new Float32Array([1]), 5, 1, 1, false, false, new Float32Array([0.25]), activation, 0.2), activation);
    });
  }

  it('carries NaN through every activation, as tfjs does (TerminateOnNaN relies on it)', () => {
    const a = values(2 * 3, 7);
    a[1] = Number.NaN; // row 0 only
    for (const activation of Object.keys(activations) as FusableActivation[]) {
      const out = gemm(a, values(3 * 4, 8), 2, 3, 4, false, false, null, activation, 0.2);
      expect([...out.subarray(0, 4)].every(Number.isNaN), activation).toBe(true);
      expect([...out.subarray(4)].some(Number.isNaN), activation).toBe(false);
    }
  });

  it('uses the leakyrelu slope it is given', () => {
    const out = gemm(new Float32Array([-2, 3]), new Float32Array([1]), 2, 1, 1, false, false, null, 'leakyrelu', 0.5);
    expect(Array.from(out)).toEqual([-1, 3]);
  });

  it('gives the activated bias when k is 0, and empty output when m or n is 0', () => {
    const out = gemm(new Float32Array(0), new Float32Array(0), 2, 0, 2, false, false, new Float32Array([-1, 2]), 'relu', 0);
    expect(Array.from(out)).toEqual([0, 2, 0, 2]);
    expect(gemm(new Float32Array(0), new Float32Array(6), 0, 3, 2, false, false, null, 'linear', 0).length).toBe(0);
  });

  it('does not depend on scratch state left by an earlier, larger call', () => {
    check(7, 33, 40, false, true, true, 'linear');
    check(5, 3, 4, false, true, true, 'linear');
    check(2, 3, 4, false, false, false, 'linear');
  });

  it('rejects an unknown activation by name', () => {
    expect(() => gemm(new Float32Array(1), new Float32Array(1), 1, 1, 1, false, false, null, 'tanh' as FusableActivation, 0)).toThrow(/activation=tanh/);
  });
});
