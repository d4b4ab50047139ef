import { getActivation, type Activation } from '../../activations/activations.js';
import type { Tensor } from '../../backend/backend.js';
import type { DType } from '../../common/dtype.js';
import { checkWindowFits, positiveTuple, standardizeDataFormat, standardizePadding } from '../../common/window-args.js';
import { ShapeError, ValueError } from '../../common/errors.js';
import { convOutputLength, formatShape, type Shape } from '../../common/shape.js';
import { Layer, type CallContext, type LayerConfig } from '../../engine/layer.js';
import type { Weight } from '../../engine/weight.js';
import { getInitializer } from '../../initializers/get.js';
import type { Initializer } from '../../initializers/initializer.js';
import { checkFilters, convInputChannels, convWeightsConfig, rejectUnsupported, type ConvCommonArgs } from './conv-args.js';

export type ConvPadding = 'valid' | 'same' | 'causal';

/** Arguments shared by every convolution (Keras's `BaseConv`). */
export interface BaseConvArgs extends ConvCommonArgs {
  padding?: ConvPadding;
  groups?: number;
}

/**
 * An N-D convolution (Keras's `BaseConv`): `activation(conv(inputs, kernel) + bias)`, with a
 * kernel of shape `(*kernel_size, in_channels / groups, filters)`.
 */
export abstract class BaseConv extends Layer {
  readonly rank: number;
  readonly filters: number;
  readonly kernelSize: number[];
  readonly strides: number[];
  readonly padding: ConvPadding;
  readonly dataFormat = 'channels_last' as const;
  readonly dilationRate: number[];
  readonly groups: number;
  readonly activation: Activation;
  readonly useBias: boolean;
  readonly kernelInitializer: Initializer;
  readonly biasInitializer: Initializer;
  kernel: Weight | null = null;
  bias: Weight | null = null;

  constructor(rank: number, args: BaseConvArgs) {
    super(args);
    rejectUnsupported(this.name, args);
    this.rank = rank;
    this.filters = checkFilters(this.name, args.filters);
    this.groups = args.groups ?? 1;
    if (!Number.isInteger(this.groups) || this.groups <= 0 || this.filters % this.groups !== 0) {
      throw new ValueError(
        `Layer "${this.name}": \`groups\` must be a positive integer dividing \`filters\`. Received: groups=${this.groups}, filters=${this.filters}`,
      );
    }
    this.kernelSize = positiveTuple(args.kernelSize, rank, 'kernel_size', this.name);
    this.strides = positiveTuple(args.strides ?? 1, rank, 'strides', this.name);
    this.dilationRate = positiveTuple(args.dilationRate ?? 1, rank, 'dilation_rate', this.name);
    this.padding = standardizePadding<ConvPadding>(args.padding, rank === 1 ? ['valid', 'same', 'causal'] : ['valid', 'same'], this.name);
    standardizeDataFormat(args.dataFormat, this.name);
    if (Math.max(...this.strides) > 1 && Math.max(...this.dilationRate) > 1) {
      throw new ValueError(
        `Layer "${this.name}": \`strides > 1\` is not supported in conjunction with \`dilation_rate > 1\`. Received: strides=${JSON.stringify(this.strides)} and dilation_rate=${JSON.stringify(this.dilationRate)}`,
      );
    }
    this.activation = getActivation(args.activation, this.name);
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = getInitializer(args.kernelInitializer ?? 'glorot_uniform', 'kernel_initializer');
    this.biasInitializer = getInitializer(args.biasInitializer ?? 'zeros', 'bias_initializer');
  }

  override build(inputShape: Shape): void {
    const channels = this.inputChannels(inputShape);
    if (channels % this.groups !== 0) {
      throw new ShapeError(
        `Layer "${this.name}" (${this.className}) expected its input channels to be divisible by groups=${this.groups}, but received an input of shape ${formatShape(inputShape)} (${channels} channels).`,
      );
    }
    this.computeOutputShape(inputShape);
    this.kernel = this.addWeight({
      name: 'kernel',
      shape: [...this.kernelSize, channels / this.groups, this.filters],
      initializer: this.kernelInitializer,
    });
    if (this.useBias) this.bias = this.addWeight({ name: 'bias', shape: [this.filters], initializer: this.biasInitializer });
  }

  override computeOutputShape(inputShape: Shape): Shape {
    this.inputChannels(inputShape);
    const spatial = inputShape.slice(1, -1).map((d, i) =>
      convOutputLength(d, this.kernelSize[i] as number, this.padding, this.strides[i] as number, this.dilationRate[i] as number),
    );
    checkWindowFits(this, inputShape, spatial, this.filters);
    return [inputShape[0] ?? null, ...spatial, this.filters];
  }

  override call(inputs: Tensor, { ops }: CallContext): Tensor {
    let x = inputs;
    let padding = this.padding;
    if (padding === 'causal') {
      // Causal: pad only the start of the time axis, then convolve with 'valid'.
      const pad = (this.dilationRate[0] as number) * ((this.kernelSize[0] as number) - 1);
      if (pad > 0) x = ops.concat([ops.zeros([x.shape[0] as number, pad, x.shape[2] as number], x.dtype as DType), x], 1);
      padding = 'valid';
    }
    const options = { strides: this.strides, padding, dilationRate: this.dilationRate };
    const kernel = (this.kernel as Weight).read();
    const bias = this.bias ? this.bias.read() : null;
    const act = this.activation;
    if (this.groups === 1) {
      const y = ops.conv(x, kernel, bias, act.fusable ?? 'linear', options);
      return act.fusable ? y : act.apply(y, ops);
    }
    // Grouped: each slice of input channels meets its own slice of filters.
    const xs = ops.split(x, this.groups, -1);
    const ks = ops.split(kernel, this.groups, -1);
    let y = ops.concat(xs.map((xi, g) => ops.conv(xi, ks[g] as Tensor, null, 'linear', options)), -1);
    if (bias) y = ops.add(y, bias);
    return act.apply(y, ops);
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernel_size: this.kernelSize,
      strides: this.strides,
      padding: this.padding,
      data_format: this.dataFormat,
      dilation_rate: this.dilationRate,
      groups: this.groups,
      ...convWeightsConfig(this),
    };
  }

  /** The channel count of a `(batch, *spatial, channels)` input; it must be known. */
  protected inputChannels(inputShape: Shape): number {
    return convInputChannels(this, this.rank, inputShape);
  }
}
