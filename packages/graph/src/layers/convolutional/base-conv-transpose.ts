import { getActivation, type Activation, type ActivationIdentifier } from '../../activations/activations.js';
import type { Tensor } from '../../backend/backend.js';
import { checkWindowFits, positiveTuple, standardizeDataFormat, standardizePadding } from '../../common/window-args.js';
import { ShapeError, ValueError } from '../../common/errors.js';
import { assertRank, deconvOutputLength, formatShape, normalizeTuple, type Shape } from '../../common/shape.js';
import { Layer, type CallContext, type LayerArgs, type LayerConfig } from '../../engine/layer.js';
import type { Weight } from '../../engine/weight.js';
import { getInitializer, serializeInitializer, type InitializerIdentifier } from '../../initializers/get.js';
import type { Initializer } from '../../initializers/initializer.js';
import { rejectUnsupported } from './base-conv.js';

/** Arguments of a transposed convolution (Keras's `BaseConvTranspose`); no `groups`. */
export interface BaseConvTransposeArgs extends LayerArgs {
  filters: number;
  kernelSize: number | readonly number[];
  strides?: number | readonly number[];
  padding?: 'valid' | 'same';
  /** Extra rows/columns on one side of the output; each must be < its stride. `null`: inferred. */
  outputPadding?: number | readonly number[] | null;
  dataFormat?: 'channels_last' | 'channels_first' | null;
  dilationRate?: number | readonly number[];
  activation?: ActivationIdentifier;
  useBias?: boolean;
  kernelInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: null;
  biasRegularizer?: null;
  activityRegularizer?: null;
  kernelConstraint?: null;
  biasConstraint?: null;
}

/**
 * The gradient of a convolution with respect to its input, used as a learned upsampler.
 * The kernel is `(*kernel_size, filters, in_channels)`: Keras keeps the forward conv's
 * layout, so output and input channels swap places compared with `BaseConv`.
 */
export abstract class BaseConvTranspose extends Layer {
  readonly rank: number;
  readonly filters: number;
  readonly kernelSize: number[];
  readonly strides: number[];
  readonly padding: 'valid' | 'same';
  readonly outputPadding: number[] | null;
  readonly dataFormat = 'channels_last' as const;
  readonly dilationRate: number[];
  readonly activation: Activation;
  readonly useBias: boolean;
  readonly kernelInitializer: Initializer;
  readonly biasInitializer: Initializer;
  kernel: Weight | null = null;
  bias: Weight | null = null;

  constructor(rank: number, args: BaseConvTransposeArgs) {
    super(args);
    rejectUnsupported(this.name, args);
    if (!Number.isInteger(args.filters) || args.filters <= 0) {
      throw new ValueError(`Layer "${this.name}": invalid value for argument \`filters\`. Expected a strictly positive integer. Received: filters=${args.filters}`);
    }
    this.rank = rank;
    this.filters = args.filters;
    this.kernelSize = positiveTuple(args.kernelSize, rank, 'kernel_size', this.name);
    this.strides = positiveTuple(args.strides ?? 1, rank, 'strides', this.name);
    this.dilationRate = positiveTuple(args.dilationRate ?? 1, rank, 'dilation_rate', this.name);
    this.padding = standardizePadding<'valid' | 'same'>(args.padding, ['valid', 'same'], this.name);
    standardizeDataFormat(args.dataFormat, this.name);
    this.outputPadding =
      args.outputPadding === null || args.outputPadding === undefined ? null : normalizeTuple(args.outputPadding, rank, 'output_padding');
    this.outputPadding?.forEach((p, i) => {
      if (p >= (this.strides[i] as number)) {
        throw new ValueError(
          `Layer "${this.name}": each \`output_padding\` must be smaller than its stride. Received: output_padding=${JSON.stringify(this.outputPadding)}, strides=${JSON.stringify(this.strides)}`,
        );
      }
    });
    this.activation = getActivation(args.activation, this.name);
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = getInitializer(args.kernelInitializer ?? 'glorot_uniform', 'kernel_initializer');
    this.biasInitializer = getInitializer(args.biasInitializer ?? 'zeros', 'bias_initializer');
  }

  override build(inputShape: Shape): void {
    const channels = this.inputChannels(inputShape);
    this.computeOutputShape(inputShape);
    this.kernel = this.addWeight({
      name: 'kernel',
      shape: [...this.kernelSize, this.filters, channels],
      initializer: this.kernelInitializer,
    });
    if (this.useBias) this.bias = this.addWeight({ name: 'bias', shape: [this.filters], initializer: this.biasInitializer });
  }

  override computeOutputShape(inputShape: Shape): Shape {
    this.inputChannels(inputShape);
    const spatial = inputShape.slice(1, -1).map((d, i) =>
      deconvOutputLength(
        d,
        this.kernelSize[i] as number,
        this.padding,
        this.outputPadding ? (this.outputPadding[i] as number) : null,
        this.strides[i] as number,
        this.dilationRate[i] as number,
      ),
    );
    checkWindowFits(this, inputShape, spatial, this.filters);
    return [inputShape[0] ?? null, ...spatial, this.filters];
  }

  override call(inputs: Tensor, { ops }: CallContext): Tensor {
    const shape = this.computeOutputShape([null, ...inputs.shape.slice(1)]).map((d, i) => (i === 0 ? inputs.shape[0] : d)) as number[];
    const options = { strides: this.strides, padding: this.padding, dilationRate: this.dilationRate };
    let y = ops.convTranspose(inputs, (this.kernel as Weight).read(), shape, options);
    if (this.bias) y = ops.add(y, this.bias.read());
    return this.activation.apply(y, ops);
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernel_size: this.kernelSize,
      strides: this.strides,
      padding: this.padding,
      output_padding: this.outputPadding,
      data_format: this.dataFormat,
      dilation_rate: this.dilationRate,
      activation: this.activation.name,
      use_bias: this.useBias,
      kernel_initializer: serializeInitializer(this.kernelInitializer),
      bias_initializer: serializeInitializer(this.biasInitializer),
      kernel_regularizer: null,
      bias_regularizer: null,
      activity_regularizer: null,
      kernel_constraint: null,
      bias_constraint: null,
    };
  }

  private inputChannels(inputShape: Shape): number {
    assertRank(this.name, inputShape, { exact: this.rank + 2 });
    const channels = inputShape.at(-1);
    if (channels === null || channels === undefined) {
      throw new ShapeError(
        `Layer "${this.name}" (${this.className}) expected the channel dimension (last axis) of its input to be known, but received shape ${formatShape(inputShape)}.`,
      );
    }
    return channels;
  }
}
