import type { Backend, FusableActivation, Tensor, TypedArray, Variable } from '../backend/backend.js';
import type { DType } from '../common/dtype.js';

/**
 * A tiny float32 backend in plain JavaScript for @kfn/graph's own tests (the graph package
 * depends on no kernel library). It implements the few ops the engine tests need, counts
 * live tensors and kernel calls, and throws on any other op.
 */
export interface HostBackend extends Backend {
  /** Kernel calls so far (`dense`, `concat`, ...), to prove validation happens before any runs. */
  readonly kernelCalls: number;
  /** The most tensors alive at once since the last `resetPeak()`. */
  readonly peakTensors: number;
  resetPeak(): void;
}

class HostTensor implements Tensor {
  disposed = false;
  constructor(
    readonly shape: number[],
    readonly dtype: string,
    public data: Float32Array | Int32Array,
  ) {}
}

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

export function createHostBackend(): HostBackend {
  let live = 0;
  let peak = 0;
  let kernelCalls = 0;
  const scopes: Set<HostTensor>[] = [];
  const kept = new Set<HostTensor>();

  const make = (data: Float32Array | Int32Array, shape: readonly number[], dtype = 'float32'): HostTensor => {
    const t = new HostTensor([...shape], dtype, data);
    live++;
    peak = Math.max(peak, live);
    scopes.at(-1)?.add(t);
    return t;
  };
  const h = (x: Tensor): HostTensor => {
    const t = x as HostTensor;
    if (t.disposed) throw new Error('host backend: tensor used after dispose');
    return t;
  };
  const free = (x: Tensor): void => {
    const t = x as HostTensor;
    if (t.disposed || kept.has(t)) return;
    t.disposed = true;
    live--;
  };
  const kernel = (): void => {
    kernelCalls++;
  };
  const unary = (x: Tensor, f: (v: number) => number): Tensor => {
    kernel();
    return make(h(x).data.map(f) as Float32Array, h(x).shape);
  };
  const activate = (v: number, a: FusableActivation): number =>
    a === 'relu' ? Math.max(0, v) : a === 'sigmoid' ? 1 / (1 + Math.exp(-v)) : v;

  const impl: Partial<HostBackend> = {
    name: 'host',
    get kernelCalls() {
      return kernelCalls;
    },
    get peakTensors() {
      return peak;
    },
    resetPeak: () => {
      peak = live;
    },
    tensor: (values, shape, dtype?: DType) =>
      make(dtype === 'int32' ? Int32Array.from(values as ArrayLike<number>) : Float32Array.from(values as ArrayLike<number>), shape, dtype),
    variable: (initial, _trainable, _name) => {
      const v = make(h(initial).data.slice(), h(initial).shape, h(initial).dtype) as HostTensor & Variable;
      scopes.at(-1)?.delete(v);
      v.assign = (value: Tensor) => {
        v.data = h(value).data.slice();
      };
      return v;
    },
    readSync: (x) => h(x).data as TypedArray,
    read: async (x) => h(x).data as TypedArray,
    dispose: (x) => {
      for (const t of Array.isArray(x) ? x : [x]) free(t as Tensor);
    },
    tidy: <R>(fn: () => R): R => {
      const scope = new Set<HostTensor>();
      scopes.push(scope);
      let result: R;
      try {
        result = fn();
      } finally {
        scopes.pop();
      }
      const out = new Set<unknown>(Array.isArray(result) ? result : [result]);
      for (const t of scope) {
        if (out.has(t)) scopes.at(-1)?.add(t);
        else free(t);
      }
      return result;
    },
    keep: (x) => {
      kept.add(x as unknown as HostTensor);
      return x;
    },
    numTensors: () => live,
    cast: (x, dtype) => {
      kernel();
      const d = h(x).data;
      return make(dtype === 'int32' ? Int32Array.from(d) : Float32Array.from(d), h(x).shape, dtype);
    },
    relu: (x) => unary(x, (v) => Math.max(0, v)),
    add: (a, b) => {
      kernel();
      const bd = h(b).data;
      return make(h(a).data.map((v, i) => v + (bd[i % bd.length] as number)) as Float32Array, h(a).shape);
    },
    reshape: (x, shape) => {
      const n = size(h(x).shape);
      const known = shape.filter((d) => d !== -1);
      return make(h(x).data.slice(), shape.map((d) => (d === -1 ? n / size(known) : d)), h(x).dtype);
    },
    dense: (x, kernelW, bias, activation) => {
      kernel();
      const [rows, inDim] = h(x).shape as [number, number];
      const units = h(kernelW).shape[1] as number;
      const xd = h(x).data;
      const kd = h(kernelW).data;
      const bd = bias ? h(bias).data : null;
      const out = new Float32Array(rows * units);
      for (let r = 0; r < rows; r++) {
        for (let u = 0; u < units; u++) {
          let s = bd ? (bd[u] as number) : 0;
          for (let i = 0; i < inDim; i++) s += (xd[r * inDim + i] as number) * (kd[i * units + u] as number);
          out[r * units + u] = activate(s, activation);
        }
      }
      return make(out, [rows, units]);
    },
    concat: (xs, axis) => {
      kernel();
      const rank = h(xs[0] as Tensor).shape.length;
      const ax = axis < 0 ? axis + rank : axis;
      const outer = size(h(xs[0] as Tensor).shape.slice(0, ax));
      const inners = xs.map((x) => size(h(x).shape.slice(ax)));
      const out = new Float32Array(outer * inners.reduce((a, b) => a + b, 0));
      let o = 0;
      for (let r = 0; r < outer; r++) {
        xs.forEach((x, j) => {
          const n = inners[j] as number;
          out.set(h(x).data.subarray(r * n, (r + 1) * n), o);
          o += n;
        });
      }
      const shape = [...h(xs[0] as Tensor).shape];
      shape[ax] = xs.reduce((s, x) => s + (h(x).shape[ax] as number), 0);
      return make(out, shape);
    },
  };
  return new Proxy(impl as HostBackend, {
    get(target, prop, receiver) {
      if (prop in target) return Reflect.get(target, prop, receiver);
      if (prop === 'then') return undefined;
      throw new Error(`host backend: op "${String(prop)}" is not implemented (tests only need a few).`);
    },
  });
}
