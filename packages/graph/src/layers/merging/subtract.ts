import type { Backend, Tensor } from '../../backend/backend.js';
import { ValueError } from '../../common/errors.js';
import type { Shape } from '../../common/shape.js';
import type { LayerArgs, ShapeStructure } from '../../engine/layer.js';
import type { SymbolicTensor } from '../../engine/symbolic-tensor.js';
import { Merge } from './base-merge.js';

/** `a - b` for exactly two inputs. */
export class Subtract extends Merge {
  static override className = 'Subtract';

  protected override checkInputs(inputShape: ShapeStructure): readonly Shape[] {
    const shapes = super.checkInputs(inputShape);
    if (shapes.length !== 2) {
      throw new ValueError(
        `Layer "${this.name}" (Subtract) should be called on exactly 2 inputs. Received: ${shapes.length} inputs.`,
      );
    }
    return shapes;
  }

  protected override mergeFunction(a: Tensor, b: Tensor, ops: Backend): Tensor {
    return ops.sub(a, b);
  }
}

/** Functional form: `subtract([a, b])`. */
export function subtract(inputs: SymbolicTensor[], args: LayerArgs = {}): SymbolicTensor {
  return new Subtract(args).apply(inputs);
}
