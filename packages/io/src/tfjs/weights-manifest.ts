import { ModelFileError, type FileLocation } from '../errors.js';

/** tfjs's `WeightsManifestEntry` (`tfjs-core/src/io/types.ts`). */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  group?: string;
  quantization?: { dtype: string; scale?: number; min?: number; original_dtype?: string };
}

export interface WeightsGroup {
  paths: string[];
  weights: WeightSpec[];
}

/** One decoded weight: float32 or int32 values. */
export interface DecodedWeight {
  name: string;
  shape: number[];
  group?: string;
  data: Float32Array | Int32Array;
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Checks a manifest's structure; every problem names the group and weight. */
export function checkManifest(manifest: unknown, where: FileLocation): WeightsGroup[] {
  if (!Array.isArray(manifest)) throw new ModelFileError(where, '"weightsManifest" must be a list of {paths, weights} groups.');
  return manifest.map((g: unknown, gi): WeightsGroup => {
    const at = `weightsManifest[${gi}]`;
    if (!isRecord(g) || !Array.isArray(g.paths) || !Array.isArray(g.weights) || !g.paths.every((p) => typeof p === 'string')) {
      throw new ModelFileError(where, `${at} must be {"paths": [strings], "weights": [specs]}.`);
    }
    const weights = g.weights.map((w: unknown, wi): WeightSpec => {
      const ok =
        isRecord(w) &&
        typeof w.name === 'string' &&
        typeof w.dtype === 'string' &&
        Array.isArray(w.shape) &&
        w.shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0);
      if (!ok) throw new ModelFileError(where, `${at}.weights[${wi}] must be {"name", "shape": [non-negative integers], "dtype"}.`);
      return w as unknown as WeightSpec;
    });
    return { paths: g.paths as string[], weights };
  });
}

function storedDtype(spec: WeightSpec, where: FileLocation): string {
  const q = spec.quantization;
  if (q === undefined) {
    if (spec.dtype !== 'float32' && spec.dtype !== 'int32' && spec.dtype !== 'bool') {
      throw new ModelFileError(where, `weight "${spec.name}" has dtype "${spec.dtype}"; kfn reads float32, int32 and bool weights.`);
    }
    return spec.dtype;
  }
  if (!isRecord(q) || !['uint8', 'uint16', 'float16'].includes(q.dtype as string)) {
    throw new ModelFileError(
      where,
      `weight "${spec.name}" is quantized to "${isRecord(q) ? String(q.dtype) : '?'}", which kfn does not read; expected uint8, uint16 or float16.`,
    );
  }
  if (q.dtype !== 'float16' && (typeof q.scale !== 'number' || typeof q.min !== 'number')) {
    throw new ModelFileError(where, `weight "${spec.name}" is quantized to ${q.dtype} without a numeric scale and min.`);
  }
  return q.dtype;
}

function count(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Half-precision bits to a float. */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/**
 * Decodes one group's weights from its shards, concatenated in `paths` order and sliced
 * by the specs' sizes (a weight may span shards). Quantized weights are dequantized
 * (`v·scale + min`; float16 widened).
 */
export function decodeGroup(group: WeightsGroup, shards: readonly Uint8Array[], where: FileLocation): DecodedWeight[] {
  const specs = group.weights.map((spec) => ({ spec, dtype: storedDtype(spec, where) }));
  const needed = specs.reduce((n, { spec, dtype }) => n + count(spec.shape) * (BYTES[dtype] as number), 0);
  const total = shards.reduce((n, s) => n + s.length, 0);
  if (total < needed) {
    throw new ModelFileError(
      { ...where, member: group.paths.join(', ') },
      `the weight files hold ${total} bytes but the manifest's ${group.weights.length} weights need ${needed} (truncated?).`,
    );
  }
  const bytes = new Uint8Array(needed);
  let filled = 0;
  for (const s of shards) {
    if (filled >= needed) break;
    const part = s.subarray(0, needed - filled);
    bytes.set(part, filled);
    filled += part.length;
  }
  const view = new DataView(bytes.buffer);
  let offset = 0;
  return specs.map(({ spec, dtype }): DecodedWeight => {
    const n = count(spec.shape);
    let data: Float32Array | Int32Array;
    const q = spec.quantization;
    if (dtype === 'float32') data = new Float32Array(bytes.buffer.slice(offset, offset + 4 * n));
    else if (dtype === 'int32') data = new Int32Array(bytes.buffer.slice(offset, offset + 4 * n));
    else if (dtype === 'bool') data = Int32Array.from(bytes.subarray(offset, offset + n));
    else {
      const f = new Float32Array(n);
      const size = BYTES[dtype] as number;
      for (let i = 0; i < n; i++) {
        const at = offset + i * size;
        if (dtype === 'float16') f[i] = halfToFloat(view.getUint16(at, true));
        else {
          const v = dtype === 'uint8' ? view.getUint8(at) : view.getUint16(at, true);
          f[i] = v * (q?.scale as number) + (q?.min as number);
        }
      }
      data = spec.dtype === 'int32' ? Int32Array.from(f, Math.round) : f;
    }
    offset += n * (BYTES[dtype] as number);
    const out: DecodedWeight = { name: spec.name, shape: spec.shape, data };
    if (spec.group !== undefined) out.group = spec.group;
    return out;
  });
}

/** Concatenates weights into one `weights.bin`, little-endian, with their manifest specs. */
export function encodeWeights(weights: readonly DecodedWeight[]): { specs: WeightSpec[]; data: Uint8Array } {
  const size = weights.reduce((n, w) => n + w.data.byteLength, 0);
  const data = new Uint8Array(size);
  const view = new DataView(data.buffer);
  let offset = 0;
  const specs = weights.map((w): WeightSpec => {
    const isInt = w.data instanceof Int32Array;
    for (let i = 0; i < w.data.length; i++) {
      if (isInt) view.setInt32(offset + 4 * i, w.data[i] as number, true);
      else view.setFloat32(offset + 4 * i, w.data[i] as number, true);
    }
    offset += w.data.byteLength;
    const spec: WeightSpec = { name: w.name, shape: [...w.shape], dtype: isInt ? 'int32' : 'float32' };
    if (w.group !== undefined) spec.group = w.group;
    return spec;
  });
  return { specs, data };
}
