import { getActivation, type Activation, type ActivationIdentifier } from '../../activations/activations.js';
import type { Backend, Tensor } from '../../backend/backend.js';
import type { DType } from '../../common/dtype.js';
import { ShapeError, ValueError } from '../../common/errors.js';
import { formatShape, type Shape } from '../../common/shape.js';
import { Layer, type CallContext, type LayerArgs, type LayerConfig, type ShapeStructure } from '../../engine/layer.js';
import type { SymbolicTensor } from '../../engine/symbolic-tensor.js';
import type { Weight } from '../../engine/weight.js';
import { getInitializer, serializeInitializer, type InitializerIdentifier } from '../../initializers/get.js';
import { Initializer } from '../../initializers/initializer.js';

export interface LSTMCellArgs extends LayerArgs {
  units: number;
  activation?: ActivationIdentifier;
  /** Keras 3's default is `sigmoid`; `hard_sigmoid` (Keras 2 / tfjs files) is accepted. */
  recurrentActivation?: ActivationIdentifier;
  useBias?: boolean;
  kernelInitializer?: InitializerIdentifier;
  recurrentInitializer?: InitializerIdentifier;
  biasInitializer?: InitializerIdentifier;
  /** Starts the forget gate's bias at 1 (Jozefowicz et al., 2015). */
  unitForgetBias?: boolean;
  /** Fraction of the inputs dropped in training (one mask for the whole sequence). */
  dropout?: number;
  /** Fraction of the recurrent state dropped in training. */
  recurrentDropout?: number;
  seed?: number | null;
}

/**
 * One LSTM step (Keras's `LSTMCell`). Keras 3 keeps the weights here, not on the LSTM:
 * `kernel (in, 4u)`, `recurrent_kernel (u, 4u)`, `bias (4u)`, gates in the order i, f, c, o.
 * Called as a layer on `[x, h, c]` it returns `[h', h', c']`.
 */
export class LSTMCell extends Layer<SymbolicTensor[]> {
  static override className = 'LSTMCell';
  readonly units: number;
  readonly activation: Activation;
  readonly recurrentActivation: Activation;
  readonly useBias: boolean;
  readonly kernelInitializer: Initializer;
  readonly recurrentInitializer: Initializer;
  readonly biasInitializer: Initializer;
  readonly unitForgetBias: boolean;
  readonly dropout: number;
  readonly recurrentDropout: number;
  readonly seed: number | null;
  kernel: Weight | null = null;
  recurrentKernel: Weight | null = null;
  bias: Weight | null = null;

  constructor(args: LSTMCellArgs) {
    super(args);
    if (!Number.isInteger(args?.units) || args.units <= 0) {
      throw new ValueError(
        `Layer "${this.name}" (${this.className}): \`units\` must be a positive integer. Received: units=${JSON.stringify(args?.units)}`,
      );
    }
    this.units = args.units;
    this.activation = getActivation(args.activation ?? 'tanh', this.name);
    this.recurrentActivation = getActivation(args.recurrentActivation ?? 'sigmoid', this.name);
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = getInitializer(args.kernelInitializer ?? 'glorot_uniform', `${this.name}.kernel_initializer`);
    this.recurrentInitializer = getInitializer(args.recurrentInitializer ?? 'orthogonal', `${this.name}.recurrent_initializer`);
    this.biasInitializer = getInitializer(args.biasInitializer ?? 'zeros', `${this.name}.bias_initializer`);
    this.unitForgetBias = args.unitForgetBias ?? true;
    this.dropout = checkRate(this, 'dropout', args.dropout);
    this.recurrentDropout = checkRate(this, 'recurrent_dropout', args.recurrentDropout);
    this.seed = args.seed ?? null;
  }

  /** Takes the step input's shape `(batch, features)`, or `[x, h, c]` shapes when called as a layer. */
  override build(inputShape: ShapeStructure): void {
    const inputDim = this.inputDim(inputShape);
    const u = this.units;
    this.kernel = this.addWeight({ name: 'kernel', shape: [inputDim, 4 * u], initializer: this.kernelInitializer });
    this.recurrentKernel = this.addWeight({ name: 'recurrent_kernel', shape: [u, 4 * u], initializer: this.recurrentInitializer });
    if (this.useBias) {
      const init = this.unitForgetBias ? new ForgetBiasInitializer(this.biasInitializer, u) : this.biasInitializer;
      this.bias = this.addWeight({ name: 'bias', shape: [4 * u], initializer: init });
    }
  }

