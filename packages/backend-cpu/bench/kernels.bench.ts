// kfn's own cpu kernels beside tfjs-backend-cpu 4.22's, in one process: KfnMatMul against
// tf.fused.matMul on an MNIST MLP's shapes (784 → 64 → 64 → 10; forward, xᵀ·dz, dz·Wᵀ), KfnConv2D
// against tf.fused.conv2d / tf.conv2d on a conv autoencoder's shapes (and its filter gradient),
// KfnApplyRMSProp / KfnApplyAdam against Keras's formulas composed of tfjs ops on a [784,64] weight.
// Run: cd packages/backend-cpu && npx tsx --conditions=@kfn/source bench/kernels.bench.ts [filter]
// (`filter`: run only the rows whose label contains it.)
// Timings of kernels with large outputs are bimodal between processes (the [784,64] optimizer
// kernels: ~0.3 ms or ~1.6 ms): glibc sometimes hands each fresh 200 KB output back to the OS and
// page-faults it in again on the next call. For stable numbers, prefix the command with
// `MALLOC_MMAP_THRESHOLD_=8000000 MALLOC_TRIM_THRESHOLD_=200000000`.
import { KfnApplyAdam, KfnApplyRMSProp, KfnConv2D, KfnConv2DBackpropFilter, KfnMatMul } from '@kfn/backend-tfjs';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { registerCpuKernels } from '../src/kernels/register.js';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** Median µs of `fn` after warm-up; runs for about `budgetMs`, and at least `minRuns` times (10 unless slow). */
function time(fn: () => void, budgetMs = 600, minRuns = 10): number {
  const t0 = performance.now();
  let warm = 0;
  while (performance.now() - t0 < budgetMs / 4 || warm < Math.min(5, minRuns)) (fn(), warm++);
  const samples: number[] = [];
  const t1 = performance.now();
  while (performance.now() - t1 < budgetMs || samples.length < minRuns) {
    const s = performance.now();
    fn();
    samples.push(performance.now() - s);
  }
  return median(samples) * 1000;
}

