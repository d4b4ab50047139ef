import type { Tensor } from '../../backend/backend.js';
import { ShapeError, ValueError } from '../../common/errors.js';
import { formatShape, type Dim, type Shape } from '../../common/shape.js';
import { Layer, type CallContext, type ShapeStructure } from '../../engine/layer.js';
import type { Backend } from '../../backend/backend.js';

/**
 * Element-wise merges of several same-shaped tensors (Keras's `Merge`): shapes are
 * broadcast from the right, and a `null` dim takes a known one.
 */
export abstract class Merge extends Layer {
  /** Combines two tensors; the base folds it over the inputs. */
  protected abstract mergeFunction(a: Tensor, b: Tensor, ops: Backend): Tensor;

  protected checkInputs(inputShape: ShapeStructure): readonly Shape[] {
    if (!Array.isArray(inputShape[0]) || inputShape.length < 1) {
      throw new ValueError(`Layer "${this.name}" (${this.className}) should be called on a list of at least 1 input. Received: input_shape=${JSON.stringify(inputShape)}`);
    }
    return inputShape as readonly Shape[];
  }

  override build(inputShape: ShapeStructure): void {
    this.computeOutputShape(inputShape);
  }

  override computeOutputShape(inputShape: ShapeStructure): Shape {
    const shapes = this.checkInputs(inputShape);
    let out = shapes[0] as Shape;
    for (const s of shapes.slice(1)) out = this.broadcast(out, s, shapes);
    return out;
  }

  private broadcast(a: Shape, b: Shape, all: readonly Shape[]): Shape {
    const rank = Math.max(a.length, b.length);
    const out: Dim[] = [];
    for (let i = 0; i < rank; i++) {
      // Missing leading dims count as 1; a `null` dim stays unknown (`?? 1` would lose it).
      const x = i < rank - a.length ? 1 : (a[a.length - rank + i] as Dim);
      const y = i < rank - b.length ? 1 : (b[b.length - rank + i] as Dim);
      if (x === null || y === null) out.push(x === 1 ? y : y === 1 ? x : (x ?? y));
      else if (x === 1 || y === 1 || x === y) out.push(Math.max(x, y));
      else {
        throw new ShapeError(
          `Layer "${this.name}" (${this.className}) requires inputs with matching shapes except for the batch axis. Received: input_shape=[${all.map(formatShape).join(', ')}]`,
        );
      }
    }
    return out;
  }

  override call(inputs: Tensor[], { ops }: CallContext): Tensor {
    let out = inputs[0] as Tensor;
    for (const x of inputs.slice(1)) out = this.mergeFunction(out, x, ops);
    return out;
  }
}
