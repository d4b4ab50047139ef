// Losses, metrics and optimizers on cpu against hand-computed numbers (Keras 3's formulas).
import { cpu } from '@kfn/backend-cpu';
import {
  Adam, AdamW, BinaryAccuracy, BinaryCrossentropy, CategoricalAccuracy, CategoricalCrossentropy, clearSession, Dense, getLoss,
  getMetric, Huber, Input, MeanAbsoluteError, MeanSquaredError, RMSprop, SGD, SparseCategoricalAccuracy,
  SparseCategoricalCrossentropy, useBackend, type Backend, type Optimizer, type Tensor, type Weight,
} from '@kfn/graph';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';

let ops: Backend;
beforeAll(async () => {
  ops = await useBackend(cpu);
});
beforeEach(() => clearSession());

const T = (values: number[], shape: number[]): Tensor => ops.tensor(Float32Array.from(values), shape);
const value = (t: Tensor): number[] => Array.from(ops.readSync(t));
const scalarOf = (t: Tensor): number => value(t)[0] as number;
const EPS = 1e-7;

describe('losses (sum_over_batch_size)', () => {
  it('MSE, MAE and Huber', () => {
    const yt = T([0, 1, 1, 1], [2, 2]);
    const yp = T([1, 1, 1, 0], [2, 2]);
    expect(scalarOf(new MeanSquaredError().compute(yt, yp, null, ops))).toBeCloseTo(0.5, 7);
    expect(scalarOf(getLoss('mae').compute(yt, T([0.5, 1, 1, 3], [2, 2]), null, ops))).toBeCloseTo((0.25 + 1) / 2, 7);
    // |e| = 0.5 → 0.125; |e| = 2 → 2 − 0.5 = 1.5; per-sample means (0.0625, 0.75).
    expect(scalarOf(new Huber().compute(yt, T([0.5, 1, 1, 3], [2, 2]), null, ops))).toBeCloseTo((0.0625 + 0.75) / 2, 6);
    // Sample weights scale each sample; the divisor stays the number of samples.
    expect(scalarOf(new MeanSquaredError().compute(yt, yp, T([2, 0], [2]), ops))).toBeCloseTo((0.5 * 2) / 2, 7);
  });

  it('binary crossentropy: logits, probabilities, Keras clipping', () => {
    const yt = T([1, 0], [2, 1]);
    const logits = [0.3, -1.2];
    const sig = (x: number) => 1 / (1 + Math.exp(-x));
    const expected = (-Math.log(sig(0.3)) - Math.log(1 - sig(-1.2))) / 2;
    expect(scalarOf(new BinaryCrossentropy({ fromLogits: true }).compute(yt, T(logits, [2, 1]), null, ops))).toBeCloseTo(expected, 6);
    expect(scalarOf(new BinaryCrossentropy().compute(yt, T(logits.map(sig), [2, 1]), null, ops))).toBeCloseTo(expected, 5);
    // p = 0 for a positive label is clipped to 1e-7.
    expect(scalarOf(new BinaryCrossentropy().compute(T([1], [1, 1]), T([0], [1, 1]), null, ops))).toBeCloseTo(-Math.log(EPS), 3);
  });

  it('categorical and sparse categorical crossentropy', () => {
    const logits = [2, 1, 0.1, 0.5, 2.5, -1];
    const lse = (a: number[]) => Math.log(a.reduce((s, v) => s + Math.exp(v), 0));
    const expected = ((lse(logits.slice(0, 3)) - 2) + (lse(logits.slice(3)) - 2.5)) / 2;
    const onehot = T([1, 0, 0, 0, 1, 0], [2, 3]);
    expect(scalarOf(new CategoricalCrossentropy({ fromLogits: true }).compute(onehot, T(logits, [2, 3]), null, ops))).toBeCloseTo(expected, 6);
    expect(scalarOf(new SparseCategoricalCrossentropy({ fromLogits: true }).compute(T([0, 1], [2]), T(logits, [2, 3]), null, ops))).toBeCloseTo(expected, 6);
    expect(scalarOf(getLoss('sparse_categorical_crossentropy').compute(T([0, 1], [2, 1]), T([0.5, 0.25, 0.25, 0, 1, 0], [2, 3]), null, ops)))
      .toBeCloseTo((-Math.log(0.5) - Math.log(1 - EPS)) / 2, 5);
    // Probabilities are renormalized before the log.
    expect(scalarOf(new CategoricalCrossentropy().compute(T([0, 1], [1, 2]), T([1, 3], [1, 2]), null, ops))).toBeCloseTo(-Math.log(0.75), 6);
  });

  it('serializes as Keras does, and resolves aliases', () => {
    expect(new SparseCategoricalCrossentropy({ fromLogits: true }).serialize()).toEqual({
      module: 'keras.losses', class_name: 'SparseCategoricalCrossentropy', registered_name: null,
      config: { name: 'sparse_categorical_crossentropy', reduction: 'sum_over_batch_size', from_logits: true, ignore_class: null, axis: -1 },
    });
    expect(new BinaryCrossentropy({ fromLogits: true }).getConfig()).toEqual({
      name: 'binary_crossentropy', reduction: 'sum_over_batch_size', from_logits: true, label_smoothing: 0, axis: -1,
    });
    expect(getLoss('mse')).toBeInstanceOf(MeanSquaredError);
    expect(getLoss('MeanAbsoluteError')).toBeInstanceOf(MeanAbsoluteError);
    expect(() => getLoss('msq')).toThrow(/Could not interpret loss identifier.*"msq"/);
  });
});

