import type { Backend, FusableActivation, Tensor, TypedArray, Variable } from '../backend/backend.js';
import type { DType } from '../common/dtype.js';
import { sizeOf } from '../common/shape.js';

/**
 * A slow, plain-JavaScript backend for @kfn/graph's own tests: layer math checked against
 * golden Keras outputs without a kernel library. It implements the operations the layers
 * under test use; any other one throws, naming itself.
 */
class RefTensor implements Variable {
  constructor(
    public shape: number[],
    public dtype: string,
    public data: Float32Array | Int32Array,
  ) {}
  assign(value: Tensor): void {
    this.data = (value as RefTensor).data.slice();
  }
}

const t = (x: Tensor) => x as RefTensor;
const make = (shape: readonly number[], dtype: string, data?: ArrayLike<number>): RefTensor => {
  const n = sizeOf(shape);
  const out = dtype === 'int32' || dtype === 'bool' ? new Int32Array(n) : new Float32Array(n);
  if (data) out.set(Array.from(data).slice(0, n).map((v) => (dtype === 'int32' ? Math.trunc(v) : v)));
  return new RefTensor([...shape], dtype, out);
};

function strides(shape: readonly number[]): number[] {
  const s = Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = (s[i + 1] as number) * (shape[i + 1] as number);
  return s;
}

/** Element-wise with NumPy broadcasting. */
function binary(a: Tensor, b: Tensor, f: (x: number, y: number) => number, dtype?: string): RefTensor {
  const A = t(a);
  const B = t(b);
  const rank = Math.max(A.shape.length, B.shape.length);
  const pad = (s: number[]) => [...Array<number>(rank - s.length).fill(1), ...s];
  const sa = pad(A.shape);
  const sb = pad(B.shape);
  const shape = sa.map((d, i) => Math.max(d, sb[i] as number));
  const out = make(shape, dtype ?? A.dtype);
  const [ta, tb, to] = [strides(sa), strides(sb), strides(shape)];
  for (let i = 0; i < out.data.length; i++) {
    let ia = 0;
    let ib = 0;
    for (let k = 0; k < rank; k++) {
      const idx = Math.floor(i / (to[k] as number)) % (shape[k] as number);
      if (sa[k] !== 1) ia += idx * (ta[k] as number);
      if (sb[k] !== 1) ib += idx * (tb[k] as number);
    }
    out.data[i] = f(A.data[ia] as number, B.data[ib] as number);
  }
  return out;
}

function unary(x: Tensor, f: (v: number) => number): RefTensor {
  const X = t(x);
  return new RefTensor([...X.shape], X.dtype, X.data.map(f));
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

function matMul(a: Tensor, b: Tensor, transposeA = false, transposeB = false): RefTensor {
  const A = t(a);
  const B = t(b);
  const [m, k] = (transposeA ? [A.shape[1], A.shape[0]] : A.shape) as [number, number];
  const n = (transposeB ? B.shape[0] : B.shape[1]) as number;
  const out = make([m, n], 'float32');
  const at = (i: number, j: number) => (transposeA ? A.data[j * m + i] : A.data[i * k + j]) as number;
  const bt = (i: number, j: number) => (transposeB ? B.data[j * k + i] : B.data[i * n + j]) as number;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += at(i, p) * bt(p, j);
      out.data[i * n + j] = s;
    }
  }
  return out;
}

/** Slices `x` along `axis` into pieces of the given sizes. */
function splitSizes(x: Tensor, sizes: readonly number[], axis: number): RefTensor[] {
  const X = t(x);
  const ax = axis < 0 ? X.shape.length + axis : axis;
  const outer = sizeOf(X.shape.slice(0, ax));
  const inner = sizeOf(X.shape.slice(ax + 1));
  const dim = X.shape[ax] as number;
  let start = 0;
  return sizes.map((size) => {
    const shape = [...X.shape];
    shape[ax] = size;
    const out = make(shape, X.dtype);
    for (let o = 0; o < outer; o++) {
      out.data.set(X.data.subarray((o * dim + start) * inner, (o * dim + start + size) * inner), o * size * inner);
    }
    start += size;
    return out;
  });
}

function concat(xs: readonly Tensor[], axis: number): RefTensor {
  const first = t(xs[0] as Tensor);
  const ax = axis < 0 ? first.shape.length + axis : axis;
  const shape = [...first.shape];
  shape[ax] = xs.reduce((n, x) => n + (x.shape[ax] as number), 0);
  const out = make(shape, first.dtype);
  const outer = sizeOf(first.shape.slice(0, ax));
  let offset = 0;
  for (const x of xs) {
    const X = t(x);
    const chunk = sizeOf(X.shape.slice(ax));
    for (let o = 0; o < outer; o++) out.data.set(X.data.subarray(o * chunk, (o + 1) * chunk), o * sizeOf(shape.slice(ax)) + offset);
    offset += chunk;
  }
  return out;
}

