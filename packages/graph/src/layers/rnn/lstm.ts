import type { Backend, Tensor } from '../../backend/backend.js';
import { ValueError } from '../../common/errors.js';
import { assertRank, type Shape } from '../../common/shape.js';
import { Layer, type CallContext, type LayerConfig } from '../../engine/layer.js';
import type { SymbolicTensor } from '../../engine/symbolic-tensor.js';
import { LSTMCell, type LSTMCellArgs } from './lstm-cell.js';

export interface LSTMArgs extends LSTMCellArgs {
  /** Output the whole sequence `(batch, time, units)` instead of the last step. */
  returnSequences?: boolean;
  /** Also output the final states: `[output, h, c]`. */
  returnState?: boolean;
  /** Read the sequence from its end (the output sequence is then in that reversed order too). */
  goBackwards?: boolean;
  /** Keras's `stateful`; kfn supports only `false`. */
  stateful?: boolean;
  /** Keras's `unroll`: a compile-time hint, accepted and recorded. */
  unroll?: boolean;
  /** Keras's `zero_output_for_mask`, recorded for configs. */
  zeroOutputForMask?: boolean;
}

/**
 * Long Short-Term Memory over a `(batch, time, features)` sequence (Keras 3's `LSTM`).
 * The weights live on `cell` (an `LSTMCell` named `lstm_cell`), so their paths are
 * `lstm/lstm_cell/kernel` as in Keras. Type `TOut` as `SymbolicTensor[]` with `returnState`.
 */
export class LSTM<TOut extends SymbolicTensor | SymbolicTensor[] = SymbolicTensor> extends Layer<TOut> {
  static override className = 'LSTM';
  readonly cell: LSTMCell;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  readonly goBackwards: boolean;
  readonly stateful: boolean;
  readonly unroll: boolean;
  readonly zeroOutputForMask: boolean;

  constructor(args: LSTMArgs) {
    super(args);
    // Keras serializes `"kwargs": {"mask": null}` on every LSTM node.
    this.nodeKwargs = { mask: null };
    this.returnSequences = args.returnSequences ?? false;
    this.returnState = args.returnState ?? false;
    this.goBackwards = args.goBackwards ?? false;
    this.stateful = args.stateful ?? false;
    this.unroll = args.unroll ?? false;
    this.zeroOutputForMask = args.zeroOutputForMask ?? false;
    if (this.stateful) {
      throw new ValueError(`Layer "${this.name}" (LSTM): stateful=true is not supported by kfn. Received: stateful=true`);
    }
    const { name: _name, returnSequences: _rs, returnState: _rst, goBackwards: _gb, ...cellArgs } = args;
    this.cell = this.trackLayer(new LSTMCell({ ...cellArgs, name: 'lstm_cell', trainable: this.trainable, dtype: this.dtypePolicy }));
    this.cell.path = `${this.name}/lstm_cell`;
  }

  get units(): number {
    return this.cell.units;
  }

  override build(inputShape: Shape): void {
    this.checkInput(inputShape);
    this.cell.maybeBuild([inputShape[0] ?? null, inputShape[2] ?? null]);
  }

  override computeOutputShape(inputShape: Shape): Shape | Shape[] {
    this.checkInput(inputShape);
    const [batch = null, time = null] = inputShape;
    const output: Shape = this.returnSequences ? [batch, time, this.units] : [batch, this.units];
    if (!this.returnState) return output;
    const state: Shape = [batch, this.units];
    return [output, state, state];
  }

  override call(inputs: Tensor, { ops, training }: CallContext): Tensor | Tensor[] {
    const [batch, , features] = inputs.shape as [number, number, number];
    const cell = this.cell;
    const u = this.units;
    let x = inputs;
    if (training && cell.dropout > 0) {
      // One input mask for the whole sequence, as Keras's DropoutRNNCell.
      x = ops.mul(x, ops.expandDims(dropoutMask(ops, [batch, features], cell.dropout), 1));
    }
    const recurrentMask = training && cell.recurrentDropout > 0 ? dropoutMask(ops, [batch, u], cell.recurrentDropout) : null;
    // x·K + b for every time step in one matMul; only h·R stays inside the loop.
    const steps = ops.unstack(cell.projectInputs(x, ops), 1);
    if (this.goBackwards) steps.reverse();
    let h = ops.zeros([batch, u]);
    let c = ops.zeros([batch, u]);
    const outputs: Tensor[] = [];
    for (const xz of steps) {
      [h, c] = cell.step(xz, recurrentMask ? ops.mul(h, recurrentMask) : h, c, ops);
      if (this.returnSequences) outputs.push(h);
    }
    const output = this.returnSequences ? ops.stack(outputs, 1) : h;
    return this.returnState ? [output, h, c] : output;
  }

  override getConfig(): LayerConfig {
    const cell = this.cell.cellConfig();
    // Keras's order: RNN keys, then LSTM's (which differs from the cell's own order).
    return {
      ...super.getConfig(),
      return_sequences: this.returnSequences,
      return_state: this.returnState,
      go_backwards: this.goBackwards,
      stateful: this.stateful,
      unroll: this.unroll,
      zero_output_for_mask: this.zeroOutputForMask,
      units: cell.units,
      activation: cell.activation,
      recurrent_activation: cell.recurrent_activation,
      use_bias: cell.use_bias,
      kernel_initializer: cell.kernel_initializer,
      recurrent_initializer: cell.recurrent_initializer,
      bias_initializer: cell.bias_initializer,
      unit_forget_bias: cell.unit_forget_bias,
      kernel_regularizer: null,
      recurrent_regularizer: null,
      bias_regularizer: null,
      activity_regularizer: null,
      kernel_constraint: null,
      recurrent_constraint: null,
      bias_constraint: null,
      dropout: cell.dropout,
      recurrent_dropout: cell.recurrent_dropout,
      seed: cell.seed,
    };
  }

  private checkInput(inputShape: Shape): void {
    assertRank(this.name, inputShape, { exact: 3 });
    if (inputShape[2] === null) {
      throw new ValueError(
        `Layer "${this.name}" (LSTM) needs a known feature dimension (the last axis); received input shape [${inputShape.map(String).join(', ')}].`,
      );
    }
  }
}

/**
 * Keras's dropout mask: kept entries scaled by `1 / (1 - rate)`. Unseeded: a fixed seed
 * would draw the same mask at every training step.
 */
function dropoutMask(ops: Backend, shape: number[], rate: number): Tensor {
  const keep = ops.cast(ops.greater(ops.randomUniform(shape, 0, 1), ops.scalar(rate)), 'float32');
  return ops.mul(keep, ops.scalar(1 / (1 - rate)));
}