describe('metrics', () => {
  it('accuracy resolves by shapes and averages over batches', () => {
    expect(getMetric('accuracy', [null], [null, 10])).toBeInstanceOf(SparseCategoricalAccuracy);
    expect(getMetric('acc', [null, 1], [null, 10])).toBeInstanceOf(SparseCategoricalAccuracy);
    expect(getMetric('accuracy', [null, 1], [null, 1])).toBeInstanceOf(BinaryAccuracy);
    expect(getMetric('accuracy', [null, 4], [null, 4])).toBeInstanceOf(CategoricalAccuracy);
    const m = getMetric('accuracy', [null], [null, 3]);
    expect(m.name).toBe('accuracy');
    ops.tidy(() => m.updateState(T([0, 2], [2]), T([0.9, 0.05, 0.05, 0.1, 0.8, 0.1], [2, 3]), null, ops));
    ops.tidy(() => m.updateState(T([1], [1]), T([0.1, 0.8, 0.1], [1, 3]), null, ops));
    expect(scalarOf(m.result(ops))).toBeCloseTo(2 / 3, 6);
    m.resetState(ops);
    expect(scalarOf(m.result(ops))).toBe(0);
  });

  it('mae / mse metrics keep the name they were asked by', () => {
    const m = getMetric('mae', [null, 1], [null, 1]);
    expect(m.name).toBe('mae');
    ops.tidy(() => m.updateState(T([1, 0], [2, 1]), T([0.5, 0.5], [2, 1]), null, ops));
    expect(scalarOf(m.result(ops))).toBeCloseTo(0.5, 7);
  });
});

/** One optimizer step on a fresh `[2]` weight with a given gradient. */
function makeWeight(values: number[]): Weight {
  const input = Input({ shape: [1] });
  const layer = new Dense({ units: 2, useBias: false, name: 'd' });
  layer.apply(input);
  const w = layer.kernel!;
  w.assign(Float32Array.from(values));
  return w;
}
function step(opt: Optimizer, w: Weight, grad: number[]): number[] {
  const g = T(grad, [1, 2]);
  opt.applyGradients([g], [w]);
  ops.dispose(g);
  return Array.from(w.dataSync());
}

describe('optimizers (Keras 3 maths and state)', () => {
  it('SGD, with momentum and nesterov', () => {
    const w = makeWeight([1, 2]);
    expect(step(new SGD({ learningRate: 0.1 }), w, [1, -1])).toEqual([0.9, 2.1].map(Math.fround));
    const m = new SGD({ learningRate: 0.1, momentum: 0.9 });
    const w2 = makeWeight([1, 1]);
    step(m, w2, [1, 1]); // m = -0.1
    expect(step(m, w2, [1, 1])[0]).toBeCloseTo(1 - 0.1 - 0.19, 6); // m = -0.09 - 0.1
    const n = new SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true });
    const w3 = makeWeight([1, 1]);
    expect(step(n, w3, [1, 1])[0]).toBeCloseTo(1 + 0.9 * -0.1 - 0.1, 6);
    expect(m.variables.map((v) => v.path)).toEqual(['sgd_1/iteration', 'sgd_1/learning_rate', 'sgd_1/d_kernel_momentum']);
  });

  it('RMSprop puts epsilon inside the square root', () => {
    const w = makeWeight([1, 1]);
    const opt = new RMSprop({ learningRate: 0.01, epsilon: 0.1 });
    const got = step(opt, w, [1, 0]);
    expect(got[0]).toBeCloseTo(1 - 0.01 / Math.sqrt(0.1 + 0.1), 6);
    expect(got[1]).toBe(1);
    expect(opt.name).toBe('rm_sprop');
    expect(opt.getConfig()).toEqual({
      name: 'rm_sprop', learning_rate: Math.fround(0.01), weight_decay: null, clipnorm: null, global_clipnorm: null, clipvalue: null,
      use_ema: false, ema_momentum: 0.99, ema_overwrite_frequency: null, loss_scale_factor: null, gradient_accumulation_steps: null,
      rho: 0.9, momentum: 0, epsilon: 0.1, centered: false,
    });
  });

  it('Adam and AdamW: bias-corrected steps, interleaved slots', () => {
    const w = makeWeight([1, -1]);
    const adam = new Adam({ learningRate: 0.1 });
    let m = 0;
    let v = 0;
    let x = 1;
    for (let t = 1; t <= 3; t++) {
      const g = 0.5;
      const alpha = (0.1 * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t);
      m += (g - m) * 0.1;
      v += (g * g - v) * 0.001;
      x -= (alpha * m) / (Math.sqrt(v) + 1e-7);
      expect(step(adam, w, [0.5, 0])[0]).toBeCloseTo(x, 5);
    }
    expect(adam.iterations.dataSync()[0]).toBe(3);
    expect(adam.variables.map((s) => s.path)).toEqual(['adam/iteration', 'adam/learning_rate', 'adam/d_kernel_momentum', 'adam/d_kernel_velocity']);
    const adamw = new AdamW({ learningRate: 0.1 });
    expect(adamw.weightDecay).toBe(0.004);
    const w2 = makeWeight([1, 1]);
    // Zero gradient: only the decay moves the weight, var -= var·wd·lr.
    expect(step(adamw, w2, [0, 0])[0]).toBeCloseTo(1 - 0.004 * 0.1, 6);
  });

  it('clipnorm and clipvalue', () => {
    const w = makeWeight([0, 0]);
    expect(step(new SGD({ learningRate: 1, clipnorm: 1 }), w, [3, 4])).toEqual([-0.6, -0.8].map(Math.fround));
    const w2 = makeWeight([0, 0]);
    expect(step(new SGD({ learningRate: 1, clipvalue: 0.5 }), w2, [3, -0.25])).toEqual([-0.5, 0.25]);
  });
});
