// kfn `fit` beside @tensorflow/tfjs-layers 4.22 `fit`, on the same tfjs backend, in one process:
// milliseconds per training step inside fit (median after warm-up), for the guide's MNIST MLP
// (784-64-64-10, RMSprop, sparse categorical crossentropy from logits, batch 64,
// validationSplit 0.2) and its conv autoencoder (Adam, MSE, batch 32, 28×28×1).
// Run: pnpm --filter @kfn/backend-tfjs bench (or: tsx --conditions=@kfn/source bench/train.bench.ts)
// Options (env): BENCH_ONLY (e.g. `mlp-cpu,ae-wasm`: run only those rows), BENCH_MLP_ROWS (default 8000: 100 steps an epoch), BENCH_TFL_AE_STEPS (default 3:
// tfjs-layers' autoencoder step takes about half a minute on cpu).
import {
  Adam,
  Callback,
  clearSession,
  Conv2D,
  Conv2DTranspose,
  Dense,
  GlobalMaxPooling2D,
  Input,
  MaxPooling2D,
  Model,
  Reshape,
  RMSprop,
  SparseCategoricalCrossentropy,
  UpSampling2D,
  useBackend,
  type BackendProvider,
} from '@kfn/graph';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
// tsx cannot load tfjs-core's ESM gradient sources (the `@kfn/source` entry): use the built bundle,
// as plain Node does (`pnpm bench` builds first).
import '../dist/register-gradients.bundle.js';
// The real providers, as users get them (relative: they depend on this package).
import { cpu } from '../../backend-cpu/src/index.js';
import { wasm } from '../../backend-wasm/src/index.js';
import { rng } from '@kfn/graph/testing';

const MLP_ROWS = Number(process.env.BENCH_MLP_ROWS ?? 8000);
const MLP_ROUNDS = 3;
const TFL_AE_STEPS = Number(process.env.BENCH_TFL_AE_STEPS ?? 3);
const ONLY = process.env.BENCH_ONLY?.split(',');
const selected = (id: string): boolean => ONLY === undefined || ONLY.includes(id);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;


/** MNIST-shaped rows: pixels in [0, 1), labels 0–9. */
function mnistLike(rows: number): { x: Float32Array; y: Int32Array } {
  const next = rng(7);
  return { x: Float32Array.from({ length: rows * 784 }, next), y: Int32Array.from({ length: rows }, () => Math.floor(next() * 10)) };
}

/** Step durations from batch begin to batch end, skipping the first `warmup` steps. */
class KfnStepTimer extends Callback {
  readonly samples: number[] = [];
  private t0 = 0;
  private seen = 0;
  constructor(private readonly warmup: number) {
    super();
  }
  override onTrainBatchBegin(): void {
    this.t0 = performance.now();
  }
  override onTrainBatchEnd(): void {
    if (this.seen++ >= this.warmup) this.samples.push(performance.now() - this.t0);
  }
  // The timer needs no values: it must not make fit read them from the device every step.
  override wantsBatchLogs(): boolean {
    return false;
  }
}

function tflStepTimer(warmup: number): { samples: number[]; callbacks: tfl.CustomCallbackArgs } {
  const samples: number[] = [];
  let t0 = 0;
  let seen = 0;
  return {
    samples,
    callbacks: {
      onBatchBegin: async () => {
        t0 = performance.now();
      },
      onBatchEnd: async () => {
        if (seen++ >= warmup) samples.push(performance.now() - t0);
      },
    },
  };
}

function kfnMlp(): Model {
  clearSession();
  const inputs = Input({ shape: [784], name: 'img' });
  let x = new Dense({ units: 64, activation: 'relu' }).apply(inputs);
  x = new Dense({ units: 64, activation: 'relu' }).apply(x);
  const model = new Model({ inputs, outputs: new Dense({ units: 10 }).apply(x), name: 'mnist_model' });
  model.compile({ optimizer: new RMSprop(), loss: new SparseCategoricalCrossentropy({ fromLogits: true }), metrics: ['accuracy'] });
  return model;
}

