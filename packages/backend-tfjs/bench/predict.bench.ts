// kfn `predict` beside @tensorflow/tfjs-layers 4.22 on the same tfjs backend, in one process:
// the guide's MNIST MLP (784 → 64 relu → 64 relu → 10), batch-1 latency and batch-1,024 throughput.
// Run: pnpm --filter @kfn/backend-tfjs bench
import { clearSession, Dense, Input, Model, useBackend, type Tensor } from '@kfn/graph';
import * as tf from '@tensorflow/tfjs-core';
// tsx cannot load tfjs-core's ESM gradient sources (the `@kfn/source` entry): use the built bundle,
// as plain Node does (`pnpm bench` builds first).
import '../dist/register-gradients.bundle.js';
import * as tfl from '@tensorflow/tfjs-layers';
// The real providers, as users get them, with the kernels they register (relative: they depend on this package).
import { cpu } from '../../backend-cpu/src/index.js';
import { wasm } from '../../backend-wasm/src/index.js';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

function kfnMlp(): Model {
  clearSession();
  const inputs = Input({ shape: [784] });
  let x = new Dense({ units: 64, activation: 'relu' }).apply(inputs);
  x = new Dense({ units: 64, activation: 'relu' }).apply(x);
  return new Model({ inputs, outputs: new Dense({ units: 10 }).apply(x), name: 'mnist_model' });
}

function tfjsMlp(weights: tf.Tensor[]): tfl.LayersModel {
  const inputs = tfl.input({ shape: [784] });
  let x = tfl.layers.dense({ units: 64, activation: 'relu' }).apply(inputs) as tfl.SymbolicTensor;
  x = tfl.layers.dense({ units: 64, activation: 'relu' }).apply(x) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs, outputs: tfl.layers.dense({ units: 10 }).apply(x) as tfl.SymbolicTensor });
  model.setWeights(weights);
  return model;
}

/**
 * Median seconds of each function, timed in alternating rounds (a, b, a, b, ...) after
 * `warmup` calls of each, so that drift in the machine's speed affects both alike.
 */
function timeEach(fns: readonly (() => void)[], warmup: number, repeats: number, rounds = 5): number[] {
  for (const fn of fns) for (let i = 0; i < warmup; i++) fn();
  const samples: number[][] = fns.map(() => []);
  for (let r = 0; r < rounds; r++) {
    fns.forEach((fn, f) => {
      for (let i = 0; i < Math.ceil(repeats / rounds); i++) {
        const t0 = performance.now();
        fn();
        samples[f]?.push(performance.now() - t0);
      }
    });
  }
  return samples.map((s) => median(s) / 1000);
}

async function run(backendName: 'cpu' | 'wasm'): Promise<void> {
  const ops = await useBackend(backendName === 'cpu' ? cpu : wasm);
  const model = kfnMlp();
  const one = ops.tensor(Float32Array.from({ length: 784 }, (_, i) => (i % 255) / 255), [1, 784]);
  ops.dispose(model.predict(one) as Tensor); // the first predict makes the weights
  const reference = tfjsMlp(model.weights.map((w) => tf.tensor(w.dataSync(), [...w.shape])));
  const big = ops.tensor(Float32Array.from({ length: 1024 * 784 }, (_, i) => (i % 251) / 251), [1024, 784]);

  // Same numbers from both before timing anything.
  const a = model.predict(one) as tf.Tensor;
  const b = reference.predict(one as tf.Tensor) as tf.Tensor;
  const diff = tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] as number;
  tf.dispose([a, b]);

  // Latency: predict and read the 10 logits back, as an application would. A long warm-up:
  // V8 optimizes both libraries' code only after a few thousand calls.
  const [kfn1, tfl1] = timeEach(
    [
      () => {
        const y = model.predict(one) as tf.Tensor;
        y.dataSync();
        y.dispose();
      },
      () => {
        const y = reference.predict(one as tf.Tensor) as tf.Tensor;
        y.dataSync();
        y.dispose();
      },
    ],
    3000,
    5000,
  ) as [number, number];
  const [kfnBig, tflBig] = timeEach(
    [
      () => {
        const y = model.predict(big, { batchSize: 1024 }) as tf.Tensor;
        y.dataSync();
        y.dispose();
      },
      () => {
        const y = reference.predict(big as tf.Tensor, { batchSize: 1024 }) as tf.Tensor;
        y.dataSync();
        y.dispose();
      },
    ],
    5,
    30,
  ) as [number, number];
  const us = (s: number): string => `${(s * 1e6).toFixed(1)} µs`;
  const rps = (s: number): string => `${Math.round(1024 / s).toLocaleString('en-US')} rows/s`;
  console.log(`\n${backendName} (max |kfn - tfjs-layers| = ${diff.toExponential(1)})`);
  console.log(`  batch-1 latency      kfn ${us(kfn1).padStart(10)}   tfjs-layers ${us(tfl1).padStart(10)}   ${(tfl1 / kfn1).toFixed(2)}× faster`);
  console.log(`  batch-1024 throughput kfn ${rps(kfnBig).padStart(16)}   tfjs-layers ${rps(tflBig).padStart(16)}   ${(tflBig / kfnBig).toFixed(2)}×`);
  ops.dispose([one, big]);
  for (const w of model.weights) w.dispose();
  reference.dispose();
}

console.log('MNIST MLP predict: kfn vs @tensorflow/tfjs-layers 4.22, same tfjs backend, medians after warm-up, timed in alternating rounds');
// BENCH_ONLY=cpu or wasm runs one backend.
for (const name of ['cpu', 'wasm'] as const) if ((process.env.BENCH_ONLY ?? name) === name) await run(name);
