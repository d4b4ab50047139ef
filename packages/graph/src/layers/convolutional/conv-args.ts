// What BaseConv and BaseConvTranspose share: the argument list, its checks, the channel
// lookup and the weight half of the config. Each base keeps its own constructor so its
// checks run in its own order.
import type { Activation, ActivationIdentifier } from '../../activations/activations.js';
import { ShapeError, ValueError } from '../../common/errors.js';
import { assertRank, formatShape, type Shape } from '../../common/shape.js';
import type { Layer, LayerArgs, LayerConfig } from '../../engine/layer.js';
import { serializeInitializer, type InitializerIdentifier } from '../../initializers/get.js';
import type { Initializer } from '../../initializers/initializer.js';

/** Arguments every convolution takes, transposed or not. */
export interface ConvCommonArgs extends LayerArgs {
  filters: number;
  kernelSize: number | readonly number[];
  strides?: number | readonly number[];
  /** Only 'channels_last' is supported; `null` means channels_last. */
  dataFormat?: 'channels_last' | 'channels_first' | null;
  dilationRate?: number | readonly number[];
  activation?: ActivationIdentifier;
  useBias?: boolean;
  kernelInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
  // Keras configs always carry these; kfn has no regularizers or constraints, so only `null` is accepted.
  kernelRegularizer?: null;
  biasRegularizer?: null;
  activityRegularizer?: null;
  kernelConstraint?: null;
  biasConstraint?: null;
}

const UNSUPPORTED = ['kernelRegularizer', 'biasRegularizer', 'activityRegularizer', 'kernelConstraint', 'biasConstraint'] as const;

/** Refuses regularizers and constraints rather than silently training without them. */
export function rejectUnsupported(layerName: string, args: object, keys: readonly string[] = UNSUPPORTED): void {
  for (const key of keys) {
    const value = (args as Record<string, unknown>)[key];
    if (value !== null && value !== undefined) {
      throw new ValueError(`Layer "${layerName}": kfn does not support \`${key}\` yet; expected null. Received: ${key}=${JSON.stringify(value)}`);
    }
  }
}

/** `filters`, which must be a strictly positive integer. */
export function checkFilters(layerName: string, filters: number): number {
  if (!Number.isInteger(filters) || filters <= 0) {
    throw new ValueError(`Layer "${layerName}": invalid value for argument \`filters\`. Expected a strictly positive integer. Received: filters=${filters}`);
  }
  return filters;
}

/** The channel count of a `(batch, *spatial, channels)` input of a rank-`rank` convolution; it must be known. */
export function convInputChannels(layer: Layer<unknown>, rank: number, inputShape: Shape): number {
  assertRank(layer.name, inputShape, { exact: rank + 2 });
  const channels = inputShape.at(-1);
  if (channels === null || channels === undefined) {
    throw new ShapeError(
      `Layer "${layer.name}" (${layer.className}) expected the channel dimension (last axis) of its input to be known, but received shape ${formatShape(inputShape)}.`,
    );
  }
  return channels;
}

/** The fields behind the config's tail. */
interface ConvWeightFields {
  activation: Activation;
  useBias: boolean;
  kernelInitializer: Initializer;
  biasInitializer: Initializer;
}

/** The config's tail, from `activation` to `bias_constraint`, in Keras's order. */
export function convWeightsConfig(layer: ConvWeightFields): LayerConfig {
  return {
    activation: layer.activation.name,
    use_bias: layer.useBias,
    kernel_initializer: serializeInitializer(layer.kernelInitializer),
    bias_initializer: serializeInitializer(layer.biasInitializer),
    kernel_regularizer: null,
    bias_regularizer: null,
    activity_regularizer: null,
    kernel_constraint: null,
    bias_constraint: null,
  };
}
