import type { Backend, ConvOptions, FusableActivation, PoolOptions, Tensor } from '../backend/backend.js';
import type { DType } from '../common/dtype.js';
import { sizeOf } from '../common/shape.js';
import { referenceBackend } from './reference-backend.js';

/**
 * The reference backend plus the convolution, pooling and reduction kernels, in plain
 * loops over NHWC data, for the conv/pooling/reshaping layer tests. TensorFlow's
 * conventions: 'same' pads `floor(total / 2)` before, average pooling skips padding.
 */
const ref = referenceBackend;
const data = (x: Tensor) => ref.readSync(x);
const out = (values: ArrayLike<number>, shape: readonly number[], dtype: DType = 'float32') => ref.tensor(Float32Array.from(values), shape, dtype);

/** Padding before the first element along one axis, and the output length (TF's rules). */
function window(len: number, k: number, s: number, d: number, padding: 'valid' | 'same'): { before: number; outLen: number } {
  const eff = (k - 1) * d + 1;
  if (padding === 'valid') return { before: 0, outLen: Math.floor((len - eff) / s) + 1 };
  const outLen = Math.ceil(len / s);
  return { before: Math.floor(Math.max((outLen - 1) * s + eff - len, 0) / 2), outLen };
}

const as4d = (shape: readonly number[]) => (shape.length === 3 ? [shape[0], 1, shape[1], shape[2]] : [...shape]) as [number, number, number, number];
const pairs = (v: readonly number[]) => (v.length === 1 ? [1, v[0] as number] : [...v]) as [number, number];

function activate(y: Tensor, act: FusableActivation): Tensor {
  if (act === 'linear') return y;
  if (act === 'relu') return ref.relu(y);
  if (act === 'relu6') return ref.relu6(y);
  if (act === 'sigmoid') return ref.sigmoid(y);
  throw new Error(`reference nn ops: fused activation ${act} is not implemented`);
}

function conv(x: Tensor, kernel: Tensor, bias: Tensor | null, act: FusableActivation, o: ConvOptions): Tensor {
  const [B, H, W, C] = as4d(x.shape);
  const ks = kernel.shape.length === 3 ? [1, ...kernel.shape] : kernel.shape;
  const [KH, KW, , F] = ks as [number, number, number, number];
  const [sh, sw] = pairs(o.strides);
  const [dh, dw] = pairs(o.dilationRate);
  const wh = window(H, KH, sh, dh, o.padding);
  const ww = window(W, KW, sw, dw, o.padding);
  const X = data(x);
  const K = data(kernel);
  const Y = new Float32Array(B * wh.outLen * ww.outLen * F);
  for (let b = 0; b < B; b++)
    for (let p = 0; p < wh.outLen; p++)
      for (let q = 0; q < ww.outLen; q++)
        for (let i = 0; i < KH; i++) {
          const h = p * sh - wh.before + i * dh;
          if (h < 0 || h >= H) continue;
          for (let j = 0; j < KW; j++) {
            const w = q * sw - ww.before + j * dw;
            if (w < 0 || w >= W) continue;
            for (let c = 0; c < C; c++) {
              const xv = X[((b * H + h) * W + w) * C + c] as number;
              const kBase = ((i * KW + j) * C + c) * F;
              const yBase = ((b * wh.outLen + p) * ww.outLen + q) * F;
              for (let f = 0; f < F; f++) Y[yBase + f] = (Y[yBase + f] as number) + xv * (K[kBase + f] as number);
            }
          }
        }
  const shape = x.shape.length === 3 ? [B, ww.outLen, F] : [B, wh.outLen, ww.outLen, F];
  const y = out(Y, shape);
  return activate(bias ? ref.add(y, bias) : y, act);
}

/** The gradient of `conv` with respect to its input: every input cell scatters through the kernel. */
function convTranspose(
  x: Tensor,
  kernel: Tensor,
  bias: Tensor | null,
  act: FusableActivation,
  outputShape: readonly number[],
  o: ConvOptions,
): Tensor {
  const [B, H, W, C] = as4d(x.shape);
  const [, OH, OW, F] = outputShape as [number, number, number, number];
  const [KH, KW] = kernel.shape as [number, number, number, number];
  const [sh, sw] = pairs(o.strides);
  const [dh, dw] = pairs(o.dilationRate);
  const before = (outLen: number, inLen: number, k: number, s: number, d: number) =>
    o.padding === 'valid' ? 0 : Math.floor(Math.max((inLen - 1) * s + (k - 1) * d + 1 - outLen, 0) / 2);
  const ph = before(OH, H, KH, sh, dh);
  const pw = before(OW, W, KW, sw, dw);
  const X = data(x);
  const K = data(kernel);
  const Y = new Float32Array(B * OH * OW * F);
  for (let b = 0; b < B; b++)
    for (let h = 0; h < H; h++)
      for (let w = 0; w < W; w++)
        for (let i = 0; i < KH; i++) {
          const p = h * sh - ph + i * dh;
          if (p < 0 || p >= OH) continue;
          for (let j = 0; j < KW; j++) {
            const q = w * sw - pw + j * dw;
            if (q < 0 || q >= OW) continue;
            for (let f = 0; f < F; f++) {
              let s = 0;
              for (let c = 0; c < C; c++) s += (X[((b * H + h) * W + w) * C + c] as number) * (K[((i * KW + j) * F + f) * C + c] as number);
              Y[((b * OH + p) * OW + q) * F + f] = (Y[((b * OH + p) * OW + q) * F + f] as number) + s;
            }
          }
        }
  const y = out(Y, outputShape);
  return activate(bias ? ref.add(y, bias) : y, act);
}

