// The im2col matrix of a convolution, shared by KfnConv2D (im2col(x) · filter) and
// KfnConv2DBackpropFilter (im2col(x)ᵀ · dy): row (b, oy, ox) holds the kh·kw·c input values
// under the filter at that output pixel. Both build it a chunk of rows at a time into one reused
// scratch buffer (the kernels are synchronous, so they can share it).

/**
 * im2col scratch per gemm call: 512K floats (2 MB). Measured flat from 256 KB to 4 MB on the
 * forward benchmark shapes; below that, per-call overhead shows on small k.
 */
export const SCRATCH_FLOATS = 1 << 19;

// Reused between calls so that steady-state training allocates only the outputs.
let scratch = new Float32Array(0);

/** The shared scratch, at least `floats` long. Valid until the next call. */
export function im2colScratch(floats: number): Float32Array {
  if (scratch.length < floats) scratch = new Float32Array(floats);
  return scratch;
}

/** Sizes of one convolution, validated. */
export interface Conv2DGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  filterHeight: number;
  filterWidth: number;
  outChannels: number;
  outHeight: number;
  outWidth: number;
  strides: [number, number];
  pad: [number, number, number, number];
  dilations: [number, number];
}

/** An attr that must be `length` integers ≥ `min`. */
export function intsAttr(kernel: string, name: string, value: unknown, length: number, min: number, expected: string): number[] {
  const ok = Array.isArray(value) && value.length === length && value.every((v) => Number.isInteger(v) && v >= min);
  if (!ok) throw new Error(`${kernel}: attr '${name}' must be ${expected}. Received: ${name}=${JSON.stringify(value)}`);
  return value as number[];
}

/** Output size along one axis, as the kernel contracts define it. */
export function outSize(size: number, before: number, after: number, kernel: number, dilation: number, stride: number): number {
  return Math.floor((size + before + after - dilation * (kernel - 1) - 1) / stride) + 1;
}

/** A 1×1 filter at stride 1 without padding: x itself is the [n·h·w, c] im2col matrix. */
export function isIdentityIm2col(g: Conv2DGeometry): boolean {
  return g.filterHeight === 1 && g.filterWidth === 1 && g.strides[0] === 1 && g.strides[1] === 1 && g.pad.every((p) => p === 0);
}

/**
 * Rows `[row0, row0 + rows)` of the im2col matrix into `dst`: row (b, oy, ox) holds, for each
 * (ky, kx), the c channels of x[b, oy·sh − top + ky·dh, ox·sw − left + kx·dw, :], or zeros
 * outside the image.
 */
export function im2col(x: Float32Array, g: Conv2DGeometry, row0: number, rows: number, dst: Float32Array): void {
  const { inHeight: h, inWidth: w, inChannels: c, filterHeight: kh, filterWidth: kw, outHeight: oh, outWidth: ow } = g;
  const [sh, sw] = g.strides;
  const [dh, dw] = g.dilations;
  const top = g.pad[0];
  const left = g.pad[2];
  const rowLength = kh * kw * c;
  const spanLength = kw * c;
  let b = Math.floor(row0 / (oh * ow));
  let oy = Math.floor(row0 / ow) % oh;
  let ox = row0 % ow;
  for (let r = 0, d = 0; r < rows; r++, d += rowLength) {
    const ix0 = ox * sw - left;
    // The kx with ix inside the image: [kxFrom, kxTo).
    const kxFrom = ix0 >= 0 ? 0 : Math.min(kw, Math.ceil(-ix0 / dw));
    const kxTo = Math.max(kxFrom, Math.min(kw, Math.ceil((w - ix0) / dw)));
    for (let ky = 0; ky < kh; ky++) {
      const iy = oy * sh - top + ky * dh;
      const span = d + ky * spanLength;
      if (iy < 0 || iy >= h) {
        dst.fill(0, span, span + spanLength);
        continue;
      }
      if (kxFrom > 0) dst.fill(0, span, span + kxFrom * c);
      if (kxTo < kw) dst.fill(0, span + kxTo * c, span + spanLength);
      const rowStart = ((b * h + iy) * w + ix0) * c;
      if (dw === 1) {
        // Contiguous in x: one run of (kxTo − kxFrom)·c values.
        for (let s = rowStart + kxFrom * c, t = span + kxFrom * c, end = span + kxTo * c; t < end; s++, t++) dst[t] = x[s]!;
      } else {
        for (let kx = kxFrom; kx < kxTo; kx++) {
          const s = rowStart + kx * dw * c;
          const t = span + kx * c;
          for (let ch = 0; ch < c; ch++) dst[t + ch] = x[s + ch]!;
        }
      }
    }
    if (++ox === ow) {
      ox = 0;
      if (++oy === oh) {
        oy = 0;
        b++;
      }
    }
  }
}
