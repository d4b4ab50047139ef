import type { DType } from '../common/dtype.js';

/**
 * The one interface between kfn and a kernel library. `@kfn/graph` only defines it;
 * `@kfn/backend-cpu`, `-wasm` and `-node` implement it (once, over tfjs-core).
 * Layers express their math with these operations and never import a kernel library.
 */

/** A concrete tensor owned by a backend. kfn only reads its shape and dtype. */
export interface Tensor {
  readonly shape: number[];
  readonly dtype: string;
}

/** A mutable tensor (a weight, an optimizer slot). */
export interface Variable extends Tensor {
  assign(value: Tensor): void;
}

export type TypedArray = Float32Array | Int32Array | Uint8Array;
export type Padding = 'valid' | 'same';

/** Activations a backend may fuse into `dense` / `conv`. */
export type FusableActivation = 'linear' | 'relu' | 'relu6' | 'sigmoid' | 'elu' | 'leakyrelu';

export interface ConvOptions {
  strides: readonly number[];
  padding: Padding;
  dilationRate: readonly number[];
}

export interface PoolOptions {
  poolSize: readonly number[];
  strides: readonly number[];
  padding: Padding;
}

export interface Backend {
  readonly name: string;

  // Memory. Tensors made inside `tidy` are freed when it returns, except those it returns or `keep`s.
  tensor(values: TypedArray | readonly number[], shape: readonly number[], dtype?: DType): Tensor;
  variable(initial: Tensor, trainable: boolean, name: string): Variable;
  read(x: Tensor): Promise<TypedArray>;
  readSync(x: Tensor): TypedArray;
  dispose(x: Tensor | readonly Tensor[]): void;
  tidy<T>(fn: () => T): T;
  keep<T extends Tensor>(x: T): T;
  numTensors(): number;

  // Element-wise, with broadcasting.
  add(a: Tensor, b: Tensor): Tensor;
  sub(a: Tensor, b: Tensor): Tensor;
  mul(a: Tensor, b: Tensor): Tensor;
  div(a: Tensor, b: Tensor): Tensor;
  maximum(a: Tensor, b: Tensor): Tensor;
  minimum(a: Tensor, b: Tensor): Tensor;
  pow(a: Tensor, b: Tensor): Tensor;
  neg(x: Tensor): Tensor;
  abs(x: Tensor): Tensor;
  exp(x: Tensor): Tensor;
  log(x: Tensor): Tensor;
  log1p(x: Tensor): Tensor;
  sqrt(x: Tensor): Tensor;
  square(x: Tensor): Tensor;
  sign(x: Tensor): Tensor;
  clip(x: Tensor, min: number, max: number): Tensor;
  cast(x: Tensor, dtype: DType): Tensor;
  equal(a: Tensor, b: Tensor): Tensor;
  greater(a: Tensor, b: Tensor): Tensor;
  where(condition: Tensor, a: Tensor, b: Tensor): Tensor;
  scalar(value: number, dtype?: DType): Tensor;
  zeros(shape: readonly number[], dtype?: DType): Tensor;
  ones(shape: readonly number[], dtype?: DType): Tensor;
  zerosLike(x: Tensor): Tensor;
  onesLike(x: Tensor): Tensor;

  // Activations.
  relu(x: Tensor): Tensor;
  relu6(x: Tensor): Tensor;
  leakyRelu(x: Tensor, alpha: number): Tensor;
  elu(x: Tensor): Tensor;
  selu(x: Tensor): Tensor;
  sigmoid(x: Tensor): Tensor;
  tanh(x: Tensor): Tensor;
  softplus(x: Tensor): Tensor;
  softmax(x: Tensor, axis: number): Tensor;
  logSoftmax(x: Tensor, axis: number): Tensor;
  erf(x: Tensor): Tensor;

