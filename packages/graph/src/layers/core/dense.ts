import { getActivation, type Activation, type ActivationIdentifier } from '../../activations/activations.js';
import type { Tensor } from '../../backend/backend.js';
import { ShapeError, ValueError } from '../../common/errors.js';
import { formatShape, type Shape } from '../../common/shape.js';
import { Layer, type CallContext, type LayerArgs, type LayerConfig } from '../../engine/layer.js';
import type { Weight } from '../../engine/weight.js';
import { getInitializer, serializeInitializer, type InitializerIdentifier } from '../../initializers/get.js';
import type { Initializer } from '../../initializers/initializer.js';

export interface DenseArgs extends LayerArgs {
  units: number;
  activation?: ActivationIdentifier;
  useBias?: boolean;
  kernelInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
}

/** `activation(inputs · kernel + bias)` over the last axis. */
export class Dense extends Layer {
  static override className = 'Dense';
  readonly units: number;
  readonly activation: Activation;
  readonly useBias: boolean;
  readonly kernelInitializer: Initializer;
  readonly biasInitializer: Initializer;
  kernel: Weight | null = null;
  bias: Weight | null = null;

  constructor(args: DenseArgs) {
    super(args);
    if (!Number.isInteger(args?.units) || args.units <= 0) {
      throw new ValueError(`Received an invalid value for \`units\`, expected a positive integer. Received: units=${args?.units}`);
    }
    this.units = args.units;
    this.activation = getActivation(args.activation, this.name);
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = getInitializer(args.kernelInitializer ?? 'glorot_uniform');
    this.biasInitializer = getInitializer(args.biasInitializer ?? 'zeros');
  }

  override build(inputShape: Shape): void {
    const inputDim = this.inputDim(inputShape);
    this.kernel = this.addWeight({ name: 'kernel', shape: [inputDim, this.units], initializer: this.kernelInitializer });
    if (this.useBias) this.bias = this.addWeight({ name: 'bias', shape: [this.units], initializer: this.biasInitializer });
  }

  override computeOutputShape(inputShape: Shape): Shape {
    this.inputDim(inputShape);
    return [...inputShape.slice(0, -1), this.units];
  }

  override call(inputs: Tensor, { ops }: CallContext): Tensor {
    const kernel = (this.kernel as Weight).read();
    const bias = this.bias ? this.bias.read() : null;
    const act = this.activation;
    if (inputs.shape.length === 2) {
      const fused = act.fusable ?? 'linear';
      const y = ops.dense(inputs, kernel, bias, fused);
      return act.fusable ? y : act.apply(y, ops);
    }
    // Higher rank: contract the last axis.
    const lead = inputs.shape.slice(0, -1);
    const flat = ops.reshape(inputs, [-1, inputs.shape.at(-1) as number]);
    const y = ops.reshape(ops.dense(flat, kernel, bias, 'linear'), [...lead, this.units]);
    return act.apply(y, ops);
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: this.activation.name,
      use_bias: this.useBias,
      kernel_initializer: serializeInitializer(this.kernelInitializer),
      bias_initializer: serializeInitializer(this.biasInitializer),
      kernel_regularizer: null,
      bias_regularizer: null,
      kernel_constraint: null,
      bias_constraint: null,
      quantization_config: null,
    };
  }

  private inputDim(inputShape: Shape): number {
    const last = inputShape.at(-1);
    if (inputShape.length < 2 || last === null || last === undefined) {
      throw new ShapeError(
        `Layer "${this.name}" (Dense) expects an input of rank >= 2 with a known last dimension; received shape ${formatShape(inputShape)}.`,
      );
    }
    return last;
  }
}
