import type * as tfc from '@tensorflow/tfjs-core';
import type { TfjsCore } from '../tfjs-backend.js';

type T = tfc.Tensor;

/** Where a 2-D window sits: the geometry of a convolution or pooling over NHWC data. */
export interface Window {
  /** Window height and width (kernel or pool size). */
  readonly size: readonly [number, number];
  readonly strides: readonly [number, number];
  readonly dilations: readonly [number, number];
  /** Padding before the first row and column. */
  readonly top: number;
  readonly left: number;
  /** Output height and width. */
  readonly out: readonly [number, number];
}

/**
 * The window's taps over `x` `[b, h, w, c]`: one `[b, oh, ow, c]` tensor per (i, j) in row-major
 * order, tap (i, j) holding `x[b, oy·sh + i·dh - top, ox·sw + j·dw - left, c]` (`padValue` outside).
 * Strided slices of a padded copy: kernels every tfjs backend has.
 */
export function windowTaps(tf: TfjsCore, x: T, win: Window, padValue = 0): T[] {
  const [b, h, w, c] = x.shape as [number, number, number, number];
  const [kh, kw] = win.size;
  const [sh, sw] = win.strides;
  const [dh, dw] = win.dilations;
  const [oh, ow] = win.out;
  const spanH = (kh - 1) * dh + (oh - 1) * sh + 1;
  const spanW = (kw - 1) * dw + (ow - 1) * sw + 1;
  const bottom = Math.max(0, spanH - win.top - h);
  const right = Math.max(0, spanW - win.left - w);
  const padded =
    win.top || bottom || win.left || right
      ? tf.pad(x, [[0, 0], [win.top, bottom], [win.left, right], [0, 0]], padValue)
      : x;
  const taps: T[] = [];
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const begin = [0, i * dh, j * dw, 0];
      taps.push(
        sh === 1 && sw === 1
          ? tf.slice(padded, begin, [b, oh, ow, c])
          : tf.stridedSlice(padded, begin, [b, i * dh + (oh - 1) * sh + 1, j * dw + (ow - 1) * sw + 1, c], [1, sh, sw, 1]),
      );
    }
  }
  return taps;
}

/**
 * The inverse placement of `windowTaps`: `cols` `[b, oh, ow, k, c]` (k = window taps) summed
 * back into `[b, h, w, c]`, overlapping windows adding up and padding dropped. One scatter
 * with a host-computed index per (oy, ox, tap); padded positions go to a spare row.
 */
export function col2im(tf: TfjsCore, cols: T, win: Window, h: number, w: number): T {
  const [b, oh, ow, k, c] = cols.shape as [number, number, number, number, number];
  const [kh, kw] = win.size;
  const [sh, sw] = win.strides;
  const [dh, dw] = win.dilations;
  const index = new Int32Array(oh * ow * k);
  let n = 0;
  for (let oy = 0; oy < oh; oy++) {
    for (let ox = 0; ox < ow; ox++) {
      for (let i = 0; i < kh; i++) {
        for (let j = 0; j < kw; j++) {
          const y = oy * sh + i * dh - win.top;
          const x = ox * sw + j * dw - win.left;
          index[n++] = y >= 0 && y < h && x >= 0 && x < w ? y * w + x : h * w;
        }
      }
    }
  }
  const updates = tf.reshape(tf.transpose(cols, [1, 2, 3, 0, 4]), [oh * ow * k, b * c]);
  const summed = tf.scatterND(tf.tensor2d(index, [oh * ow * k, 1], 'int32'), updates, [h * w + 1, b * c]);
  const image = tf.reshape(tf.slice(summed, [0, 0], [h * w, b * c]), [h, w, b, c]);
  return tf.transpose(image, [2, 0, 1, 3]);
}
