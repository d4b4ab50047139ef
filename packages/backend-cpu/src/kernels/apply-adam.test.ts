import { KfnApplyAdam, type KfnApplyAdamAttrs } from '@kfn/backend-tfjs';
import * as tf from '@tensorflow/tfjs-core';
import '../index.js'; // registers the kernels
import { beforeAll, describe, expect, it } from 'vitest';

// A type alias, not an interface: tf.tidy needs an object with an implicit index signature.
type State = {
  variable: tf.Tensor;
  m: tf.Tensor;
  v: tf.Tensor;
  vHat?: tf.Tensor;
};

/** Keras 3's Adam step (packages/graph/src/optimizers/adam.ts) composed of float32 tfjs ops. */
function referenceStep(s: State, grad: tf.Tensor, lr: tf.Tensor, t: tf.Tensor, { beta1, beta2, epsilon }: KfnApplyAdamAttrs): State {
  return tf.tidy(() => {
    const beta1Power = tf.pow(tf.scalar(beta1), t);
    const beta2Power = tf.pow(tf.scalar(beta2), t);
    const alpha = tf.div(tf.mul(lr, tf.sqrt(tf.sub(1, beta2Power))), tf.sub(1, beta1Power));
    const m = tf.add(s.m, tf.mul(tf.sub(grad, s.m), tf.scalar(1 - beta1)));
    const v = tf.add(s.v, tf.mul(tf.sub(tf.square(grad), s.v), tf.scalar(1 - beta2)));
    const next: State = { variable: s.variable, m, v };
    let vUsed = v;
    if (s.vHat) {
      vUsed = tf.maximum(s.vHat, v);
      next.vHat = vUsed;
    }
    next.variable = tf.sub(s.variable, tf.div(tf.mul(m, alpha), tf.add(tf.sqrt(vUsed), tf.scalar(epsilon))));
    return next;
  });
}

function kernelStep(s: State, grad: tf.Tensor, lr: tf.Tensor, step: tf.Tensor, attrs: KfnApplyAdamAttrs): State {
  const inputs: tf.NamedTensorMap = { variable: s.variable, grad, lr, step, m: s.m, v: s.v };
  if (s.vHat) inputs['vHat'] = s.vHat;
  const out = tf.engine().runKernel(KfnApplyAdam, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
  expect(out.length).toBe(s.vHat ? 4 : 3);
  const [variable, m, v, vHat] = out as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor | undefined];
  return vHat ? { variable, m, v, vHat } : { variable, m, v };
}

function expectClose(actual: tf.Tensor | undefined, expected: tf.Tensor | undefined, label: string): void {
  expect(actual === undefined, label).toBe(expected === undefined);
  if (!actual || !expected) return;
  expect(actual.shape, label).toEqual(expected.shape);
  const x = actual.dataSync();
  const y = expected.dataSync();
  // Relative to each element and to the tensor's scale (m + (g−m)(1−β₁) cancels).
  let scale = 0;
  for (let i = 0; i < y.length; i++) scale = Math.max(scale, Math.abs(y[i]!));
  for (let i = 0; i < y.length; i++) {
    if (Math.abs(x[i]! - y[i]!) > 1e-6 * (Math.abs(y[i]!) + scale)) throw new Error(`${label}: element ${i} is ${x[i]}, expected ${y[i]}`);
  }
}

function initial(shape: number[], amsgrad: boolean): State {
  const s: State = { variable: tf.randomUniform(shape, -1, 1, 'float32', 21), m: tf.zeros(shape), v: tf.zeros(shape) };
  if (amsgrad) s.vHat = tf.zeros(shape);
  return s;
}

