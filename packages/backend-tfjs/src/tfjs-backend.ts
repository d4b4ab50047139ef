import {
  BackendError,
  type Backend,
  type DType,
  type FusableActivation,
  type PoolOptions,
  type Tensor,
  type TypedArray,
  type Variable,
} from '@kfn/graph';
// Type-only: the cpu, wasm and node packages pass their own tfjs-core instance, so that
// one instance exists at run time (tfjs's engine and kernel registry are global to it).
import type * as tfc from '@tensorflow/tfjs-core';
import { conv2dTransposeWithGrad, conv2dWithGrad } from './gradients/conv.js';
import { matMul as fastMatMul, type GradContext } from './gradients/custom-op.js';
import { DirectKernels } from './direct-kernel.js';
import { KfnApplyAdam, KfnApplyRMSProp, type KfnApplyAdamAttrs, type KfnApplyRMSPropAttrs } from './kernel-names.js';
import { denseWithGrad } from './gradients/dense.js';
import { gatherWithGrad } from './gradients/gather.js';
import { maxPoolWithGrad } from './gradients/max-pool.js';
import { upsampleWithGrad } from './gradients/upsample.js';

/** The tfjs-core module namespace (`import * as tf from '@tensorflow/tfjs-core'`). */
export type TfjsCore = typeof tfc;

type T = tfc.Tensor;
type TfDType = 'float32' | 'int32' | 'bool' | 'string';

const t = (x: Tensor): T => x as unknown as T;
const ts = (xs: readonly Tensor[]): T[] => xs as unknown as T[];

/** tfjs has four dtypes: wider or narrower Keras dtypes map to the nearest. */
export function toTfjsDtype(dtype: DType | undefined): TfDType | undefined {
  switch (dtype) {
    case undefined:
      return undefined;
    case 'int32':
    case 'int64':
    case 'int8':
    case 'uint8':
      return 'int32';
    case 'bool':
      return 'bool';
    case 'string':
      return 'string';
    default:
      return 'float32';
  }
}

// tfjs variable names live in one engine-wide registry shared with any other tfjs user in the
// process (tfjs-layers names its own `dense/kernel_N`): a `kfn/` prefix and a process-wide
// counter keep kfn's apart.
let variableCounter = 0;

function uniqueVariableName(tf: TfjsCore, name: string): string {
  const registered = tf.engine().registeredVariables;
  let candidate: string;
  do candidate = `kfn/${name}_${variableCounter++}`;
  while (candidate in registered);
  return candidate;
}

/** Kernel inputs by name, leaving out the optional ones absent (`null`). */
function present(inputs: Record<string, Tensor | null>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [name, x] of Object.entries(inputs)) if (x !== null) out[name] = x as unknown as T;
  return out;
}

/** Assigns a fused optimizer kernel's outputs, in order, to the variables given (absent slots skipped). */
function assignAll(variables: readonly (Variable | null)[], values: readonly T[]): void {
  const given = variables.filter((v): v is Variable => v !== null);
  given.forEach((v, i) => v.assign(values[i] as unknown as Tensor));
}

function lastAxis(x: T, axis: number): boolean {
  return axis === -1 || axis === x.rank - 1;
}

/**
 * kfn's `Backend` over tfjs-core, with the fastest tfjs form of each kernel
 * (`fused.matMul` for dense, `fused.conv2d` for 1-D and 2-D convolutions).
 * `name` is the tfjs backend to compute on; it must be registered and active.
 */
export interface TfjsBackendOptions {
  /**
   * Fuse activations into `dense` and `conv` kernels (default true; bias is always fused);
   * `false` runs the activation as its own kernel. Fused is as fast or faster on cpu and on
   * wasm 4.22 when the kernel is called directly (a 1×784·784×64 relu dense on wasm: 5.7 µs
   * against 7.2 µs), and saves a kernel per layer.
   */
  fuseActivations?: boolean;
  /**
   * kfn's own backward passes for `dense`, `conv`, `convTranspose` and row `gather` (default
   * true): matMul-speed filter gradients, and gradients for kernels a backend lacks. `false`
   * keeps tfjs's registered gradients (the conformance suite's reference).
   */
  customGradients?: boolean;
  /** Weight gradients `xᵀ·g` as an explicit transpose then a plain matMul (wasm 4.22: 10× faster). */
  explicitTranspose?: boolean;
  /** Transposed convolutions as stride-1 convolutions (see `GradContext.transposedConvAsConv`). */
  transposedConvAsConv?: boolean;
  /** Max-pool gradients from common kernels instead of the backend's MaxPoolGrad (wasm 4.22's is wrong). */
  maxPoolGradFromOps?: boolean;
  /**
   * Large bias gradients (conv layers) as ones-row matrix products, not tfjs's Sum (cpu with kfn's
   * kernels: 80× faster; wasm: slower, as XNNPACK packs the whole operand per call).
   */
  largeSumsAsProducts?: boolean;
  /**
   * Use kfn's own kernels (`KfnMatMul`, `KfnApplyRMSProp`, `KfnApplyAdam`) where a backend
   * package registered them (default true); `false` computes with tfjs's kernels alone (the
   * conformance suite's reference).
   */
  kfnKernels?: boolean;
}

