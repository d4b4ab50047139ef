// Where a training step's time goes, per tfjs kernel (tf.profile), for kfn's autoencoder or MLP.
// Run: tsx --conditions=@kfn/source bench/profile-step.ts [cpu|wasm] [ae|mlp]
import { Conv2D, Conv2DTranspose, Dense, GlobalMaxPooling2D, Input, MaxPooling2D, Model, Reshape, UpSampling2D, clearSession, useBackend } from '@kfn/graph';
import * as tf from '@tensorflow/tfjs-core';
// tsx cannot load tfjs-core's ESM gradient sources (the `@kfn/source` entry): use the built bundle,
// as plain Node does (`pnpm bench` builds first).
import '../dist/register-gradients.bundle.js';
import { cpu } from '../../backend-cpu/src/index.js';
import { wasm } from '../../backend-wasm/src/index.js';

const [which = 'cpu', net = 'ae'] = process.argv.slice(2);
await useBackend(which === 'wasm' ? wasm : cpu);
clearSession();
let model: Model;
let x: Float32Array;
let y: Float32Array | Int32Array;
let batch: number;
if (net === 'ae') {
  const input = Input({ shape: [28, 28, 1] });
  let h = new Conv2D({ filters: 16, kernelSize: 3, activation: 'relu' }).apply(input);
  h = new Conv2D({ filters: 32, kernelSize: 3, activation: 'relu' }).apply(h);
  h = new MaxPooling2D({ poolSize: 3 }).apply(h);
  h = new Conv2D({ filters: 32, kernelSize: 3, activation: 'relu' }).apply(h);
  h = new Conv2D({ filters: 16, kernelSize: 3, activation: 'relu' }).apply(h);
  h = new GlobalMaxPooling2D().apply(h);
  h = new Reshape({ targetShape: [4, 4, 1] }).apply(h);
  h = new Conv2DTranspose({ filters: 16, kernelSize: 3, activation: 'relu' }).apply(h);
  h = new Conv2DTranspose({ filters: 32, kernelSize: 3, activation: 'relu' }).apply(h);
  h = new UpSampling2D({ size: 3 }).apply(h);
  h = new Conv2DTranspose({ filters: 16, kernelSize: 3, activation: 'relu' }).apply(h);
  model = new Model({ inputs: input, outputs: new Conv2DTranspose({ filters: 1, kernelSize: 3, activation: 'relu' }).apply(h) });
  model.compile({ optimizer: 'adam', loss: 'mse' });
  batch = 32;
  x = Float32Array.from({ length: batch * 784 }, Math.random);
  y = x;
} else {
  const input = Input({ shape: [784] });
  let h = new Dense({ units: 64, activation: 'relu' }).apply(input);
  h = new Dense({ units: 64, activation: 'relu' }).apply(h);
  model = new Model({ inputs: input, outputs: new Dense({ units: 10 }).apply(h) });
  model.compile({ optimizer: 'rmsprop', loss: 'sparse_categorical_crossentropy' });
  batch = 64;
  x = Float32Array.from({ length: batch * 784 }, Math.random);
  y = Int32Array.from({ length: batch }, () => Math.floor(Math.random() * 10));
}
await model.fit(x, y, { batchSize: batch, epochs: 2, verbose: 0 });
const t0 = performance.now();
const info = await tf.profile(() => model.fit(x, y, { batchSize: batch, epochs: 1, verbose: 0 }).then(() => undefined) as never);
console.log(`step (profiled) ${(performance.now() - t0).toFixed(1)} ms`);
const byName = new Map<string, { ms: number; n: number; shapes: string }>();
for (const k of info.kernels) {
  const e = byName.get(k.name) ?? { ms: 0, n: 0, shapes: '' };
  e.ms += k.kernelTimeMs as number;
  e.n++;
  if (!e.shapes) e.shapes = JSON.stringify(k.inputShapes);
  byName.set(k.name, e);
}
for (const [name, e] of [...byName].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) {
  console.log(`${name.padEnd(24)} ${e.ms.toFixed(1).padStart(9)} ms  ×${e.n}`);
}
