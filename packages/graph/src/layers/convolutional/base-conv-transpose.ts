import { getActivation, type Activation } from '../../activations/activations.js';
import type { Tensor } from '../../backend/backend.js';
import { checkWindowFits, positiveTuple, standardizeDataFormat, standardizePadding } from '../../common/window-args.js';
import { ValueError } from '../../common/errors.js';
import { deconvOutputLength, normalizeTuple, type Shape } from '../../common/shape.js';
import { Layer, type CallContext, type LayerConfig } from '../../engine/layer.js';
import type { Weight } from '../../engine/weight.js';
import { getInitializer } from '../../initializers/get.js';
import type { Initializer } from '../../initializers/initializer.js';
import { checkFilters, convInputChannels, convWeightsConfig, rejectUnsupported, type ConvCommonArgs } from './conv-args.js';

/** Arguments of a transposed convolution (Keras's `BaseConvTranspose`); no `groups`. */
export interface BaseConvTransposeArgs extends ConvCommonArgs {
  padding?: 'valid' | 'same';
  /** Extra rows/columns on one side of the output; each must be < its stride. `null`: inferred. */
  outputPadding?: number | readonly number[] | null;
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
    this.rank = rank;
    this.filters = checkFilters(this.name, args.filters);
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
    // Bias and a fusable activation go to the kernel: one op, and one backward pass for all three.
    const act = this.activation;
    const bias = this.bias ? this.bias.read() : null;
    const y = ops.convTranspose(inputs, (this.kernel as Weight).read(), bias, act.fusable ?? 'linear', shape, options);
    return act.fusable ? y : act.apply(y, ops);
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
      ...convWeightsConfig(this),
    };
  }

  private inputChannels(inputShape: Shape): number {
    return convInputChannels(this, this.rank, inputShape);
  }
}
