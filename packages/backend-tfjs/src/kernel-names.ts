// kfn's own tfjs kernels, by name (tfjs-core's kernel_names.ts contract): a backend package may
// register an implementation of any of these for its tfjs backend, and `createTfjsBackend`
// uses it where registered, composing tfjs's own kernels where not.
import type { FusableActivation } from '@kfn/graph';

/**
 * `activation(op(a) · op(b) + bias)` for rank-2 float32 `a`, `b` and an optional rank-1 `bias`
 * of length n, where op transposes when asked. Output `[m, n]` float32.
 * Inputs: `{ a, b, bias? }`. Never taped: kfn calls it only where no gradient tape records it.
 */
export const KfnMatMul = 'KfnMatMul';
export interface KfnMatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
  activation: FusableActivation;
  /** The slope of `leakyrelu` (Keras's LeakyReLU default in an activation string is 0.2). */
  leakyreluAlpha: number;
}

/**
 * `activation(conv2d(x, filter) + bias)`, NHWC: `x` `[n, h, w, c]`, `filter` `[kh, kw, c, oc]`,
 * optional `bias` `[oc]`, all float32. Padding is explicit (`pad`: top, bottom, left, right
 * zeros around the image; kfn computes 'same' as tfjs does); a dilated filter samples every
 * `dilations[i]`-th pixel. Output `[n, oh, ow, oc]` with
 * `oh = floor((h + top + bottom − dilations[0]·(kh − 1) − 1) / strides[0]) + 1` (likewise ow).
 * Inputs: `{ x, filter, bias? }`. Never taped, like KfnMatMul.
 */
export const KfnConv2D = 'KfnConv2D';
export interface KfnConv2DAttrs {
  strides: [number, number];
  pad: [top: number, bottom: number, left: number, right: number];
  dilations: [number, number];
  activation: FusableActivation;
  leakyreluAlpha: number;
}

/**
 * The filter gradient of KfnConv2D: `dfilter[ky, kx, c, oc] = Σ_{b, oy, ox} x[b, iy, ix, c] ·
 * dy[b, oy, ox, oc]` with `iy = oy·strides[0] − top + ky·dilations[0]` and
 * `ix = ox·strides[1] − left + kx·dilations[1]` (zero outside the image), i.e. im2col(x)ᵀ · dy.
 * Inputs: `{ x, dy }`: `x` `[n, h, w, c]`, `dy` `[n, oh, ow, oc]` float32. Attrs: the forward
 * convolution's `strides`, explicit `pad` and `dilations`, and `filterShape` `[kh, kw, c, oc]`.
 * Output `[kh, kw, c, oc]` float32. Never taped.
 */
export const KfnConv2DBackpropFilter = 'KfnConv2DBackpropFilter';
export interface KfnConv2DBackpropFilterAttrs {
  strides: [number, number];
  pad: [top: number, bottom: number, left: number, right: number];
  dilations: [number, number];
  filterShape: [number, number, number, number];
}

/**
 * Keras 3's RMSprop step for one weight, as TensorFlow's ApplyRMSProp: one pass instead of
 * about ten element-wise kernels.
 * `vel' = ρ·vel + (1−ρ)·g²; avg' = ρ·avg + (1−ρ)·g (centered);
 * inc = lr·g / sqrt(vel' − avg'² + ε) (the `avg'²` term only when centered);
 * mom' = μ·mom + inc (when momentum > 0); var' = var − (mom' or inc)`.
 * Inputs: `{ variable, grad, lr, velocity, momentum?, averageGradient? }` (float32; `lr` scalar).
 * Outputs, in order: `var'`, `vel'`, then `mom'` if `momentum` was given, then `avg'` if
 * `averageGradient` was given.
 */
export const KfnApplyRMSProp = 'KfnApplyRMSProp';
export interface KfnApplyRMSPropAttrs {
  rho: number;
  momentum: number;
  epsilon: number;
}

/**
 * Keras 3's Adam step for one weight, as TensorFlow's ApplyAdam: one pass.
 * `α = lr·sqrt(1−β₂ᵗ)/(1−β₁ᵗ); m' = m + (g−m)(1−β₁); v' = v + (g²−v)(1−β₂);
 * v̂' = max(v̂, v') (amsgrad); var' = var − α·m'/(sqrt(v̂' or v') + ε)`.
 * Inputs: `{ variable, grad, lr, step, m, v, vHat? }` (float32; `lr` and `step` = t scalars).
 * Outputs, in order: `var'`, `m'`, `v'`, then `v̂'` if `vHat` was given.
 */
export const KfnApplyAdam = 'KfnApplyAdam';
export interface KfnApplyAdamAttrs {
  beta1: number;
  beta2: number;
  epsilon: number;
}
