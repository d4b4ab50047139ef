import type { DType } from '../common/dtype.js';

/**
 * Initializers make a weight's first values in plain JavaScript, so that they are the
 * same on every backend and reproducible with a `seed`.
 */
export abstract class Initializer {
  static className = 'Initializer';

  get className(): string {
    return (this.constructor as typeof Initializer).className;
  }

  abstract generate(shape: readonly number[], dtype: DType): Float32Array | Int32Array;

  getConfig(): Record<string, unknown> {
    return {};
  }
}

/** mulberry32: a small, fast seeded generator; `seed: null` draws from Math.random. */
export function makeRandom(seed: number | null | undefined): () => number {
  if (seed === null || seed === undefined) return Math.random;
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples by Box–Muller. */
export function makeNormal(random: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = random();
    const v = random();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

/** Keras's `compute_fans`: conv kernels count their receptive field. */
export function computeFans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length < 1) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0] as number, fanOut: shape[0] as number };
  if (shape.length === 2) return { fanIn: shape[0] as number, fanOut: shape[1] as number };
  let receptive = 1;
  for (const d of shape.slice(0, -2)) receptive *= d;
  return { fanIn: (shape.at(-2) as number) * receptive, fanOut: (shape.at(-1) as number) * receptive };
}
