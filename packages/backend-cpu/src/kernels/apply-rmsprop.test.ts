import { KfnApplyRMSProp, type KfnApplyRMSPropAttrs } from '@kfn/backend-tfjs';
import * as tf from '@tensorflow/tfjs-core';
import '../index.js'; // registers the kernels
import { beforeAll, describe, expect, it } from 'vitest';

// A type alias, not an interface: tf.tidy needs an object with an implicit index signature.
type State = {
  variable: tf.Tensor;
  velocity: tf.Tensor;
  momentum?: tf.Tensor;
  averageGradient?: tf.Tensor;
};

/** Keras 3's RMSprop step (packages/graph/src/optimizers/rmsprop.ts) composed of float32 tfjs ops. */
function referenceStep(s: State, grad: tf.Tensor, lr: tf.Tensor, { rho, momentum, epsilon }: KfnApplyRMSPropAttrs): State {
  return tf.tidy(() => {
    const vel = tf.add(tf.mul(rho, s.velocity), tf.mul(1 - rho, tf.square(grad)));
    let avg: tf.Tensor | undefined;
    let denominator: tf.Tensor;
    if (s.averageGradient) {
      avg = tf.add(tf.mul(rho, s.averageGradient), tf.mul(1 - rho, grad));
      denominator = tf.add(tf.sub(vel, tf.square(avg)), epsilon);
    } else {
      denominator = tf.add(vel, epsilon);
    }
    const increment = tf.div(tf.mul(lr, grad), tf.sqrt(denominator));
    const next: State = { variable: tf.sub(s.variable, increment), velocity: vel };
    if (s.momentum) {
      next.momentum = tf.add(tf.mul(momentum, s.momentum), increment);
      next.variable = tf.sub(s.variable, next.momentum);
    }
    if (avg) next.averageGradient = avg;
    return next;
  });
}

