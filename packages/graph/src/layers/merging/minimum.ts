import type { Backend, Tensor } from '../../backend/backend.js';
import type { LayerArgs } from '../../engine/layer.js';
import type { SymbolicTensor } from '../../engine/symbolic-tensor.js';
import { Merge } from './base-merge.js';

/** Element-wise minimum of its inputs. */
export class Minimum extends Merge {
  static override className = 'Minimum';

  protected override mergeFunction(a: Tensor, b: Tensor, ops: Backend): Tensor {
    return ops.minimum(a, b);
  }
}

/** Functional form: `minimum([a, b])`. */
export function minimum(inputs: SymbolicTensor[], args: LayerArgs = {}): SymbolicTensor {
  return new Minimum(args).apply(inputs);
}
