import type { Backend, Tensor } from '../../backend/backend.js';
import type { LayerArgs } from '../../engine/layer.js';
import type { SymbolicTensor } from '../../engine/symbolic-tensor.js';
import { Merge } from './base-merge.js';

/** Element-wise product of its inputs. */
export class Multiply extends Merge {
  static override className = 'Multiply';

  protected override mergeFunction(a: Tensor, b: Tensor, ops: Backend): Tensor {
    return ops.mul(a, b);
  }
}

/** Functional form: `multiply([a, b])`. */
export function multiply(inputs: SymbolicTensor[], args: LayerArgs = {}): SymbolicTensor {
  return new Multiply(args).apply(inputs);
}