function row(label: string, ours: number, theirs: number): void {
  const fmt = (us: number) => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(1)} µs`);
  console.log(`${label.padEnd(44)} kfn ${fmt(ours).padStart(10)}   tfjs ${fmt(theirs).padStart(10)}   ${(theirs / ours).toFixed(1)}×`);
}

const filter = process.argv[2] ?? '';
const selected = (label: string): boolean => label.includes(filter);

await tf.setBackend('cpu');
registerCpuKernels(tf);

interface MatMulCase {
  label: string;
  a: number[];
  b: number[];
  transposeA?: boolean;
  transposeB?: boolean;
  bias?: boolean;
  activation?: 'linear' | 'relu';
}
const cases: MatMulCase[] = [
  { label: 'forward [1,784]·[784,64] +b relu', a: [1, 784], b: [784, 64], bias: true, activation: 'relu' },
  { label: 'forward [64,784]·[784,64] +b relu', a: [64, 784], b: [784, 64], bias: true, activation: 'relu' },
  { label: 'forward [1024,784]·[784,64] +b relu', a: [1024, 784], b: [784, 64], bias: true, activation: 'relu' },
  { label: 'forward [64,64]·[64,64] +b relu', a: [64, 64], b: [64, 64], bias: true, activation: 'relu' },
  { label: 'forward [64,64]·[64,10] +b', a: [64, 64], b: [64, 10], bias: true },
  { label: 'forward [1,64]·[64,64] +b relu', a: [1, 64], b: [64, 64], bias: true, activation: 'relu' },
  { label: 'dW xᵀ·dz [64,784]ᵀ·[64,64]', a: [64, 784], b: [64, 64], transposeA: true },
  { label: 'dW xᵀ·dz [64,64]ᵀ·[64,10]', a: [64, 64], b: [64, 10], transposeA: true },
  { label: 'dx dz·Wᵀ [64,64]·[10,64]ᵀ', a: [64, 64], b: [10, 64], transposeB: true },
  { label: 'dx dz·Wᵀ [64,64]·[64,64]ᵀ', a: [64, 64], b: [64, 64], transposeB: true },
  { label: 'dx dz·Wᵀ [64,10]·[64,10]ᵀ', a: [64, 10], b: [64, 10], transposeB: true },
];

console.log('KfnMatMul vs tf.fused.matMul (cpu), median after warm-up');
for (const c of cases.filter((c) => selected(c.label))) {
  const a = tf.randomUniform(c.a, -1, 1);
  const b = tf.randomUniform(c.b, -1, 1);
  const n = c.transposeB ? c.b[0]! : c.b[1]!;
  const bias = c.bias ? tf.randomUniform([n], -1, 1) : undefined;
  const transposeA = c.transposeA ?? false;
  const transposeB = c.transposeB ?? false;
  const activation = c.activation ?? 'linear';
  const inputs: tf.NamedTensorMap = bias ? { a, b, bias } : { a, b };
  const attrs = { transposeA, transposeB, activation, leakyreluAlpha: 0.2 };
  const budget = c.a[0]! >= 1024 ? 3000 : 600;
  const ours = time(() => (tf.engine().runKernel(KfnMatMul, inputs, attrs) as tf.Tensor).dispose(), budget);
  const theirs = time(() => tf.fused.matMul({ a, b, bias, transposeA, transposeB, activation }).dispose(), budget);
  row(c.label, ours, theirs);
  tf.dispose([a, b, ...(bias ? [bias] : [])]);
}

interface ConvCase {
  label: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  /** With bias and relu (tf.fused.conv2d), else linear without bias (tf.conv2d). */
  fused: boolean;
}
const convCases: ConvCase[] = [
  { label: 'conv x[32,28,28,1] f[3,3,1,16] +b relu', x: [32, 28, 28, 1], filter: [3, 3, 1, 16], fused: true },
  { label: 'conv x[32,26,26,16] f[3,3,16,32] +b relu', x: [32, 26, 26, 16], filter: [3, 3, 16, 32], fused: true },
  { label: 'conv x[32,8,8,32] f[3,3,32,32] +b relu', x: [32, 8, 8, 32], filter: [3, 3, 32, 32], fused: true },
  { label: 'conv dW x[16,26,26,32] f[24,24,32,32]', x: [16, 26, 26, 32], filter: [24, 24, 32, 32], fused: false },
];

console.log('\nKfnConv2D vs tf.fused.conv2d / tf.conv2d (cpu), valid padding, stride 1');
for (const c of convCases.filter((c) => selected(c.label))) {
  const x = tf.randomUniform(c.x, -1, 1) as tf.Tensor4D;
  const f = tf.randomUniform(c.filter, -1, 1) as tf.Tensor4D;
  const bias = c.fused ? (tf.randomUniform([c.filter[3]], -1, 1) as tf.Tensor1D) : undefined;
  const activation = c.fused ? 'relu' : 'linear';
  const inputs: tf.NamedTensorMap = bias ? { x, filter: f, bias } : { x, filter: f };
  const attrs = { strides: [1, 1], pad: [0, 0, 0, 0], dilations: [1, 1], activation, leakyreluAlpha: 0.2 };
  const ours = time(() => (tf.engine().runKernel(KfnConv2D, inputs, attrs) as tf.Tensor).dispose(), 3000);
  const theirs = time(
    () => (c.fused ? tf.fused.conv2d({ x, filter: f, strides: 1, pad: 'valid', bias, activation }) : tf.conv2d(x, f, 1, 'valid')).dispose(),
    3000,
  );
  row(c.label, ours, theirs);
  tf.dispose([x, f, ...(bias ? [bias] : [])]);
}

interface BackpropFilterCase {
  label: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  pad: [number, number, number, number];
}
const backpropFilterCases: BackpropFilterCase[] = [
  { label: 'dW x[32,28,28,1] dy[32,26,26,16] 3×3', x: [32, 28, 28, 1], filter: [3, 3, 1, 16], pad: [0, 0, 0, 0] },
  { label: 'dW x[32,26,26,16] dy[32,24,24,32] 3×3', x: [32, 26, 26, 16], filter: [3, 3, 16, 32], pad: [0, 0, 0, 0] },
  { label: 'dW x[32,8,8,32] dy[32,6,6,32] 3×3', x: [32, 8, 8, 32], filter: [3, 3, 32, 32], pad: [0, 0, 0, 0] },
];

console.log('\nKfnConv2DBackpropFilter vs Conv2DBackpropFilter (cpu), stride 1');
for (const c of backpropFilterCases.filter((c) => selected(c.label))) {
  const [n, h, w] = c.x;
  const [kh, kw, , oc] = c.filter;
  const [top, bottom, left, right] = c.pad;
  const x = tf.randomUniform(c.x, -1, 1) as tf.Tensor4D;
  const dy = tf.randomUniform([n, h + top + bottom - kh + 1, w + left + right - kw + 1, oc], -1, 1) as tf.Tensor4D;
  const attrs = { strides: [1, 1], pad: c.pad, dilations: [1, 1], filterShape: c.filter };
  const tfjsAttrs = { strides: [1, 1], pad: top + bottom + left + right === 0 ? 'valid' : 'same', dataFormat: 'NHWC', filterShape: c.filter };
  const ours = time(() => (tf.engine().runKernel(KfnConv2DBackpropFilter, { x, dy }, attrs) as tf.Tensor).dispose(), 3000);
  // tfjs's loop takes seconds on the big shapes: a few runs only.
  const theirs = time(() => (tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, tfjsAttrs) as tf.Tensor).dispose(), 3000, 3);
  row(c.label, ours, theirs);
  tf.dispose([x, dy]);
}

const shape = [784, 64];
const variable = tf.randomUniform(shape, -1, 1);
const grad = tf.randomUniform(shape, -1, 1);
const slot1 = tf.randomUniform(shape, 0, 1);
const slot2 = tf.randomUniform(shape, 0, 1);
const slot3 = tf.randomUniform(shape, 0, 1);
const lr = tf.scalar(0.001);
const step = tf.scalar(3);

console.log('\nOptimizer step on a [784,64] weight vs the composed tfjs ops (Keras formulas)');
for (const [label, momentum, centered] of [['RMSprop', false, false], ['RMSprop momentum+centered', true, true]] as const) {
  if (!selected(label)) continue;
  const rho = 0.9;
  const mu = 0.9;
  const epsilon = 1e-7;
  const inputs: tf.NamedTensorMap = { variable, grad, lr, velocity: slot1 };
  if (momentum) inputs['momentum'] = slot2;
  if (centered) inputs['averageGradient'] = slot3;
  const ours = time(() => tf.dispose(tf.engine().runKernel(KfnApplyRMSProp, inputs, { rho, momentum: momentum ? mu : 0, epsilon }) as tf.Tensor[]));
  const theirs = time(() =>
    tf.dispose(
      tf.tidy(() => {
        const vel = tf.add(tf.mul(tf.scalar(rho), slot1), tf.mul(tf.scalar(1 - rho), tf.square(grad)));
        const avg = centered ? tf.add(tf.mul(tf.scalar(rho), slot3), tf.mul(tf.scalar(1 - rho), grad)) : null;
        const denominator = avg ? tf.add(tf.sub(vel, tf.square(avg)), tf.scalar(epsilon)) : tf.add(vel, tf.scalar(epsilon));
        const increment = tf.div(tf.mul(lr, grad), tf.sqrt(denominator));
        const m = momentum ? tf.add(tf.mul(tf.scalar(mu), slot2), increment) : null;
        return [tf.sub(variable, m ?? increment), vel, ...(m ? [m] : []), ...(avg ? [avg] : [])];
      }),
    ),
  );
  row(label, ours, theirs);
}

for (const amsgrad of [false, true]) {
  if (!selected(amsgrad ? 'Adam amsgrad' : 'Adam')) continue;
  const beta1 = 0.9;
  const beta2 = 0.999;
  const epsilon = 1e-7;
  const inputs: tf.NamedTensorMap = { variable, grad, lr, step, m: slot2, v: slot1 };
  if (amsgrad) inputs['vHat'] = slot3;
  const ours = time(() => tf.dispose(tf.engine().runKernel(KfnApplyAdam, inputs, { beta1, beta2, epsilon }) as tf.Tensor[]));
  const theirs = time(() =>
    tf.dispose(
      tf.tidy(() => {
        const alpha = tf.div(tf.mul(lr, tf.sqrt(tf.sub(1, tf.pow(tf.scalar(beta2), step)))), tf.sub(1, tf.pow(tf.scalar(beta1), step)));
        const m = tf.add(slot2, tf.mul(tf.sub(grad, slot2), tf.scalar(1 - beta1)));
        const v = tf.add(slot1, tf.mul(tf.sub(tf.square(grad), slot1), tf.scalar(1 - beta2)));
        const vUsed = amsgrad ? tf.maximum(slot3, v) : v;
        const next = tf.sub(variable, tf.div(tf.mul(m, alpha), tf.add(tf.sqrt(vUsed), tf.scalar(epsilon))));
        return [next, m, v, ...(amsgrad ? [vUsed] : [])];
      }),
    ),
  );
  row(amsgrad ? 'Adam amsgrad' : 'Adam', ours, theirs);
}