export function createTfjsBackend(tf: TfjsCore, name: string, options: TfjsBackendOptions = {}): Backend {
  const dt = toTfjsDtype;
  const fuseActivations = options.fuseActivations ?? true;
  const applyActivation = (y: T, a: FusableActivation): T => {
    switch (a) {
      case 'linear':
        return y;
      case 'relu':
        return tf.relu(y);
      case 'relu6':
        return tf.relu6(y);
      case 'sigmoid':
        return tf.sigmoid(y);
      case 'elu':
        return tf.elu(y);
      case 'leakyrelu':
        return tf.leakyRelu(y, 0.2);
    }
  };
  const fused = <R extends T>(a: FusableActivation, run: (act: FusableActivation) => R): T =>
    fuseActivations || a === 'linear' ? run(a) : applyActivation(run('linear'), a);
  const custom = options.customGradients ?? true;
  const grad: GradContext = {
    tf,
    name,
    explicitTranspose: options.explicitTranspose ?? false,
    transposedConvAsConv: options.transposedConvAsConv ?? false,
    fuseActivations,
    kernels: new DirectKernels(tf, name, options.kfnKernels ?? true),
    largeSumsAsProducts: options.largeSumsAsProducts ?? false,
  };

  // Keras's 1-D ops run as 2-D tfjs ops on an inserted height of 1 (as tfjs's conv1d does).
  const as2d = (x: T): T => tf.expandDims(x, 1);
  const from2d = (y: T): T => tf.squeeze(y, [1]);

  const maxPool2d = custom && options.maxPoolGradFromOps ? maxPoolWithGrad.bind(null, grad) : tf.maxPool;
  const pool = (kind: 'max' | 'avg', x: Tensor, o: PoolOptions): Tensor => {
    const op = kind === 'max' ? maxPool2d : tf.avgPool;
    const x0 = t(x);
    if (x0.rank === 3) {
      return from2d(op(as2d(x0) as tfc.Tensor4D, [1, o.poolSize[0] as number], [1, o.strides[0] as number], o.padding));
    }
    if (x0.rank !== 4) {
      throw new BackendError(`Backend "${name}": ${kind}Pool expects a rank-3 or rank-4 input; received rank ${x0.rank}.`);
    }
    return op(x0 as tfc.Tensor4D, o.poolSize as [number, number], o.strides as [number, number], o.padding);
  };

  const softmaxAny = (x: Tensor, axis: number, log: boolean): Tensor => {
    const x0 = t(x);
    if (lastAxis(x0, axis)) return log ? tf.logSoftmax(x0) : tf.softmax(x0);
    // tfjs only has last-axis kernels; the stable formula works on any axis.
    return tf.tidy(() => {
      const shifted = tf.sub(x0, tf.max(x0, axis, true));
      const lse = tf.log(tf.sum(tf.exp(shifted), axis, true));
      return log ? tf.sub(shifted, lse) : tf.exp(tf.sub(shifted, lse));
    });
  };

  const backend: Backend = {
    name,

    tensor: (values, shape, dtype) =>
      tf.tensor(values as TypedArray | number[], shape as number[], dt(dtype) ?? (values instanceof Int32Array ? 'int32' : 'float32')),
    variable: (initial, trainable, varName) => tf.variable(t(initial), trainable, uniqueVariableName(tf, varName)) as unknown as Variable,
    read: (x) => t(x).data() as Promise<TypedArray>,
    readSync: (x) => t(x).dataSync() as TypedArray,
    dispose: (x) => tf.dispose(x as unknown as T | T[]),
    tidy: <R>(fn: () => R): R => tf.tidy(fn as unknown as () => tfc.TensorContainer) as unknown as R,
    keep: (x) => tf.keep(t(x)) as unknown as typeof x,
    numTensors: () => tf.memory().numTensors,

    add: (a, b) => tf.add(t(a), t(b)),
    sub: (a, b) => tf.sub(t(a), t(b)),
    mul: (a, b) => tf.mul(t(a), t(b)),
    div: (a, b) => tf.div(t(a), t(b)),
    maximum: (a, b) => tf.maximum(t(a), t(b)),
    minimum: (a, b) => tf.minimum(t(a), t(b)),
    pow: (a, b) => tf.pow(t(a), t(b)),
    neg: (x) => tf.neg(t(x)),
    abs: (x) => tf.abs(t(x)),
    exp: (x) => tf.exp(t(x)),
    log: (x) => tf.log(t(x)),
    log1p: (x) => tf.log1p(t(x)),
    sqrt: (x) => tf.sqrt(t(x)),
    square: (x) => tf.square(t(x)),
    sign: (x) => tf.sign(t(x)),
    clip: (x, min, max) => tf.clipByValue(t(x), min, max),
    cast: (x, dtype) => tf.cast(t(x), dt(dtype) as TfDType),
    equal: (a, b) => tf.equal(t(a), t(b)),
    greater: (a, b) => tf.greater(t(a), t(b)),
    where: (c, a, b) => tf.where(t(c), t(a), t(b)),
    scalar: (value, dtype) => tf.scalar(value, dt(dtype) ?? 'float32'),
    zeros: (shape, dtype) => tf.zeros(shape as number[], dt(dtype) ?? 'float32'),
    ones: (shape, dtype) => tf.ones(shape as number[], dt(dtype) ?? 'float32'),
    zerosLike: (x) => tf.zerosLike(t(x)),
    onesLike: (x) => tf.onesLike(t(x)),

    relu: (x) => tf.relu(t(x)),
    relu6: (x) => tf.relu6(t(x)),
    leakyRelu: (x, alpha) => tf.leakyRelu(t(x), alpha),
    elu: (x) => tf.elu(t(x)),
    selu: (x) => tf.selu(t(x)),
    sigmoid: (x) => tf.sigmoid(t(x)),
    tanh: (x) => tf.tanh(t(x)),
    softplus: (x) => tf.softplus(t(x)),
    softmax: (x, axis) => softmaxAny(x, axis, false),
    logSoftmax: (x, axis) => softmaxAny(x, axis, true),
    erf: (x) => tf.erf(t(x)),

    matMul: (a, b, transposeA = false, transposeB = false) => fastMatMul(grad, t(a), t(b), { transposeA, transposeB }),
    // kfn's backward passes take the activation in (applied after the kernel when not fused).
    dense: (x, kernel, bias, activation) =>
      custom
        ? denseWithGrad(grad, t(x), t(kernel), bias ? t(bias) : null, activation)
        : fused(activation, (act) => tf.fused.matMul({ a: t(x), b: t(kernel), bias: bias ? t(bias) : undefined, activation: act })),
    conv: (x, kernel, bias, activation, o) => {
      const k = t(kernel);
      if (k.rank !== 3 && k.rank !== 4) {
        throw new BackendError(`Backend "${name}": conv expects a rank-3 (1-D) or rank-4 (2-D) kernel; received rank ${k.rank}.`);
      }
      const oneD = k.rank === 3;
      const x4 = (oneD ? as2d(t(x)) : t(x)) as tfc.Tensor4D;
      const filter = (oneD ? tf.expandDims(k, 0) : k) as tfc.Tensor4D;
      const strides = (oneD ? [1, o.strides[0]] : o.strides) as [number, number];
      const dilations = (oneD ? [1, o.dilationRate[0]] : o.dilationRate) as [number, number];
      const b = bias ? t(bias) : null;
      const y = custom
        ? conv2dWithGrad(grad, x4, filter, b, activation, strides, o.padding, dilations)
        : fused(activation, (act) =>
            tf.fused.conv2d({ x: x4, filter, strides, pad: o.padding, dataFormat: 'NHWC', dilations, bias: b ?? undefined, activation: act }),
          );
      return oneD ? from2d(y) : y;
    },
    convTranspose: (x, kernel, bias, activation, outputShape, o) => {
      if (o.dilationRate.some((d) => d !== 1)) {
        throw new BackendError(
          `Backend "${name}": convTranspose supports dilation_rate=1 only (tfjs has no dilated transposed convolution); received ${JSON.stringify(o.dilationRate)}.`,
        );
      }
      const x0 = t(x) as tfc.Tensor4D;
      // Keras's (kh, kw, out, in) kernel is tfjs's conv2dTranspose filter layout.
      const shape = (outputShape.length === 3 ? [x0.shape[0], ...outputShape] : outputShape) as [number, number, number, number];
      const strides = o.strides as [number, number];
      const b = bias ? t(bias) : null;
      if (custom) return conv2dTransposeWithGrad(grad, x0, t(kernel) as tfc.Tensor4D, b, activation, shape, strides, o.padding);
      const y = tf.conv2dTranspose(x0, t(kernel) as tfc.Tensor4D, shape, strides, o.padding);
      return applyActivation(b ? tf.add(y, b) : y, activation);
    },
    maxPool: (x, o) => pool('max', x, o),
    avgPool: (x, o) => pool('avg', x, o),
    upsampleNearest: (x, [sh, sw]) => {
      if (custom) return upsampleWithGrad(grad, t(x) as tfc.Tensor4D, sh, sw);
      const [b, h, w, c] = t(x).shape as [number, number, number, number];
      // Repeat columns then rows with rank-3 tiles: tfjs has gradients for tile up to rank 4 only.
      const cols = tf.reshape(tf.tile(tf.reshape(t(x), [b * h * w, 1, c]), [1, sw, 1]), [b * h, 1, w * sw * c]);
      return tf.reshape(tf.tile(cols, [1, sh, 1]), [b, h * sh, w * sw, c]);
    },

    reshape: (x, shape) => tf.reshape(t(x), shape as number[]),
    transpose: (x, perm) => tf.transpose(t(x), perm as number[] | undefined),
    concat: (xs, axis) => tf.concat(ts(xs), axis),
    slice: (x, begin, size) => tf.slice(t(x), begin as number[], size as number[]),
    split: (x, numOrSizes, axis) => tf.split(t(x), numOrSizes as number | number[], axis),
    stack: (xs, axis) => tf.stack(ts(xs), axis),
    unstack: (x, axis) => tf.unstack(t(x), axis),
    gather: (params, indices, axis) => {
      const i0 = t(indices);
      const i = i0.dtype === 'int32' ? i0 : tf.cast(i0, 'int32');
      return custom ? gatherWithGrad(grad, t(params), i, axis) : tf.gather(t(params), i, axis);
    },
    expandDims: (x, axis) => tf.expandDims(t(x), axis),
    squeeze: (x, axes) => tf.squeeze(t(x), axes as number[] | undefined),
    tile: (x, reps) => tf.tile(t(x), reps as number[]),
    oneHot: (indices, depth) => {
      const i = t(indices);
      // tfjs-backend-wasm's OneHot writes int32 values whatever `dtype` says: ask for int32, then cast.
      return tf.tidy(() => tf.cast(tf.oneHot(i.dtype === 'int32' ? i : tf.cast(i, 'int32'), depth, 1, 0, 'int32'), 'float32'));
    },

    sum: (x, axes, keepDims = false) => tf.sum(t(x), axes as number | number[] | undefined, keepDims),
    mean: (x, axes, keepDims = false) => tf.mean(t(x), axes as number | number[] | undefined, keepDims),
    max: (x, axes, keepDims = false) => tf.max(t(x), axes as number | number[] | undefined, keepDims),
    min: (x, axes, keepDims = false) => tf.min(t(x), axes as number | number[] | undefined, keepDims),
    argMax: (x, axis) => tf.argMax(t(x), axis),

    randomUniform: (shape, min, max, seed) => tf.randomUniform(shape as number[], min, max, 'float32', seed),

    valueAndGrads: (f, variables) => {
      const vars = variables as unknown as tfc.Variable[];
      const trainable = vars.filter((v) => v.trainable);
      if (trainable.length === 0) {
        const value = f();
        return { value, grads: vars.map((v) => tf.zerosLike(v)) };
      }
      const { value, grads } = tf.variableGrads(() => {
        const y = t(f());
        if (y.rank !== 0) {
          throw new BackendError(`Backend "${name}": valueAndGrads expects f() to return a scalar; received shape [${y.shape.join(', ')}].`);
        }
        return y as tfc.Scalar;
      }, trainable);
      // tfjs keys gradients by variable name and omits variables f() does not use (and
      // non-trainable ones): kfn returns one gradient per variable, in the order given.
      return { value, grads: vars.map((v) => grads[v.name] ?? tf.zerosLike(v)) };
    },
  };
  // Fused optimizer steps where the backend package registered kernels for them (cpu).
  const { kernels } = grad;
  if (kernels.has(KfnApplyRMSProp)) {
    backend.applyRmsprop = (s) => {
      const { variable, grad, lr, velocity, momentum, averageGradient } = s;
      const attrs: KfnApplyRMSPropAttrs = { rho: s.rho, momentum: s.momentumDecay, epsilon: s.epsilon };
      const inputs = present({ variable, grad, lr, velocity, momentum, averageGradient });
      assignAll([variable, velocity, momentum, averageGradient], kernels.run(KfnApplyRMSProp, inputs, attrs));
    };
  }
  if (kernels.has(KfnApplyAdam)) {
    backend.applyAdam = (s) => {
      const { variable, grad, lr, step, m, v, vHat } = s;
      const attrs: KfnApplyAdamAttrs = { beta1: s.beta1, beta2: s.beta2, epsilon: s.epsilon };
      assignAll([variable, m, v, vHat], kernels.run(KfnApplyAdam, present({ variable, grad, lr, step, m, v, vHat }), attrs));
    };
  }
  return backend;
}