function kernelStep(s: State, grad: tf.Tensor, lr: tf.Tensor, attrs: KfnApplyRMSPropAttrs): State {
  const inputs: tf.NamedTensorMap = { variable: s.variable, grad, lr, velocity: s.velocity };
  if (s.momentum) inputs['momentum'] = s.momentum;
  if (s.averageGradient) inputs['averageGradient'] = s.averageGradient;
  const out = tf.engine().runKernel(KfnApplyRMSProp, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
  const [variable, velocity, ...rest] = out as [tf.Tensor, tf.Tensor, ...tf.Tensor[]];
  const next: State = { variable, velocity };
  if (s.momentum) next.momentum = rest.shift();
  if (s.averageGradient) next.averageGradient = rest.shift();
  expect(rest).toEqual([]);
  return next;
}

function expectClose(actual: tf.Tensor | undefined, expected: tf.Tensor | undefined, label: string): void {
  expect(actual === undefined, label).toBe(expected === undefined);
  if (!actual || !expected) return;
  expect(actual.shape, label).toEqual(expected.shape);
  const x = actual.dataSync();
  const y = expected.dataSync();
  // Relative to the tensor's scale as well as each element: μ·mom + inc and ρ·avg + (1−ρ)·g
  // cancel, and there the float32 composition itself carries error relative to the terms.
  // Measured worst error: ~1.6e-7 of the scale.
  let scale = 0;
  for (let i = 0; i < y.length; i++) scale = Math.max(scale, Math.abs(y[i]!));
  for (let i = 0; i < y.length; i++) {
    const err = Math.abs(x[i]! - y[i]!);
    if (err > 1e-6 * (Math.abs(y[i]!) + scale)) throw new Error(`${label}: element ${i} is ${x[i]}, expected ${y[i]}`);
  }
}

function initial(shape: number[], withMomentum: boolean, centered: boolean): State {
  const s: State = { variable: tf.randomUniform(shape, -1, 1, 'float32', 11), velocity: tf.zeros(shape) };
  if (withMomentum) s.momentum = tf.zeros(shape);
  if (centered) s.averageGradient = tf.zeros(shape);
  return s;
}

/** KfnApplyRMSProp against Keras's formulas composed of tfjs ops, on a tfjs backend that registers it. */
function describeApplyRMSProp(backendName: string): void {
  describe(`KfnApplyRMSProp on ${backendName}`, () => {
    beforeAll(async () => {
      await tf.setBackend(backendName);
      await tf.ready();
      expect(tf.getKernel(KfnApplyRMSProp, backendName), `KfnApplyRMSProp is registered for ${backendName}`).toBeDefined();
    });

    for (const withMomentum of [false, true]) {
      for (const centered of [false, true]) {
        it(`matches Keras's formulas over 5 steps (momentum=${withMomentum}, centered=${centered})`, () => {
          tf.tidy(() => {
            const attrs: KfnApplyRMSPropAttrs = { rho: 0.9, momentum: withMomentum ? 0.8 : 0, epsilon: 1e-7 };
            const lr = tf.scalar(0.01);
            let ours = initial([13, 7], withMomentum, centered);
            let theirs = initial([13, 7], withMomentum, centered);
            for (let step = 0; step < 5; step++) {
              const grad = tf.randomUniform([13, 7], -2, 2, 'float32', 100 + step);
              ours = kernelStep(ours, grad, lr, attrs);
              theirs = referenceStep(theirs, grad, lr, attrs);
              for (const key of ['variable', 'velocity', 'momentum', 'averageGradient'] as const) {
                expectClose(ours[key], theirs[key], `step ${step} ${key}`);
              }
            }
            // The update really moved the variable (the comparison is not between two no-ops).
            expect(tf.max(tf.abs(tf.sub(ours.variable, initial([13, 7], false, false).variable))).dataSync()[0]).toBeGreaterThan(1e-3);
          });
        });
      }
    }

    it('leaves its inputs untouched and allocates only its outputs', () => {
      const s = initial([4], true, true);
      const grad = tf.tensor1d([1, -2, 3, -4]);
      const lr = tf.scalar(0.1);
      const before = tf.memory().numTensors;
      const next = kernelStep(s, grad, lr, { rho: 0.9, momentum: 0.5, epsilon: 1e-7 });
      expect(Array.from(s.velocity.dataSync())).toEqual([0, 0, 0, 0]);
      expect(Array.from(s.momentum!.dataSync())).toEqual([0, 0, 0, 0]);
      expect(Array.from(grad.dataSync())).toEqual([1, -2, 3, -4]);
      tf.dispose([next.variable, next.velocity, next.momentum!, next.averageGradient!]);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([s.variable, s.velocity, s.momentum!, s.averageGradient!, grad, lr]);
    });

    it('rejects mismatched sizes, a non-scalar lr and missing attrs, naming what it received', () => {
      tf.tidy(() => {
        const attrs = { rho: 0.9, momentum: 0, epsilon: 1e-7 };
        const base = { variable: tf.zeros([2, 3]), grad: tf.zeros([2, 3]), lr: tf.scalar(0.1), velocity: tf.zeros([2, 3]) };
        const run = (inputs: tf.NamedTensorMap, a: object = attrs) => tf.engine().runKernel(KfnApplyRMSProp, inputs, a as tf.NamedAttrMap);
        expect(() => run({ ...base, grad: tf.zeros([5]) })).toThrow(/KfnApplyRMSProp: input 'grad' must have the variable's 6 elements. Received: shape=\[5\]/);
        expect(() => run({ ...base, velocity: tf.zeros([7]) })).toThrow(/input 'velocity' must have the variable's 6 elements/);
        expect(() => run({ ...base, momentum: tf.zeros([2]) })).toThrow(/input 'momentum' must have/);
        expect(() => run({ ...base, averageGradient: tf.zeros([3, 3]) })).toThrow(/input 'averageGradient' must have/);
        expect(() => run({ ...base, lr: tf.zeros([2]) })).toThrow(/KfnApplyRMSProp: input 'lr' must be a scalar. Received: shape=\[2\]/);
        const { velocity: _, ...noVelocity } = base;
        expect(() => run(noVelocity)).toThrow(/KfnApplyRMSProp: input 'velocity' is required/);
        expect(() => run(base, { rho: 0.9, epsilon: 1e-7 })).toThrow(/KfnApplyRMSProp: attr 'momentum' must be a finite number. Received: momentum=undefined/);
      });
    });
  });
}

describeApplyRMSProp('cpu');
