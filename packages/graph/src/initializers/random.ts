import { sizeOf } from '../common/shape.js';
import { ValueError } from '../common/errors.js';
import { computeFans, Initializer, makeNormal, makeRandom } from './initializer.js';

type Seed = number | null;

abstract class RandomInitializer extends Initializer {
  readonly seed: Seed;
  constructor(seed: Seed | undefined) {
    super();
    this.seed = seed ?? null;
  }
  override getConfig(): Record<string, unknown> {
    return { seed: this.seed };
  }
}

export class RandomUniform extends RandomInitializer {
  static override className = 'RandomUniform';
  readonly minval: number;
  readonly maxval: number;
  constructor(args: { minval?: number; maxval?: number; seed?: Seed } = {}) {
    super(args.seed);
    this.minval = args.minval ?? -0.05;
    this.maxval = args.maxval ?? 0.05;
  }
  generate(shape: readonly number[]) {
    const rand = makeRandom(this.seed);
    const out = new Float32Array(sizeOf(shape));
    for (let i = 0; i < out.length; i++) out[i] = this.minval + (this.maxval - this.minval) * rand();
    return out;
  }
  override getConfig() {
    return { seed: this.seed, minval: this.minval, maxval: this.maxval };
  }
}

export class RandomNormal extends RandomInitializer {
  static override className = 'RandomNormal';
  readonly mean: number;
  readonly stddev: number;
  constructor(args: { mean?: number; stddev?: number; seed?: Seed } = {}) {
    super(args.seed);
    this.mean = args.mean ?? 0;
    this.stddev = args.stddev ?? 0.05;
  }
  generate(shape: readonly number[]): Float32Array {
    const normal = makeNormal(makeRandom(this.seed));
    const out = new Float32Array(sizeOf(shape));
    for (let i = 0; i < out.length; i++) out[i] = this.mean + this.stddev * normal();
    return out;
  }
  override getConfig() {
    return { seed: this.seed, mean: this.mean, stddev: this.stddev };
  }
}

/** Normal samples beyond two standard deviations are drawn again. */
export class TruncatedNormal extends RandomNormal {
  static override className = 'TruncatedNormal';
  override generate(shape: readonly number[]): Float32Array {
    return truncatedNormal(sizeOf(shape), this.mean, this.stddev, this.seed);
  }
}

function truncatedNormal(n: number, mean: number, stddev: number, seed: Seed): Float32Array {
  const normal = makeNormal(makeRandom(seed));
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let z = normal();
    while (Math.abs(z) > 2) z = normal();
    out[i] = mean + stddev * z;
  }
  return out;
}

export type FanMode = 'fan_in' | 'fan_out' | 'fan_avg';
export type Distribution = 'truncated_normal' | 'untruncated_normal' | 'uniform' | 'normal';

export class VarianceScaling extends RandomInitializer {
  static override className = 'VarianceScaling';
  readonly scale: number;
  readonly mode: FanMode;
  readonly distribution: Distribution;
  constructor(args: { scale?: number; mode?: FanMode; distribution?: Distribution; seed?: Seed } = {}) {
    super(args.seed);
    this.scale = args.scale ?? 1;
    this.mode = args.mode ?? 'fan_in';
    this.distribution = args.distribution ?? 'truncated_normal';
    if (!(this.scale > 0)) throw new ValueError(`Argument \`scale\` must be positive float. Received: scale=${this.scale}`);
  }
  generate(shape: readonly number[]) {
    const { fanIn, fanOut } = computeFans(shape);
    const fan = this.mode === 'fan_in' ? fanIn : this.mode === 'fan_out' ? fanOut : (fanIn + fanOut) / 2;
    const scale = this.scale / Math.max(1, fan);
    const n = sizeOf(shape);
    if (this.distribution === 'uniform') {
      const limit = Math.sqrt(3 * scale);
      return new RandomUniform({ minval: -limit, maxval: limit, seed: this.seed }).generate(shape);
    }
    if (this.distribution === 'truncated_normal') {
      // Standard deviation of a unit normal truncated to (-2, 2).
      return truncatedNormal(n, 0, Math.sqrt(scale) / 0.8796256610342398, this.seed);
    }
    return new RandomNormal({ mean: 0, stddev: Math.sqrt(scale), seed: this.seed }).generate(shape);
  }
  override getConfig(): Record<string, unknown> {
    return { seed: this.seed, scale: this.scale, mode: this.mode, distribution: this.distribution };
  }
}

/** The named VarianceScaling presets, serialized with Keras's extra `input_axes`/`output_axes`. */
function preset(className: string, scale: number, mode: FanMode, distribution: Distribution) {
  return class extends VarianceScaling {
    static override className = className;
    constructor(args: { seed?: Seed } = {}) {
      super({ scale, mode, distribution, seed: args.seed ?? null });
    }
    override getConfig(): Record<string, unknown> {
      return { seed: this.seed, input_axes: null, output_axes: null };
    }
  };
}

export const GlorotUniform = preset('GlorotUniform', 1, 'fan_avg', 'uniform');
export const GlorotNormal = preset('GlorotNormal', 1, 'fan_avg', 'truncated_normal');
export const HeUniform = preset('HeUniform', 2, 'fan_in', 'uniform');
export const HeNormal = preset('HeNormal', 2, 'fan_in', 'truncated_normal');
export const LecunUniform = preset('LecunUniform', 1, 'fan_in', 'uniform');
export const LecunNormal = preset('LecunNormal', 1, 'fan_in', 'truncated_normal');

/** A (semi-)orthogonal matrix from the QR decomposition of a normal sample (Keras's `Orthogonal`). */
export class Orthogonal extends RandomInitializer {
  static override className = 'Orthogonal';
  readonly gain: number;
  constructor(args: { gain?: number; seed?: Seed } = {}) {
    super(args.seed);
    this.gain = args.gain ?? 1;
  }
  generate(shape: readonly number[]) {
    if (shape.length < 2) {
      throw new ValueError(`The tensor to initialize must be at least two-dimensional. Received: shape=${JSON.stringify(shape)}`);
    }
    const cols = shape.at(-1) as number;
    const rows = sizeOf(shape) / cols;
    // Work on the tall orientation, as Keras does, then transpose back.
    const [m, n] = rows < cols ? [cols, rows] : [rows, cols];
    const normal = makeNormal(makeRandom(this.seed));
    const a = Array.from({ length: n }, () => Float64Array.from({ length: m }, normal)); // n columns of length m
    // Modified Gram–Schmidt gives Q; multiplying each column by sign(diag(R)) makes it unique.
    for (let j = 0; j < n; j++) {
      const v = a[j] as Float64Array;
      for (let k = 0; k < j; k++) {
        const q = a[k] as Float64Array;
        let dot = 0;
        for (let i = 0; i < m; i++) dot += (q[i] as number) * (v[i] as number);
        for (let i = 0; i < m; i++) v[i] = (v[i] as number) - dot * (q[i] as number);
      }
      let norm = 0;
      for (let i = 0; i < m; i++) norm += (v[i] as number) ** 2;
      norm = Math.sqrt(norm) || 1;
      for (let i = 0; i < m; i++) v[i] = (v[i] as number) / norm;
    }
    const out = new Float32Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        // q is m×n (column j = a[j]); the result is q (rows≥cols) or qᵀ.
        const value = rows < cols ? (a[r] as Float64Array)[c] : (a[c] as Float64Array)[r];
        out[r * cols + c] = this.gain * (value as number);
      }
    }
    return out;
  }
  override getConfig() {
    return { seed: this.seed, gain: this.gain };
  }
}