  // Linear algebra and neural-network kernels (channels_last).
  matMul(a: Tensor, b: Tensor, transposeA?: boolean, transposeB?: boolean): Tensor;
  /** `activation(x · kernel + bias)` for rank-2 `x`; a backend may fuse it into one kernel. */
  dense(x: Tensor, kernel: Tensor, bias: Tensor | null, activation: FusableActivation): Tensor;
  /** 1-D or 2-D convolution, chosen by the kernel's rank (3 or 4); `activation(conv + bias)`. */
  conv(x: Tensor, kernel: Tensor, bias: Tensor | null, activation: FusableActivation, options: ConvOptions): Tensor;
  /** 2-D transposed convolution; `kernel` is Keras's `(kh, kw, out, in)`; `activation(convT + bias)`. */
  convTranspose(
    x: Tensor,
    kernel: Tensor,
    bias: Tensor | null,
    activation: FusableActivation,
    outputShape: readonly number[],
    options: ConvOptions,
  ): Tensor;
  maxPool(x: Tensor, options: PoolOptions): Tensor;
  avgPool(x: Tensor, options: PoolOptions): Tensor;
  /** Nearest-neighbour upsampling of a rank-4 `[b, h, w, c]` tensor by integer factors. */
  upsampleNearest(x: Tensor, size: readonly [number, number]): Tensor;

  // Shapes.
  reshape(x: Tensor, shape: readonly number[]): Tensor;
  transpose(x: Tensor, perm?: readonly number[]): Tensor;
  concat(xs: readonly Tensor[], axis: number): Tensor;
  slice(x: Tensor, begin: readonly number[], size: readonly number[]): Tensor;
  split(x: Tensor, numOrSizes: number | readonly number[], axis: number): Tensor[];
  stack(xs: readonly Tensor[], axis: number): Tensor;
  unstack(x: Tensor, axis: number): Tensor[];
  gather(params: Tensor, indices: Tensor, axis: number): Tensor;
  expandDims(x: Tensor, axis: number): Tensor;
  squeeze(x: Tensor, axes?: readonly number[]): Tensor;
  tile(x: Tensor, reps: readonly number[]): Tensor;
  oneHot(indices: Tensor, depth: number): Tensor;

  // Reductions (`axes` undefined: all axes).
  sum(x: Tensor, axes?: number | readonly number[], keepDims?: boolean): Tensor;
  mean(x: Tensor, axes?: number | readonly number[], keepDims?: boolean): Tensor;
  max(x: Tensor, axes?: number | readonly number[], keepDims?: boolean): Tensor;
  min(x: Tensor, axes?: number | readonly number[], keepDims?: boolean): Tensor;
  argMax(x: Tensor, axis: number): Tensor;

  // Randomness (dropout).
  randomUniform(shape: readonly number[], min: number, max: number, seed?: number): Tensor;

  /** Value of `f` and its gradients with respect to `variables` (in that order). */
  valueAndGrads(f: () => Tensor, variables: readonly Variable[]): { value: Tensor; grads: Tensor[] };

  /**
   * Optional fused optimizer steps, as TensorFlow's ApplyRMSProp and ApplyAdam training ops:
   * one pass over a weight where the backend has such a kernel, instead of about ten
   * element-wise ones. They assign the new values to the variables. Where a backend leaves
   * them out, the optimizers compose the same maths from the ops above.
   */
  applyRmsprop?(step: RMSpropStep): void;
  applyAdam?(step: AdamStep): void;
}

/** One weight's RMSprop step, Keras 3's maths (see `RMSprop`). */
export interface RMSpropStep {
  readonly variable: Variable;
  readonly grad: Tensor;
  /** Learning rate, a float32 scalar. */
  readonly lr: Tensor;
  readonly velocity: Variable;
  /** Present when `momentum > 0`. */
  readonly momentum: Variable | null;
  /** Present when centered. */
  readonly averageGradient: Variable | null;
  readonly rho: number;
  readonly momentumDecay: number;
  readonly epsilon: number;
}

/** One weight's Adam step, Keras 3's maths (see `Adam`). */
export interface AdamStep {
  readonly variable: Variable;
  readonly grad: Tensor;
  /** Learning rate, a float32 scalar. */
  readonly lr: Tensor;
  /** `t = iterations + 1`, a float32 scalar. */
  readonly step: Tensor;
  readonly m: Variable;
  readonly v: Variable;
  /** Present when amsgrad. */
  readonly vHat: Variable | null;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

/** What `useBackend` takes: a package's backend, loaded on first use (wasm needs to fetch its binary). */
export interface BackendProvider {
  readonly name: string;
  load(): Promise<Backend>;
}
