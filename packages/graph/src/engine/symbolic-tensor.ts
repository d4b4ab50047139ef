import type { DType } from '../common/dtype.js';
import { autoName } from '../common/naming.js';
import { formatShape, type Shape } from '../common/shape.js';
import type { Layer } from './layer.js';

/** Where a symbolic tensor came from: Keras's `_keras_history`. */
export interface KerasHistory {
  readonly layer: Layer<unknown>;
  readonly nodeIndex: number;
  readonly tensorIndex: number;
}

/**
 * A tensor in the layer graph: a shape and a dtype, no data. Calling a layer on it
 * records a node; `Model` turns the recorded graph into a model.
 */
export class SymbolicTensor {
  readonly shape: Shape;
  readonly dtype: DType;
  readonly name: string;
  /** Set once, by the node that produces this tensor. */
  history: KerasHistory | null = null;

  constructor(shape: Shape, dtype: DType, name?: string) {
    this.shape = Object.freeze([...shape]);
    this.dtype = dtype;
    this.name = name ?? autoName('KerasTensor');
  }

  /** The layer that produced this tensor. */
  get sourceLayer(): Layer<unknown> | null {
    return this.history?.layer ?? null;
  }

  get rank(): number {
    return this.shape.length;
  }

  toString(): string {
    return `<SymbolicTensor shape=${formatShape(this.shape)}, dtype=${this.dtype}, name=${this.name}>`;
  }
}

export function isSymbolicTensor(x: unknown): x is SymbolicTensor {
  return x instanceof SymbolicTensor;
}
