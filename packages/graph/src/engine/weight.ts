import type { Tensor, TypedArray, Variable } from '../backend/backend.js';
import { getBackend } from '../backend/registry.js';
import type { DType } from '../common/dtype.js';
import { ValueError } from '../common/errors.js';
import { formatShape, sizeOf } from '../common/shape.js';
import type { Initializer } from '../initializers/initializer.js';

export interface WeightSpec {
  name: string;
  shape: readonly number[];
  dtype: DType;
  initializer: Initializer;
  trainable: boolean;
}

/**
 * A layer's weight (Keras's `Variable`). Declared as a spec when the layer is built; its
 * values exist only once a backend is active and something reads or assigns them.
 */
export class Weight implements WeightSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly initializer: Initializer;
  trainable: boolean;
  /** `layer/weight`, Keras's `variable.path`. */
  readonly path: string;
  private value: Variable | null = null;

  constructor(spec: WeightSpec, layerPath: string) {
    this.name = spec.name;
    this.shape = Object.freeze([...spec.shape]);
    this.dtype = spec.dtype;
    this.initializer = spec.initializer;
    this.trainable = spec.trainable;
    this.path = `${layerPath}/${spec.name}`;
  }

  get size(): number {
    return sizeOf(this.shape);
  }

  get isInitialized(): boolean {
    return this.value !== null;
  }

  /** The backend variable, made from the initializer on first use. */
  read(): Variable {
    if (this.value === null) {
      const ops = getBackend();
      const init = ops.tensor(this.initializer.generate(this.shape, this.dtype), this.shape, this.dtype);
      this.value = ops.variable(init, this.trainable, this.path);
      ops.dispose(init);
    }
    return this.value;
  }

  /** Sets the values, from host data or a tensor of the same shape. */
  assign(values: TypedArray | readonly number[] | Tensor): void {
    const ops = getBackend();
    if ('shape' in values && !ArrayBuffer.isView(values)) {
      this.checkShape(values.shape);
      this.read().assign(values);
      return;
    }
    const data = values as TypedArray | readonly number[];
    if (data.length !== this.size) {
      throw new ValueError(
        `Weight "${this.path}" has shape ${formatShape(this.shape)} (${this.size} values); received ${data.length} values.`,
      );
    }
    const t = ops.tensor(data, this.shape, this.dtype);
    if (this.value === null) this.value = ops.variable(t, this.trainable, this.path);
    else this.value.assign(t);
    ops.dispose(t);
  }

  /** The values on the host. */
  async data(): Promise<TypedArray> {
    return getBackend().read(this.read());
  }

  dataSync(): TypedArray {
    return getBackend().readSync(this.read());
  }

  /** Frees the backend memory; the next read starts again from the initializer. */
  dispose(): void {
    if (this.value !== null) getBackend().dispose(this.value);
    this.value = null;
  }

  private checkShape(shape: readonly number[]): void {
    if (shape.length !== this.shape.length || shape.some((d, i) => d !== this.shape[i])) {
      throw new ValueError(
        `Weight "${this.path}" has shape ${formatShape(this.shape)}; received a value of shape ${formatShape(shape)}.`,
      );
    }
  }
}