function tflMlp(): tfl.LayersModel {
  const inputs = tfl.input({ shape: [784] });
  let x = tfl.layers.dense({ units: 64, activation: 'relu' }).apply(inputs) as tfl.SymbolicTensor;
  x = tfl.layers.dense({ units: 64, activation: 'relu' }).apply(x) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs, outputs: tfl.layers.dense({ units: 10 }).apply(x) as tfl.SymbolicTensor });
  // tfjs-layers has no crossentropy from logits, and checks that custom losses get targets shaped
  // like the output: the same loss on one-hot targets (made once, outside the timed steps).
  const loss = (oneHot: tf.Tensor, logits: tf.Tensor): tf.Tensor => tf.losses.softmaxCrossEntropy(oneHot, logits);
  model.compile({ optimizer: tf.train.rmsprop(0.001, 0.9, 0, 1e-7), loss, metrics: ['accuracy'] });
  return model;
}

function kfnAutoencoder(): Model {
  clearSession();
  const input = Input({ shape: [28, 28, 1], name: 'img' });
  let x = new Conv2D({ filters: 16, kernelSize: 3, activation: 'relu' }).apply(input);
  x = new Conv2D({ filters: 32, kernelSize: 3, activation: 'relu' }).apply(x);
  x = new MaxPooling2D({ poolSize: 3 }).apply(x);
  x = new Conv2D({ filters: 32, kernelSize: 3, activation: 'relu' }).apply(x);
  x = new Conv2D({ filters: 16, kernelSize: 3, activation: 'relu' }).apply(x);
  x = new GlobalMaxPooling2D().apply(x);
  x = new Reshape({ targetShape: [4, 4, 1] }).apply(x);
  x = new Conv2DTranspose({ filters: 16, kernelSize: 3, activation: 'relu' }).apply(x);
  x = new Conv2DTranspose({ filters: 32, kernelSize: 3, activation: 'relu' }).apply(x);
  x = new UpSampling2D({ size: 3 }).apply(x);
  x = new Conv2DTranspose({ filters: 16, kernelSize: 3, activation: 'relu' }).apply(x);
  const output = new Conv2DTranspose({ filters: 1, kernelSize: 3, activation: 'relu' }).apply(x);
  const model = new Model({ inputs: input, outputs: output, name: 'autoencoder' });
  model.compile({ optimizer: new Adam(), loss: 'mse' });
  return model;
}

function tflAutoencoder(): tfl.LayersModel {
  const L = tfl.layers;
  const input = tfl.input({ shape: [28, 28, 1] });
  const stack = [
    L.conv2d({ filters: 16, kernelSize: 3, activation: 'relu' }),
    L.conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }),
    L.maxPooling2d({ poolSize: 3 }),
    L.conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }),
    L.conv2d({ filters: 16, kernelSize: 3, activation: 'relu' }),
    L.globalMaxPooling2d({}),
    L.reshape({ targetShape: [4, 4, 1] }),
    L.conv2dTranspose({ filters: 16, kernelSize: 3, activation: 'relu' }),
    L.conv2dTranspose({ filters: 32, kernelSize: 3, activation: 'relu' }),
    L.upSampling2d({ size: [3, 3] }),
    L.conv2dTranspose({ filters: 16, kernelSize: 3, activation: 'relu' }),
    L.conv2dTranspose({ filters: 1, kernelSize: 3, activation: 'relu' }),
  ];
  const output = stack.reduce<tfl.SymbolicTensor>((x, layer) => layer.apply(x) as tfl.SymbolicTensor, input);
  const model = tfl.model({ inputs: input, outputs: output });
  model.compile({ optimizer: tf.train.adam(0.001, 0.9, 0.999, 1e-7), loss: 'meanSquaredError' });
  return model;
}

interface Row {
  model: string;
  backend: string;
  kfn: number;
  tfl: number | string;
  target: string;
}

