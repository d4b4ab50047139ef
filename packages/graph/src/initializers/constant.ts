import type { DType } from '../common/dtype.js';
import { sizeOf } from '../common/shape.js';
import { ValueError } from '../common/errors.js';
import { Initializer } from './initializer.js';

function filled(shape: readonly number[], dtype: DType, value: number): Float32Array | Int32Array {
  const n = sizeOf(shape);
  const out = dtype.startsWith('int') ? new Int32Array(n) : new Float32Array(n);
  if (value !== 0) out.fill(value);
  return out;
}

export class Zeros extends Initializer {
  static override className = 'Zeros';
  generate(shape: readonly number[], dtype: DType) {
    return filled(shape, dtype, 0);
  }
}

export class Ones extends Initializer {
  static override className = 'Ones';
  generate(shape: readonly number[], dtype: DType) {
    return filled(shape, dtype, 1);
  }
}

export class Constant extends Initializer {
  static override className = 'Constant';
  readonly value: number;
  constructor(args: { value?: number } = {}) {
    super();
    this.value = args.value ?? 0;
  }
  generate(shape: readonly number[], dtype: DType) {
    return filled(shape, dtype, this.value);
  }
  override getConfig() {
    return { value: this.value };
  }
}

/** The identity matrix, scaled by `gain` (2-D weights only). */
export class Identity extends Initializer {
  static override className = 'Identity';
  readonly gain: number;
  constructor(args: { gain?: number } = {}) {
    super();
    this.gain = args.gain ?? 1;
  }
  generate(shape: readonly number[]) {
    if (shape.length !== 2) {
      throw new ValueError(`Identity initializer can only be used for 2D matrices. Received: shape=${JSON.stringify(shape)}`);
    }
    const [rows, cols] = shape as [number, number];
    const out = new Float32Array(rows * cols);
    for (let i = 0; i < Math.min(rows, cols); i++) out[i * cols + i] = this.gain;
    return out;
  }
  override getConfig() {
    return { gain: this.gain };
  }
}