function pool(x: Tensor, o: PoolOptions, mode: 'max' | 'avg'): Tensor {
  const [B, H, W, C] = x.shape as [number, number, number, number];
  const [KH, KW] = o.poolSize as [number, number];
  const [sh, sw] = o.strides as [number, number];
  const wh = window(H, KH, sh, 1, o.padding);
  const ww = window(W, KW, sw, 1, o.padding);
  const X = data(x);
  const Y: number[] = [];
  for (let b = 0; b < B; b++)
    for (let p = 0; p < wh.outLen; p++)
      for (let q = 0; q < ww.outLen; q++)
        for (let c = 0; c < C; c++) {
          let acc = mode === 'max' ? -Infinity : 0;
          let n = 0;
          for (let i = 0; i < KH; i++)
            for (let j = 0; j < KW; j++) {
              const h = p * sh - wh.before + i;
              const w = q * sw - ww.before + j;
              if (h < 0 || h >= H || w < 0 || w >= W) continue;
              const v = X[((b * H + h) * W + w) * C + c] as number;
              acc = mode === 'max' ? Math.max(acc, v) : acc + v;
              n++;
            }
          Y.push(mode === 'max' ? acc : acc / n);
        }
  return out(Y, [B, wh.outLen, ww.outLen, C]);
}

function reduce(x: Tensor, axes: number | readonly number[] | undefined, keepDims: boolean | undefined, f: 'max' | 'mean' | 'sum'): Tensor {
  const rank = x.shape.length;
  const ax = new Set((axes === undefined ? [...Array(rank).keys()] : typeof axes === 'number' ? [axes] : axes).map((a) => (a < 0 ? rank + a : a)));
  const kept = x.shape.map((d, i) => (ax.has(i) ? 1 : d));
  const X = data(x);
  const n = sizeOf(x.shape) / sizeOf(kept);
  const Y = new Float32Array(sizeOf(kept)).fill(f === 'max' ? -Infinity : 0);
  const strides = x.shape.map((_, i) => sizeOf(x.shape.slice(i + 1)));
  const kStrides = kept.map((_, i) => sizeOf(kept.slice(i + 1)));
  for (let e = 0; e < X.length; e++) {
    let k = 0;
    for (let i = 0; i < rank; i++) if (!ax.has(i)) k += (Math.floor(e / (strides[i] as number)) % (x.shape[i] as number)) * (kStrides[i] as number);
    Y[k] = f === 'max' ? Math.max(Y[k] as number, X[e] as number) : (Y[k] as number) + (f === 'mean' ? (X[e] as number) / n : (X[e] as number));
  }
  return out(Y, keepDims ? kept : x.shape.filter((_, i) => !ax.has(i)));
}

function upsampleNearest(x: Tensor, [sh, sw]: readonly [number, number]): Tensor {
  const [B, H, W, C] = x.shape as [number, number, number, number];
  const X = data(x);
  const Y: number[] = [];
  for (let b = 0; b < B; b++)
    for (let p = 0; p < H * sh; p++)
      for (let q = 0; q < W * sw; q++)
        for (let c = 0; c < C; c++) Y.push(X[((b * H + Math.floor(p / sh)) * W + Math.floor(q / sw)) * C + c] as number);
  return out(Y, [B, H * sh, W * sw, C]);
}

function slice(x: Tensor, begin: readonly number[], size: readonly number[]): Tensor {
  const sz = size.map((s, i) => (s === -1 ? (x.shape[i] as number) - (begin[i] as number) : s));
  const X = data(x);
  const Y: number[] = [];
  const strides = x.shape.map((_, i) => sizeOf(x.shape.slice(i + 1)));
  const visit = (axis: number, offset: number): void => {
    if (axis === x.shape.length) {
      Y.push(X[offset] as number);
      return;
    }
    for (let i = 0; i < (sz[axis] as number); i++) visit(axis + 1, offset + ((begin[axis] as number) + i) * (strides[axis] as number));
  };
  visit(0, 0);
  return out(Y, sz);
}

const extra: Partial<Backend> = {
  conv,
  convTranspose,
  maxPool: (x, o) => pool(x, o, 'max'),
  avgPool: (x, o) => pool(x, o, 'avg'),
  max: (x, axes, keepDims) => reduce(x, axes, keepDims, 'max'),
  mean: (x, axes, keepDims) => reduce(x, axes, keepDims, 'mean'),
  sum: (x, axes, keepDims) => reduce(x, axes, keepDims, 'sum'),
  // Element-wise, for the losses' tests.
  log: (x) => out(Array.from(data(x), Math.log), x.shape),
  neg: (x) => out(Array.from(data(x), (v) => -v), x.shape),
  clip: (x, lo, hi) => out(Array.from(data(x), (v) => Math.min(hi, Math.max(lo, v))), x.shape),
  upsampleNearest,
  slice,
  squeeze: (x, axes) => ref.reshape(x, x.shape.filter((d, i) => (axes ? !axes.includes(i) : d !== 1))),
  zerosLike: (x) => ref.zeros(x.shape, x.dtype as DType),
  leakyRelu: (x, alpha) => out(Array.from(data(x), (v) => (v < 0 ? alpha * v : v)), x.shape),
  where: (cond, a, b) => {
    const [c, av, bv] = [data(cond), data(ref.add(a, ref.zeros(cond.shape))), data(ref.add(b, ref.zeros(cond.shape)))];
    return out(Array.from(c, (v, i) => (v ? (av[i] as number) : (bv[i] as number))), cond.shape);
  },
};

/** `referenceBackend` with NN kernels; missing operations still throw, naming themselves. */
export const referenceNnBackend: Backend = new Proxy(ref, {
  get(target, prop: string) {
    return (extra as Record<string, unknown>)[prop] ?? (target as unknown as Record<string, unknown>)[prop];
  },
});
