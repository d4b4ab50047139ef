import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Tensor } from '../backend/backend.js';
import { useBackend } from '../backend/registry.js';
import { clearSession } from '../common/naming.js';
import { Dense } from '../layers/core/dense.js';
import { Input } from '../layers/core/input-layer.js';
import { concatenate } from '../layers/merging/concatenate.js';
import { createHostBackend, type HostBackend } from '../testing/host-backend.js';
import { Layer, type CallContext } from './layer.js';
import { Model } from './model.js';

let ops: HostBackend;
beforeEach(async () => {
  clearSession();
  ops = createHostBackend();
  await useBackend(ops);
});
afterEach(() => clearSession());

/** Dense with deterministic weights: kernel[i][u] = ((i * 7 + u * 3) % 11 - 5) / 10, bias[u] = u / 10. */
function fixedDense(units: number, activation?: string, name?: string): Dense {
  const layer = new Dense({ units, activation, name });
  const build = layer.build.bind(layer);
  layer.build = (shape) => {
    build(shape);
    const inDim = shape.at(-1) as number;
    layer.kernel?.assign(Float32Array.from({ length: inDim * units }, (_, k) => (((Math.floor(k / units) * 7 + (k % units) * 3) % 11) - 5) / 10));
    layer.bias?.assign(Float32Array.from({ length: units }, (_, u) => u / 10));
  };
  return layer;
}

/** The same Dense in plain JS, row by row. */
function denseRef(x: number[][], units: number, relu: boolean): number[][] {
  return x.map((row) =>
    Array.from({ length: units }, (_, u) => {
      let s = u / 10;
      row.forEach((v, i) => (s += v * ((((i * 7 + u * 3) % 11) - 5) / 10)));
      return relu ? Math.max(0, s) : s;
    }),
  );
}

function mlp(): Model {
  const inputs = Input({ shape: [4], name: 'pixels' });
  const h = fixedDense(3, 'relu').apply(fixedDense(5, 'relu').apply(inputs));
  return new Model({ inputs, outputs: fixedDense(2).apply(h), name: 'mlp' });
}

const rows = (n: number): number[][] => Array.from({ length: n }, (_, r) => [r / 4, -r / 8, 0.5, (r % 3) - 1]);
const expected = (x: number[][]): number[][] => denseRef(denseRef(denseRef(x, 5, true), 3, true), 2, false);

function values(t: Tensor, cols: number): number[][] {
  const d = Array.from(ops.readSync(t));
  return Array.from({ length: d.length / cols }, (_, r) => d.slice(r * cols, (r + 1) * cols));
}

function expectClose(actual: number[][], wanted: number[][]): void {
  expect(actual.length).toBe(wanted.length);
  actual.forEach((row, r) => row.forEach((v, c) => expect(v).toBeCloseTo(wanted[r]?.[c] as number, 5)));
}

describe('ExecutionPlan', () => {
  it('orders the layer calls and frees each intermediate after its last reader', () => {
    const a = Input({ shape: [4], name: 'a' });
    const h1 = fixedDense(3, 'relu', 'h1').apply(a);
    const h2 = fixedDense(3, 'relu', 'h2').apply(h1);
    const joined = concatenate([h1, h2], { name: 'join' });
    const model = new Model({ inputs: a, outputs: fixedDense(2, undefined, 'out').apply(joined) });
    const plan = model.executionPlan;
    expect(plan).toBe(model.executionPlan); // made once
    expect(plan.steps.map((s) => s.layer.name)).toEqual(['h1', 'h2', 'join', 'out']);
    // h1's output is read by h2 and join: freed after join; h2's after join; join's after out.
    const slotOf = (i: number): number => plan.steps[i]?.outputSlots[0] as number;
    expect(plan.steps.map((s) => [...s.free])).toEqual([[], [], [slotOf(0), slotOf(1)], [slotOf(2)]]);
    expect(plan.steps[2]?.single).toBe(false);
    expect(plan.steps[0]?.single).toBe(true);
  });

  it('keeps at most a few intermediates alive in a deep chain', () => {
    const inputs = Input({ shape: [4] });
    let x = inputs;
    for (let i = 0; i < 20; i++) x = fixedDense(4, 'relu').apply(x);
    const model = new Model({ inputs, outputs: x });
    const input = ops.tensor(Float32Array.from(rows(3).flat()), [3, 4]);
    model.predict(input); // weights initialized
    ops.resetPeak();
    const before = ops.numTensors();
    const out = model.predict(input) as Tensor;
    // Input + weights + the current and next activation, not all 20.
    expect(ops.peakTensors - before).toBeLessThanOrEqual(2);
    ops.dispose(out);
    expect(ops.numTensors()).toBe(before);
  });

  it('does not dispose a tensor a layer passes through (identity) while a later step needs it', () => {
    class Identity extends Layer {
      override computeOutputShape(s: readonly (number | null)[]): readonly (number | null)[] {
        return s;
      }
      override call(x: Tensor, _ctx: CallContext): Tensor {
        return x;
      }
    }
    const inputs = Input({ shape: [4] });
    const h = fixedDense(5, 'relu').apply(inputs);
    const same = new Identity().apply(h);
    // h's slot is freed after the identity step, but the same tensor still feeds the next Dense.
    const out = fixedDense(2).apply(fixedDense(3, 'relu').apply(same));
    const model = new Model({ inputs, outputs: out });
    const before = ops.numTensors();
    const y = model.predict(rows(2)) as Tensor;
    expectClose(values(y, 2), expected(rows(2)));
    ops.dispose(y);
    expect(ops.numTensors()).toBe(before); // weights were assigned when the layers were built
  });
});