/** KfnApplyAdam against Keras's formulas composed of tfjs ops, on a tfjs backend that registers it. */
function describeApplyAdam(backendName: string): void {
  describe(`KfnApplyAdam on ${backendName}`, () => {
    beforeAll(async () => {
      await tf.setBackend(backendName);
      await tf.ready();
      expect(tf.getKernel(KfnApplyAdam, backendName), `KfnApplyAdam is registered for ${backendName}`).toBeDefined();
    });

    for (const amsgrad of [false, true]) {
      for (const [beta1, beta2] of [[0.9, 0.999], [0.5, 0.8]] as const) {
        it(`matches Keras's formulas over 6 steps (amsgrad=${amsgrad}, beta1=${beta1}, beta2=${beta2})`, () => {
          tf.tidy(() => {
            const attrs: KfnApplyAdamAttrs = { beta1, beta2, epsilon: 1e-7 };
            const lr = tf.scalar(0.01);
            let ours = initial([11, 9], amsgrad);
            let theirs = initial([11, 9], amsgrad);
            for (let step = 0; step < 6; step++) {
              // Shrinking gradients make v fall below its running maximum, so amsgrad matters.
              const grad = tf.randomUniform([11, 9], -2 / (step + 1) ** 2, 2 / (step + 1) ** 2, 'float32', 200 + step);
              const t = tf.scalar(step + 1);
              ours = kernelStep(ours, grad, lr, t, attrs);
              theirs = referenceStep(theirs, grad, lr, t, attrs);
              for (const key of ['variable', 'm', 'v', 'vHat'] as const) expectClose(ours[key], theirs[key], `step ${step} ${key}`);
            }
            expect(tf.max(tf.abs(tf.sub(ours.variable, initial([11, 9], false).variable))).dataSync()[0]).toBeGreaterThan(1e-3);
            if (ours.vHat) expect(tf.any(tf.greater(ours.vHat, ours.v)).dataSync()[0]).toBe(1);
          });
        });
      }
    }

    it('accepts an int32 step and leaves its inputs untouched, allocating only its outputs', () => {
      const s = initial([3], true);
      const grad = tf.tensor1d([1, -2, 3]);
      const lr = tf.scalar(0.1);
      const step = tf.scalar(1, 'int32');
      const before = tf.memory().numTensors;
      const next = kernelStep(s, grad, lr, step, { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
      // First step: α·m/(√v+ε) = lr·sign(g) up to ε.
      const moved = tf.tidy(() => tf.sub(s.variable, next.variable));
      expect(Array.from(moved.dataSync()).map((x) => Math.round(x * 1e4) / 1e4)).toEqual([0.1, -0.1, 0.1]);
      expect(Array.from(s.m.dataSync())).toEqual([0, 0, 0]);
      expect(Array.from(s.vHat!.dataSync())).toEqual([0, 0, 0]);
      tf.dispose([moved, next.variable, next.m, next.v, next.vHat!]);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([s.variable, s.m, s.v, s.vHat!, grad, lr, step]);
    });

    it('rejects mismatched sizes, non-scalar lr/step and missing attrs, naming what it received', () => {
      tf.tidy(() => {
        const attrs = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };
        const base = { variable: tf.zeros([4]), grad: tf.zeros([4]), lr: tf.scalar(0.1), step: tf.scalar(1), m: tf.zeros([4]), v: tf.zeros([4]) };
        const run = (inputs: tf.NamedTensorMap, a: object = attrs) => tf.engine().runKernel(KfnApplyAdam, inputs, a as tf.NamedAttrMap);
        expect(() => run({ ...base, grad: tf.zeros([2, 3]) })).toThrow(/KfnApplyAdam: input 'grad' must have the variable's 4 elements. Received: shape=\[2,3\]/);
        expect(() => run({ ...base, m: tf.zeros([5]) })).toThrow(/input 'm' must have/);
        expect(() => run({ ...base, v: tf.zeros([3]) })).toThrow(/input 'v' must have/);
        expect(() => run({ ...base, vHat: tf.zeros([1]) })).toThrow(/input 'vHat' must have/);
        expect(() => run({ ...base, step: tf.zeros([2]) })).toThrow(/KfnApplyAdam: input 'step' must be a scalar. Received: shape=\[2\]/);
        expect(() => run({ ...base, variable: tf.zeros([4], 'int32') })).toThrow(/KfnApplyAdam: input 'variable' must be float32. Received: dtype=int32/);
        expect(() => run(base, { beta1: 0.9, beta2: 'x', epsilon: 1e-7 })).toThrow(/KfnApplyAdam: attr 'beta2' must be a finite number. Received: beta2=x/);
      });
    });
  });
}

describeApplyAdam('cpu');
