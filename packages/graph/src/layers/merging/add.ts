import type { Backend, Tensor } from '../../backend/backend.js';
import type { LayerArgs } from '../../engine/layer.js';
import type { SymbolicTensor } from '../../engine/symbolic-tensor.js';
import { Merge } from './base-merge.js';

/** Element-wise sum of its inputs (residual connections). */
export class Add extends Merge {
  static override className = 'Add';

  protected override mergeFunction(a: Tensor, b: Tensor, ops: Backend): Tensor {
    return ops.add(a, b);
  }
}

/** Functional form: `add([a, b])`. */
export function add(inputs: SymbolicTensor[], args: LayerArgs = {}): SymbolicTensor {
  return new Add(args).apply(inputs);
}