describe('Model.predict', () => {
  it('computes the MLP for every input form and batch size, without leaks', () => {
    const model = mlp();
    const x = rows(10);
    const flat = Float32Array.from(x.flat());
    const device = ops.tensor(flat, [10, 4]);
    const forms = [x, flat, device, [flat], { pixels: x }];
    model.predict(x).valueOf(); // initialize weights
    for (const form of forms) {
      for (const batchSize of [1, 3, 10, 32]) {
        const before = ops.numTensors();
        const out = model.predict(form, { batchSize }) as Tensor;
        expect(out.shape).toEqual([10, 2]);
        expectClose(values(out, 2), expected(x));
        ops.dispose(out);
        expect(ops.numTensors()).toBe(before);
      }
    }
  });

  it('takes a record by input name and returns a record by output key', () => {
    const a = Input({ shape: [4], name: 'a' });
    const b = Input({ shape: [2], name: 'b' });
    const ha = fixedDense(3, 'relu', 'ha').apply(a);
    const joined = concatenate([ha, b]);
    const model = new Model({ inputs: [a, b], outputs: { score: fixedDense(1, undefined, 'score').apply(joined), hidden: ha } });
    const xa = rows(3);
    const xb = [[1, 2], [3, 4], [5, 6]];
    const out = model.predict({ b: xb, a: xa }) as Record<string, Tensor>;
    expect(Object.keys(out).sort()).toEqual(['hidden', 'score']);
    expectClose(values(out.hidden as Tensor, 3), denseRef(xa, 3, true));
    const wanted = denseRef(denseRef(xa, 3, true).map((r, i) => [...r, ...(xb[i] as number[])]), 1, false);
    expectClose(values(out.score as Tensor, 1), wanted);
    const asList = model.predict([xa, xb], { batchSize: 2 }) as Record<string, Tensor>;
    expectClose(values(asList.score as Tensor, 1), wanted);
  });

  it('runs a nested model and a model called on concrete tensors through the plan', () => {
    const inner = mlp();
    const outerIn = Input({ shape: [4], name: 'outer_in' });
    const outer = new Model({ inputs: outerIn, outputs: inner.apply(outerIn), name: 'outer' });
    const x = rows(5);
    expectClose(values(outer.predict(x) as Tensor, 2), expected(x));
    const direct = inner.apply(ops.tensor(Float32Array.from(x.flat()), [5, 4])) as Tensor;
    expectClose(values(direct, 2), expected(x));
  });

  it('rejects bad inputs with a clear error before any kernel runs', () => {
    const a = Input({ shape: [4], name: 'a' });
    const b = Input({ shape: [2], name: 'b' });
    const model = new Model({ inputs: [a, b], outputs: concatenate([fixedDense(2).apply(a), b]), name: 'two' });
    const calls = ops.kernelCalls;
    const xa = rows(3);
    const xb = [[1, 2], [3, 4], [5, 6]];
    expect(() => model.predict({ a: xa })).toThrow('Model "two" is missing input(s) "b"; received "a".');
    expect(() => model.predict({ a: xa, b: xb, c: xb })).toThrow('Model "two" received unknown input name(s) "c"; its inputs are "a", "b".');
    expect(() => model.predict([xa, [[1, 2, 3]]])).toThrow('Input "b" of model "two" expected shape (None, 2) (rank 2); received shape (1, 3) (rank 2).');
    expect(() => model.predict([xa, [1, 2]])).toThrow('Input "b" of model "two" expected shape (None, 2) (rank 2); received shape (2,) (rank 1).');
    expect(() => model.predict([xa, xb.slice(0, 2)])).toThrow('Model "two": all inputs must have the same number of rows (batch size); received "a": 3, "b": 2.');
    expect(() => model.predict([Float32Array.from([1, 2, 3]), xb])).toThrow('Input "a" of model "two" expects rows of shape (None, 4) (4 values each); received a typed array of 3 values.');
    expect(() => model.predict([xa])).toThrow('Model "two" expects 2 input(s) ("a", "b"); received 1.');
    expect(() => model.predict([xa, xb], { batchSize: 0 })).toThrow('batchSize must be a positive integer. Received: batchSize=0');
    expect(ops.kernelCalls).toBe(calls);
  });
});
