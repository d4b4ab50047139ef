import { ShapeError, ValueError } from './errors.js';

/** One dimension: a size, or `null` when unknown (the batch dimension, variable lengths). */
export type Dim = number | null;
/** A tensor shape with the batch dimension first, as Keras writes it: `[null, 784]`. */
export type Shape = readonly Dim[];

/** Python's repr of a shape tuple, as Keras prints it: `(None, 784)`, `(None,)`. */
export function formatShape(shape: Shape): string {
  const dims = shape.map((d) => (d === null ? 'None' : String(d)));
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}

/** Product of known dims; `null` if any dim is unknown. */
export function shapeSize(shape: Shape): number | null {
  let n = 1;
  for (const d of shape) {
    if (d === null) return null;
    n *= d;
  }
  return n;
}

/** Product of a fully known shape (weights). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Normalizes an `int | int[]` argument (kernel size, strides) to a tuple of `rank`. */
export function normalizeTuple(
  value: number | readonly number[],
  rank: number,
  argName: string,
): number[] {
  const tuple = typeof value === 'number' ? Array<number>(rank).fill(value) : [...value];
  if (tuple.length !== rank || !tuple.every((v) => Number.isInteger(v) && v >= 0)) {
    throw new ValueError(
      `The \`${argName}\` argument must be an int or a tuple of ${rank} non-negative ints. Received: ${argName}=${JSON.stringify(value)}`,
    );
  }
  return tuple;
}

/** Checks a tensor's rank against what a layer accepts. */
export function assertRank(
  layerName: string,
  shape: Shape,
  expected: { min?: number; max?: number; exact?: number },
  what = 'input',
): void {
  const r = shape.length;
  const { min, max, exact } = expected;
  const ok =
    (exact === undefined || r === exact) &&
    (min === undefined || r >= min) &&
    (max === undefined || r <= max);
  if (ok) return;
  const want =
    exact !== undefined
      ? `ndim=${exact}`
      : max === undefined
        ? `ndim>=${min}`
        : `${min ?? 0}<=ndim<=${max}`;
  throw new ShapeError(
    `Layer "${layerName}" expected its ${what} to have ${want}, but received a tensor of shape ${formatShape(shape)} (ndim=${r}).`,
  );
}

/** Output length of a conv/pool window along one axis (Keras's `compute_conv_output_shape`). */
export function convOutputLength(
  length: Dim,
  kernel: number,
  padding: 'valid' | 'same' | 'causal',
  stride: number,
  dilation = 1,
): Dim {
  if (length === null) return null;
  const effective = (kernel - 1) * dilation + 1;
  if (padding === 'same' || padding === 'causal') return Math.floor((length + stride - 1) / stride);
  return Math.floor((length - effective) / stride) + 1;
}

/** Output length of a transposed convolution along one axis (Keras's `deconv_output_length`). */
export function deconvOutputLength(
  length: Dim,
  kernel: number,
  padding: 'valid' | 'same',
  outputPadding: number | null,
  stride: number,
  dilation = 1,
): Dim {
  if (length === null) return null;
  const k = (kernel - 1) * dilation + 1;
  if (outputPadding === null) {
    return padding === 'valid' ? length * stride + Math.max(k - stride, 0) : length * stride;
  }
  const pad = padding === 'same' ? Math.floor(k / 2) : 0;
  return (length - 1) * stride + k - 2 * pad + outputPadding;
}
