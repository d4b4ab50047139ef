import type { Tensor } from '../../backend/backend.js';
import { ShapeError, ValueError } from '../../common/errors.js';
import { formatShape, type Shape } from '../../common/shape.js';
import { Layer, type CallContext, type LayerArgs, type LayerConfig, type ShapeStructure } from '../../engine/layer.js';
import type { SymbolicTensor } from '../../engine/symbolic-tensor.js';

export interface ConcatenateArgs extends LayerArgs {
  axis?: number;
}

/** Joins tensors along `axis`; every other dimension must match. */
export class Concatenate extends Layer {
  static override className = 'Concatenate';
  readonly axis: number;

  constructor(args: ConcatenateArgs = {}) {
    super(args);
    this.axis = args.axis ?? -1;
  }

  override build(inputShape: ShapeStructure): void {
    this.computeOutputShape(inputShape);
  }

  override computeOutputShape(inputShape: ShapeStructure): Shape {
    if (!Array.isArray(inputShape[0]) || inputShape.length < 1) {
      throw new ValueError(`Layer "${this.name}" (Concatenate) should be called on a list of inputs. Received: input_shape=${JSON.stringify(inputShape)}`);
    }
    const shapes = inputShape as readonly Shape[];
    const rank = (shapes[0] as Shape).length;
    const axis = this.axis < 0 ? rank + this.axis : this.axis;
    const out = [...(shapes[0] as Shape)];
    const mismatch = () =>
      new ShapeError(
        `Layer "${this.name}" (Concatenate) requires inputs with matching shapes except for the concatenation axis (axis=${this.axis}). ` +
          `Received: input_shape=[${shapes.map(formatShape).join(', ')}]`,
      );
    for (const s of shapes.slice(1)) {
      if (s.length !== rank) throw mismatch();
      for (let i = 0; i < rank; i++) {
        if (i === axis) continue;
        const a = out[i] as number | null;
        const b = s[i] as number | null;
        if (a !== null && b !== null && a !== b) throw mismatch();
        if (a === null) out[i] = b;
      }
      const a = out[axis] as number | null;
      const b = s[axis] as number | null;
      out[axis] = a === null || b === null ? null : a + b;
    }
    return out;
  }

  override call(inputs: Tensor[], { ops }: CallContext): Tensor {
    return ops.concat(inputs, this.axis);
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), axis: this.axis };
  }
}

/** Functional form: `concatenate([a, b, c])`. */
export function concatenate(inputs: SymbolicTensor[], args: ConcatenateArgs = {}): SymbolicTensor {
  return new Concatenate(args).apply(inputs);
}