async function mlp(provider: BackendProvider, rows: Row[], target: string): Promise<void> {
  await useBackend(provider);
  const { x, y } = mnistLike(MLP_ROWS);
  const model = kfnMlp();
  const ref = tflMlp();
  const xs = tf.tensor2d(x, [MLP_ROWS, 784]);
  const ys = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(y, 'int32'), 10), 'float32'));
  const kt = new KfnStepTimer(20);
  const tt = tflStepTimer(20);
  // Epochs of each in alternation, so that drift in the machine's speed affects both alike.
  for (let round = 0; round < MLP_ROUNDS; round++) {
    await model.fit(x, y, { batchSize: 64, epochs: 1, validationSplit: 0.2, verbose: 0, callbacks: [kt] });
    await ref.fit(xs, ys, { batchSize: 64, epochs: 1, validationSplit: 0.2, verbose: 0, callbacks: tt.callbacks });
  }
  for (const w of model.weights) w.dispose();
  tf.dispose([xs, ys]);
  ref.dispose();
  rows.push({ model: 'MNIST MLP', backend: provider.name, kfn: median(kt.samples), tfl: median(tt.samples), target });
}

async function autoencoder(provider: BackendProvider, rows: Row[], target: string): Promise<void> {
  await useBackend(provider);
  const steps = 20; // 18 timed after 2 of warm-up: enough samples for a steady median on a shared machine
  const { x } = mnistLike(32 * steps);
  const model = kfnAutoencoder();
  const kt = new KfnStepTimer(2);
  await model.fit(x, x, { batchSize: 32, epochs: 1, verbose: 0, callbacks: [kt] });
  for (const w of model.weights) w.dispose();

  let tflMs: number | string;
  const ref = tflAutoencoder();
  const n = 32 * TFL_AE_STEPS;
  const xs = tf.tensor4d(x.subarray(0, n * 784), [n, 28, 28, 1]);
  try {
    const tt = tflStepTimer(1);
    await ref.fit(xs, xs, { batchSize: 32, epochs: 1, verbose: 0, callbacks: tt.callbacks });
    tflMs = median(tt.samples);
  } catch (e) {
    tflMs = `cannot train (${(e as Error).message.split('\n')[0]})`;
  }
  tf.dispose(xs);
  ref.dispose();
  rows.push({ model: 'conv autoencoder', backend: provider.name, kfn: median(kt.samples), tfl: tflMs, target });
}

const rows: Row[] = [];
if (selected('mlp-cpu')) await mlp(cpu, rows, '≥ 1.4× faster');
if (selected('mlp-wasm')) await mlp(wasm, rows, '≥ 3× faster');
if (selected('ae-cpu')) await autoencoder(cpu, rows, '≥ 10× faster');
if (selected('ae-wasm')) await autoencoder(wasm, rows, '≤ 144 ms (4× PyTorch)');

const ms = (v: number): string => `${v.toFixed(v < 10 ? 2 : 1)} ms`;
console.log('\nms per training step inside fit (median after warm-up; the MLPs fit epochs in alternation): kfn vs @tensorflow/tfjs-layers 4.22, same tfjs backend');
console.log(`${'model'.padEnd(18)}${'backend'.padEnd(9)}${'kfn'.padStart(11)}${'tfjs-layers'.padStart(14)}${'ratio'.padStart(9)}   target`);
for (const r of rows) {
  const tflCell = typeof r.tfl === 'number' ? ms(r.tfl).padStart(14) : '   —'.padEnd(14);
  const ratio = typeof r.tfl === 'number' ? `${(r.tfl / r.kfn).toFixed(1)}×`.padStart(9) : '—'.padStart(9);
  console.log(`${r.model.padEnd(18)}${r.backend.padEnd(9)}${ms(r.kfn).padStart(11)}${tflCell}${ratio}   ${r.target}`);
  if (typeof r.tfl === 'string') console.log(`${''.padEnd(27)}tfjs-layers: ${r.tfl}`);
}
