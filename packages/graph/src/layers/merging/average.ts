import type { Backend, Tensor } from '../../backend/backend.js';
import type { CallContext, LayerArgs } from '../../engine/layer.js';
import type { SymbolicTensor } from '../../engine/symbolic-tensor.js';
import { Merge } from './base-merge.js';

/** Element-wise mean of its inputs (model ensembles). */
export class Average extends Merge {
  static override className = 'Average';

  protected override mergeFunction(a: Tensor, b: Tensor, ops: Backend): Tensor {
    return ops.add(a, b);
  }

  /** The sum of all inputs divided once by their count, as Keras does. */
  override call(inputs: Tensor[], ctx: CallContext): Tensor {
    return ctx.ops.div(super.call(inputs, ctx), ctx.ops.scalar(inputs.length));
  }
}

/** Functional form: `average([y1, y2, y3])`. */
export function average(inputs: SymbolicTensor[], args: LayerArgs = {}): SymbolicTensor {
  return new Average(args).apply(inputs);
}
