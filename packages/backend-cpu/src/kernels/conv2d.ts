// KfnConv2D on tfjs's cpu backend: im2col, then kfn's gemm on [rows, kh·kw·c]·[kh·kw·c, oc],
// against tfjs-backend-cpu's direct loop (~0.4 GFLOP/s). The filter [kh, kw, c, oc] is already
// the right operand in row-major order, so only the image side is rearranged, a chunk of output
// pixels at a time into a reused scratch buffer, so memory stays bounded for big images. (Filter
// gradients have their own kernel, conv2d-backprop-filter.ts, on the same im2col.)
import { KfnConv2D, type KfnConv2DAttrs } from '@kfn/backend-tfjs';
import type { FusableActivation } from '@kfn/graph';
import type { KernelConfig, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import { gemm } from './gemm.js';
import { requireInput } from './host-io.js';
import { SCRATCH_FLOATS, im2col, im2colScratch, intsAttr, isIdentityIm2col, outSize, type Conv2DGeometry } from './im2col.js';
import { cpuBackend, readFloat32 } from './kernel-io.js';

export { SCRATCH_FLOATS, type Conv2DGeometry };

const ACTIVATIONS = new Set(['linear', 'relu', 'relu6', 'sigmoid', 'elu', 'leakyrelu']);

function readAttrs(attrs: NamedAttrMap | undefined): KfnConv2DAttrs {
  const given = (attrs ?? {}) as Partial<Record<keyof KfnConv2DAttrs, unknown>>;
  const strides = intsAttr(KfnConv2D, 'strides', given.strides, 2, 1, '2 positive integers [sh, sw]') as [number, number];
  const pad = intsAttr(KfnConv2D, 'pad', given.pad, 4, 0, '4 non-negative integers [top, bottom, left, right]') as KfnConv2DAttrs['pad'];
  const dilations = intsAttr(KfnConv2D, 'dilations', given.dilations, 2, 1, '2 positive integers [dh, dw]') as [number, number];
  const { activation = 'linear', leakyreluAlpha = 0.2 } = given;
  if (typeof activation !== 'string' || !ACTIVATIONS.has(activation)) {
    throw new Error(`${KfnConv2D}: activation must be one of ${[...ACTIVATIONS].join(', ')}. Received: activation=${String(activation)}`);
  }
  if (typeof leakyreluAlpha !== 'number' || !Number.isFinite(leakyreluAlpha)) {
    throw new Error(`${KfnConv2D}: leakyreluAlpha must be a finite number. Received: leakyreluAlpha=${String(leakyreluAlpha)}`);
  }
  return { strides, pad, dilations, activation: activation as FusableActivation, leakyreluAlpha };
}

function rank4(name: string, info: TensorInfo, layout: string): [number, number, number, number] {
  const [a, b, c, d] = info.shape;
  if (info.shape.length !== 4 || a === undefined || b === undefined || c === undefined || d === undefined) {
    throw new Error(`${KfnConv2D}: input '${name}' must be rank 4 ${layout}. Received: shape=[${info.shape.join(',')}]`);
  }
  return [a, b, c, d];
}

export function conv2dGeometry(x: TensorInfo, filter: TensorInfo, { strides, pad, dilations }: KfnConv2DAttrs): Conv2DGeometry {
  const [batch, inHeight, inWidth, inChannels] = rank4('x', x, '[n, h, w, c]');
  const [filterHeight, filterWidth, filterChannels, outChannels] = rank4('filter', filter, '[kh, kw, c, oc]');
  if (filterChannels !== inChannels) {
    throw new Error(
      `${KfnConv2D}: input 'filter' must have x's ${inChannels} input channels in dimension 2. ` +
        `Received: x=[${x.shape.join(',')}], filter=[${filter.shape.join(',')}]`,
    );
  }
  if (filterHeight < 1 || filterWidth < 1) {
    throw new Error(`${KfnConv2D}: input 'filter' must be at least 1×1. Received: shape=[${filter.shape.join(',')}]`);
  }
  const outHeight = outSize(inHeight, pad[0], pad[1], filterHeight, dilations[0], strides[0]);
  const outWidth = outSize(inWidth, pad[2], pad[3], filterWidth, dilations[1], strides[1]);
  if (outHeight < 1 || outWidth < 1) {
    throw new Error(
      `${KfnConv2D}: the dilated filter must fit in the padded image (output at least 1×1). Received: ` +
        `x=[${x.shape.join(',')}], filter=[${filter.shape.join(',')}], pad=[${pad.join(',')}], ` +
        `dilations=[${dilations.join(',')}], strides=[${strides.join(',')}] → output ${outHeight}×${outWidth}`,
    );
  }
  return { batch, inHeight, inWidth, inChannels, filterHeight, filterWidth, outChannels, outHeight, outWidth, strides, pad, dilations };
}

/**
 * `activation(conv2d(x, filter) + bias)` as Float32Array `[n, oh, ow, oc]`, im2col'ing at most
 * `scratchFloats` values per gemm call (rounded to whole row pairs, at least two rows).
 * Sizes are trusted: `g` comes from `conv2dGeometry`.
 */
export function conv2dValues(
  x: Float32Array,
  filter: Float32Array,
  bias: Float32Array | null,
  g: Conv2DGeometry,
  activation: FusableActivation,
  leakyreluAlpha: number,
  scratchFloats = SCRATCH_FLOATS,
): Float32Array {
  const rows = g.batch * g.outHeight * g.outWidth;
  const k = g.filterHeight * g.filterWidth * g.inChannels;
  const n = g.outChannels;
  if (isIdentityIm2col(g) || rows === 0) return gemm(x, filter, rows, k, n, false, false, bias, activation, leakyreluAlpha);
  // gemm works two rows at a time: keep chunks even so only the last may have a lone row.
  const chunkRows = Math.min(rows, Math.max(2, 2 * Math.floor(scratchFloats / k / 2)));
  const scratch = im2colScratch(chunkRows * k);
  if (chunkRows === rows) {
    im2col(x, g, 0, rows, scratch);
    return gemm(scratch, filter, rows, k, n, false, false, bias, activation, leakyreluAlpha);
  }
  const out = new Float32Array(rows * n);
  for (let row0 = 0; row0 < rows; row0 += chunkRows) {
    const count = Math.min(chunkRows, rows - row0);
    im2col(x, g, row0, count, scratch);
    out.set(gemm(scratch, filter, count, k, n, false, false, bias, activation, leakyreluAlpha), row0 * n);
  }
  return out;
}

function conv2d({ inputs, backend, attrs }: { inputs: NamedTensorInfoMap; backend: object; attrs?: NamedAttrMap }): TensorInfo {
  const cpu = cpuBackend(KfnConv2D, backend);
  const a = readAttrs(attrs);
  const x = requireInput(KfnConv2D, inputs, 'x');
  const filter = requireInput(KfnConv2D, inputs, 'filter');
  const g = conv2dGeometry(x, filter, a);
  const biasInfo = inputs['bias'];
  let bias: Float32Array | null = null;
  if (biasInfo != null) {
    if (biasInfo.shape.length !== 1 || biasInfo.shape[0] !== g.outChannels) {
      throw new Error(`${KfnConv2D}: input 'bias' must be rank 1 of length oc=${g.outChannels}. Received: shape=[${biasInfo.shape.join(',')}]`);
    }
    bias = readFloat32(KfnConv2D, cpu, 'bias', biasInfo);
  }
  const out = conv2dValues(
    readFloat32(KfnConv2D, cpu, 'x', x),
    readFloat32(KfnConv2D, cpu, 'filter', filter),
    bias, g, a.activation, a.leakyreluAlpha,
  );
  return cpu.makeTensorInfo([g.batch, g.outHeight, g.outWidth, g.outChannels], 'float32', out);
}

export const conv2dConfig: KernelConfig = { kernelName: KfnConv2D, backendName: 'cpu', kernelFunc: conv2d };
