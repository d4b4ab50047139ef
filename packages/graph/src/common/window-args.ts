// Arguments of the sliding-window layers (convolution, pooling, padding), checked as Keras does.
import { ShapeError, ValueError } from './errors.js';
import { formatShape, type Dim, type Shape } from './shape.js';

/**
 * Keras's `standardize_data_format`: `null`/`undefined` means channels_last. kfn's kernels
 * are NHWC, so channels_first is refused up front rather than computed on the wrong axis.
 */
export function standardizeDataFormat(value: string | null | undefined, layerName: string): 'channels_last' {
  if (value === null || value === undefined || value === 'channels_last') return 'channels_last';
  if (value === 'channels_first') {
    throw new ValueError(
      `Layer "${layerName}": kfn supports only data_format="channels_last" (NHWC). Received: data_format="channels_first"; transpose the input to channels_last instead.`,
    );
  }
  throw new ValueError(
    `Layer "${layerName}": the \`data_format\` argument must be "channels_last" or "channels_first". Received: data_format=${JSON.stringify(value)}`,
  );
}

/** Keras's `standardize_padding`: 'valid' | 'same' (and 'causal' where allowed), case-insensitive. */
export function standardizePadding<P extends string>(value: string | undefined, allowed: readonly P[], layerName: string): P {
  const padding = (value ?? 'valid').toLowerCase();
  if (!(allowed as readonly string[]).includes(padding)) {
    throw new ValueError(
      `Layer "${layerName}": the \`padding\` argument must be one of ${allowed.map((p) => `"${p}"`).join(', ')}. Received: padding=${JSON.stringify(value)}`,
    );
  }
  return padding as P;
}

/** Normalizes an `int | int[]` argument to `rank` strictly positive ints (kernel_size, strides, pool_size). */
export function positiveTuple(value: number | readonly number[], rank: number, argName: string, layerName: string): number[] {
  const tuple = typeof value === 'number' ? Array<number>(rank).fill(value) : Array.isArray(value) ? [...(value as number[])] : null;
  if (tuple === null || tuple.length !== rank || !tuple.every((v) => Number.isInteger(v) && v > 0)) {
    throw new ValueError(
      `Layer "${layerName}": the \`${argName}\` argument must be an int or a tuple of ${rank} positive ints. Received: ${argName}=${JSON.stringify(value)}`,
    );
  }
  return tuple;
}

/**
 * ZeroPadding2D's `padding` / Cropping2D's `cropping`: an int, `[symH, symW]`, or
 * `[[top, bottom], [left, right]]`, to the last form.
 */
export function normalizePairs(
  value: number | readonly (number | readonly number[])[],
  argName: string,
  layerName: string,
): [[number, number], [number, number]] {
  const fail = () =>
    new ValueError(
      `Layer "${layerName}": \`${argName}\` should be an int, a tuple of 2 ints, or a tuple of 2 tuples of 2 non-negative ints ((top, bottom), (left, right)). Received: ${argName}=${JSON.stringify(value)}`,
    );
  const pair = (v: unknown): [number, number] => {
    const p = typeof v === 'number' ? [v, v] : Array.isArray(v) ? v : [];
    if (p.length !== 2 || !p.every((n) => Number.isInteger(n) && (n as number) >= 0)) throw fail();
    return p as [number, number];
  };
  if (typeof value === 'number') return [pair(value), pair(value)];
  if (!Array.isArray(value) || value.length !== 2) throw fail();
  return [pair(value[0]), pair(value[1])];
}

/** Throws when a window does not fit the input (an output dim <= 0), naming the arguments. */
export function checkWindowFits(
  layer: { name: string; className: string; kernelSize?: number[]; poolSize?: number[]; strides: number[]; padding: string },
  inputShape: Shape,
  spatial: readonly Dim[],
  channels: Dim,
): void {
  if (spatial.every((d) => d === null || d > 0)) return;
  const window = layer.kernelSize ? `kernel_size=${formatShape(layer.kernelSize)}` : `pool_size=${formatShape(layer.poolSize ?? [])}`;
  throw new ShapeError(
    `Layer "${layer.name}" (${layer.className}) computed an output of shape ${formatShape([inputShape[0] ?? null, ...spatial, channels])}, ` +
      `which has a non-positive dimension: the window (${window}, strides=${formatShape(layer.strides)}, padding="${layer.padding}") ` +
      `is larger than the input. Received: input shape ${formatShape(inputShape)}.`,
  );
}