  override computeOutputShape(inputShape: ShapeStructure): Shape[] {
    this.inputDim(inputShape);
    const batch = ((Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape)[0] ?? null;
    const state: Shape = [batch, this.units];
    return [state, state, state];
  }

  override call(inputs: Tensor[], { ops }: CallContext): Tensor[] {
    const [x, h, c] = inputs as [Tensor, Tensor, Tensor];
    const [h1, c1] = this.step(this.projectInputs(x, ops), h, c, ops);
    return [h1, h1, c1];
  }

  /** `x · kernel + bias` for any leading shape; the LSTM does this once for all time steps. */
  projectInputs(x: Tensor, ops: Backend): Tensor {
    const kernel = (this.kernel as Weight).read();
    const bias = this.bias ? this.bias.read() : null;
    if (x.shape.length === 2) return ops.dense(x, kernel, bias, 'linear');
    const lead = x.shape.slice(0, -1);
    const flat = ops.reshape(x, [-1, x.shape.at(-1) as number]);
    return ops.reshape(ops.dense(flat, kernel, bias, 'linear'), [...lead, 4 * this.units]);
  }

  /** One step from the projected input `xz = x·K + b`: `z = xz + h·R`, then the gates. */
  step(xz: Tensor, h: Tensor, c: Tensor, ops: Backend): [Tensor, Tensor] {
    const z = ops.add(xz, ops.matMul(h, (this.recurrentKernel as Weight).read()));
    const [zi, zf, zc, zo] = ops.split(z, 4, 1) as [Tensor, Tensor, Tensor, Tensor];
    const rec = this.recurrentActivation;
    const i = rec.apply(zi, ops);
    const f = rec.apply(zf, ops);
    const o = rec.apply(zo, ops);
    const cNext = ops.add(ops.mul(f, c), ops.mul(i, this.activation.apply(zc, ops)));
    const hNext = ops.mul(o, this.activation.apply(cNext, ops));
    return [hNext, cNext];
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), ...this.cellConfig() };
  }

  /** The cell's own keys, in Keras's order (the LSTM writes them after the RNN keys). */
  cellConfig(): LayerConfig {
    return {
      units: this.units,
      activation: this.activation.name,
      recurrent_activation: this.recurrentActivation.name,
      use_bias: this.useBias,
      unit_forget_bias: this.unitForgetBias,
      kernel_initializer: serializeInitializer(this.kernelInitializer),
      recurrent_initializer: serializeInitializer(this.recurrentInitializer),
      bias_initializer: serializeInitializer(this.biasInitializer),
      kernel_regularizer: null,
      recurrent_regularizer: null,
      bias_regularizer: null,
      kernel_constraint: null,
      recurrent_constraint: null,
      bias_constraint: null,
      dropout: this.dropout,
      recurrent_dropout: this.recurrentDropout,
      seed: this.seed,
    };
  }

  private inputDim(inputShape: ShapeStructure): number {
    const x = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    const last = x.at(-1);
    if (x.length !== 2 || last === null || last === undefined) {
      throw new ShapeError(
        `Layer "${this.name}" (${this.className}) expects a step input of shape (batch, features) with known features; received shape ${formatShape(x)}.`,
      );
    }
    return last;
  }
}

/** Keras's `unit_forget_bias`: `[init(u), ones(u), init(2u)]`, for the gates i, f, c, o. */
class ForgetBiasInitializer extends Initializer {
  static override className = 'ForgetBias';
  constructor(
    private readonly base: Initializer,
    private readonly units: number,
  ) {
    super();
  }

  generate(_shape: readonly number[], dtype: DType): Float32Array {
    const u = this.units;
    const out = new Float32Array(4 * u);
    out.set(this.base.generate([u], dtype), 0);
    out.fill(1, u, 2 * u);
    out.set(this.base.generate([2 * u], dtype), 2 * u);
    return out;
  }
}

function checkRate(layer: Layer<unknown>, arg: string, value: number | undefined): number {
  const rate = value ?? 0;
  if (!(rate >= 0 && rate < 1)) {
    throw new ValueError(`Layer "${layer.name}" (${layer.className}): \`${arg}\` must be in [0, 1). Received: ${arg}=${value}`);
  }
  return rate;
}
