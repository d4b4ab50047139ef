import type { Backend, Tensor } from '../../backend/backend.js';
import type { LayerArgs } from '../../engine/layer.js';
import type { SymbolicTensor } from '../../engine/symbolic-tensor.js';
import { Merge } from './base-merge.js';

/** Element-wise maximum of its inputs. */
export class Maximum extends Merge {
  static override className = 'Maximum';

  protected override mergeFunction(a: Tensor, b: Tensor, ops: Backend): Tensor {
    return ops.maximum(a, b);
  }
}

/** Functional form: `maximum([a, b])`. */
export function maximum(inputs: SymbolicTensor[], args: LayerArgs = {}): SymbolicTensor {
  return new Maximum(args).apply(inputs);
}