function reshape(x: Tensor, shape: readonly number[]): RefTensor {
  const X = t(x);
  const known = shape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  return new RefTensor(shape.map((d) => (d === -1 ? X.data.length / known : d)), X.dtype, X.data);
}

function activation(x: Tensor, act: FusableActivation): Tensor {
  if (act === 'relu') return unary(x, (v) => Math.max(0, v));
  if (act === 'sigmoid') return unary(x, sigmoid);
  if (act !== 'linear') throw new Error(`reference backend: fused activation ${act} is not implemented`);
  return x;
}

const impl: Partial<Backend> = {
  name: 'reference',
  tensor: (values: TypedArray | readonly number[], shape: readonly number[], dtype: DType = 'float32') => make(shape, dtype, values),
  variable: (initial: Tensor) => {
    const x = t(initial);
    return new RefTensor([...x.shape], x.dtype, x.data.slice());
  },
  read: async (x: Tensor) => t(x).data,
  readSync: (x: Tensor) => t(x).data,
  dispose: () => {},
  tidy: <T>(fn: () => T) => fn(),
  keep: <T extends Tensor>(x: T) => x,
  numTensors: () => 0,
  add: (a, b) => binary(a, b, (x, y) => x + y),
  sub: (a, b) => binary(a, b, (x, y) => x - y),
  mul: (a, b) => binary(a, b, (x, y) => x * y),
  div: (a, b) => binary(a, b, (x, y) => x / y),
  maximum: (a, b) => binary(a, b, Math.max),
  minimum: (a, b) => binary(a, b, Math.min),
  greater: (a, b) => binary(a, b, (x, y) => Number(x > y), 'bool'),
  cast: (x, dtype) => make(x.shape, dtype, t(x).data),
  scalar: (value, dtype = 'float32') => make([], dtype, [value]),
  zeros: (shape, dtype = 'float32') => make(shape, dtype),
  ones: (shape, dtype = 'float32') => make(shape, dtype, Array<number>(sizeOf(shape)).fill(1)),
  sigmoid: (x) => unary(x, sigmoid),
  tanh: (x) => unary(x, Math.tanh),
  relu: (x) => unary(x, (v) => Math.max(0, v)),
  relu6: (x) => unary(x, (v) => Math.min(6, Math.max(0, v))),
  matMul,
  dense: (x, kernel, bias, act) => activation(bias ? binary(matMul(x, kernel), bias, (p, q) => p + q) : matMul(x, kernel), act),
  reshape,
  concat,
  split: (x, numOrSizes, axis) => {
    const dim = x.shape[axis < 0 ? x.shape.length + axis : axis] as number;
    const sizes = typeof numOrSizes === 'number' ? Array<number>(numOrSizes).fill(dim / numOrSizes) : numOrSizes;
    return splitSizes(x, sizes, axis);
  },
  unstack: (x, axis) => {
    const ax = axis < 0 ? x.shape.length + axis : axis;
    const parts = splitSizes(x, Array<number>(x.shape[ax] as number).fill(1), ax);
    return parts.map((p) => reshape(p, p.shape.filter((_, i) => i !== ax)));
  },
  stack: (xs, axis) => {
    const ax = axis < 0 ? (xs[0] as Tensor).shape.length + 1 + axis : axis;
    return concat(xs.map((x) => reshape(x, [...x.shape.slice(0, ax), 1, ...x.shape.slice(ax)])), ax);
  },
  expandDims: (x, axis) => {
    const ax = axis < 0 ? x.shape.length + 1 + axis : axis;
    return reshape(x, [...x.shape.slice(0, ax), 1, ...x.shape.slice(ax)]);
  },
  gather: (params, indices, axis) => {
    if (axis !== 0) throw new Error('reference backend: gather supports axis 0 only');
    const P = t(params);
    const I = t(indices);
    const row = sizeOf(P.shape.slice(1));
    const out = make([...I.shape, ...P.shape.slice(1)], P.dtype);
    I.data.forEach((ix, n) => out.data.set(P.data.subarray(ix * row, (ix + 1) * row), n * row));
    return out;
  },
  randomUniform: (shape, min, max) => make(shape, 'float32', Array.from({ length: sizeOf(shape) }, () => min + (max - min) * Math.random())),
};

/** The reference backend; methods it lacks throw `reference backend: <op> is not implemented`. */
export const referenceBackend: Backend = new Proxy(impl as Backend, {
  get(target, prop: string) {
    const v = (target as unknown as Record<string, unknown>)[prop];
    if (v === undefined && prop !== 'then' && prop !== 'load') {
      return () => {
        throw new Error(`reference backend: ${prop} is not implemented`);
      };
    }
    return v;
  },
});
