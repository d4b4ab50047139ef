import { getActivation, type Activation, type ActivationIdentifier } from '../../activations/activations.js';
import type { Tensor } from '../../backend/backend.js';
import type { Shape } from '../../common/shape.js';
import { Layer, type CallContext, type LayerArgs, type LayerConfig } from '../../engine/layer.js';

export interface ActivationLayerArgs extends LayerArgs {
  /** An activation name (`'relu'`, `'softmax'`…) or an `Activation` object. */
  activation: ActivationIdentifier;
}

/**
 * Keras's `Activation` layer: applies an activation function element-wise. Exported as
 * `ActivationLayer` because `Activation` is already the activation-function type; its
 * class name in configs is Keras's `Activation`.
 */
export class ActivationLayer extends Layer {
  static override className = 'Activation';
  readonly activation: Activation;

  constructor(args: ActivationLayerArgs) {
    super(args);
    this.activation = getActivation(args?.activation, this.name);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override call(inputs: Tensor, { ops }: CallContext): Tensor {
    return this.activation.apply(inputs, ops);
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), activation: this.activation.name };
  }
}
