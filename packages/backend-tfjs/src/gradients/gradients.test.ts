// kfn's backward passes are checked against tfjs's own gradients by the conformance suite
// (each backend package runs it). Here: that training takes them, so that no slow or missing
// tfjs kernel runs, and that nothing leaks.
import { useBackend, type Backend, type Tensor, type Variable } from '@kfn/graph';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { tfjsProvider } from '../provider.js';
import { hostData } from '../testing/data.js';

const loadGradients = () => import('../register-gradients.js');
const PROVIDERS = {
  cpu: tfjsProvider(tf, 'cpu', { loadGradients }),
  // As @kfn/backend-wasm configures it.
  wasm: tfjsProvider(tf, 'wasm', { loadGradients, explicitTranspose: true, transposedConvAsConv: true, maxPoolGradFromOps: true }),
};
// tfjs's own gradients of these ops need these kernels: cpu's first is a slow loop, wasm has none of them
// (its MaxPoolGrad is wrong).
const AVOIDED: Record<keyof typeof PROVIDERS, string[]> = {
  cpu: ['Conv2DBackpropFilter'],
  wasm: ['Conv2DBackpropFilter', 'UnsortedSegmentSum', 'MaxPoolGrad'],
};

// Centred in [-1, 1) (`hostData` gives [-2, 0)), so relu and elu units stay alive.
const input = (ops: Backend, shape: number[], seed: number): Tensor => ops.tensor(hostData({ shape }, seed).map((v) => v + 1), shape);

/** A small net over every op with a kfn backward pass: the guide's conv autoencoder in miniature, plus Embedding and Dense. */
function loss(ops: Backend, [k1, k2, kt, emb, w, b]: Variable[], images: Tensor, ids: Tensor): Tensor {
  const conv = { strides: [1, 1], padding: 'valid' as const, dilationRate: [1, 1] };
  let x = ops.conv(images, k1 as Tensor, null, 'relu', conv); // [2, 6, 6, 4]
  x = ops.maxPool(x, { poolSize: [2, 2], strides: [2, 2], padding: 'valid' }); // [2, 3, 3, 4]
  x = ops.conv(x, k2 as Tensor, null, 'elu', { ...conv, padding: 'same' }); // [2, 3, 3, 3]
  x = ops.convTranspose(x, kt as Tensor, null, 'relu', [2, 7, 7, 2], { ...conv, strides: [2, 2] }); // [2, 7, 7, 2]
  const e = ops.gather(emb as Tensor, ids, 0); // [2, 5, 3]
  const d = ops.dense(ops.reshape(e, [2, 15]), w as Tensor, b as Tensor, 'relu'); // [2, 6]
  return ops.add(ops.mean(ops.square(x)), ops.mean(d));
}

describe('kfn backward passes', () => {
  for (const [name, provider] of Object.entries(PROVIDERS) as [keyof typeof PROVIDERS, (typeof PROVIDERS)['cpu']][]) {
    it(`${name}: training runs none of ${AVOIDED[name].join(', ')} and leaks nothing`, async () => {
      const ops = await useBackend(provider);
      const shapes = [[3, 3, 1, 4], [3, 3, 4, 3], [3, 3, 2, 3], [7, 3], [15, 6], [6]];
      const vars = shapes.map((s, i) => ops.tidy(() => ops.variable(input(ops, s, 10 + i), true, `grad_test_${i}`)));
      const images = input(ops, [2, 8, 8, 1], 1);
      const ids = ops.tensor(new Int32Array([0, 3, 3, 6, 1, 2, 2, 2, 5, 0]), [2, 5], 'int32');
      const step = () =>
        ops.tidy(() => {
          const { grads } = ops.valueAndGrads(() => loss(ops, vars, images, ids), vars);
          expect(grads.map((g) => g.shape)).toEqual(shapes);
          grads.forEach((g, i) => expect(Array.from(ops.readSync(g)).some((v) => v !== 0), `gradient ${i} is all zeros`).toBe(true));
        });
      const before = ops.numTensors();
      step();
      expect(ops.numTensors()).toBe(before);
      const profile = await tf.profile(step);
      for (const kernel of AVOIDED[name]) expect(profile.kernelNames).not.toContain(kernel);
      // The profile does list the backward kernels (the input gradient of the second conv).
      if (name === 'cpu') expect(profile.kernelNames).toContain('Conv2DBackpropInput');
      ops.dispose([...vars, images, ids]);
    }, 60_000);
  }

  it('gives the same gradients on cpu and wasm', async () => {
    const run = async (provider: (typeof PROVIDERS)['cpu']) => {
      const ops = await useBackend(provider);
      const vars = [[3, 3, 1, 4], [3, 3, 4, 3], [3, 3, 2, 3], [7, 3], [15, 6], [6]].map((s, i) =>
        ops.tidy(() => ops.variable(input(ops, s, 10 + i), true, `grad_test_${i}`)),
      );
      const out = ops.tidy(() => {
        const images = input(ops, [2, 8, 8, 1], 1);
        const ids = ops.tensor(new Int32Array([0, 3, 3, 6, 1, 2, 2, 2, 5, 0]), [2, 5], 'int32');
        const { grads } = ops.valueAndGrads(() => loss(ops, vars, images, ids), vars);
        return grads.map((g) => Array.from(ops.readSync(g)));
      });
      ops.dispose(vars);
      return out;
    };
    const cpu = await run(PROVIDERS.cpu);
    const wasm = await run(PROVIDERS.wasm);
    cpu.forEach((g, i) => g.forEach((v, j) => expect(Math.abs((wasm[i]?.[j] as number) - v), `grad ${i}[${j}]`).toBeLessThan(1e-5 * Math.max(1, Math.abs(v)))));
  });
});
