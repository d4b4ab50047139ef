import { KfnMatMul, type KfnMatMulAttrs } from '@kfn/backend-tfjs';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

/** What this kernel uses of tfjs-backend-wasm's backend and Emscripten module (4.22). */
interface WasmBackendLike {
  dataIdMap: { get(dataId: object): { id: number } | undefined };
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  wasm: {
    HEAP32: Int32Array;
    _malloc(bytes: number): number;
    /** tfjs's C entry point `_FusedMatMul` (`cc/kernels/_FusedMatMul.cc`), the one its own kernel calls through `ccall`. */
    __FusedMatMul(
      aId: number,
      aShapePtr: number,
      aRank: number,
      bId: number,
      bShapePtr: number,
      bRank: number,
      transposeA: number,
      transposeB: number,
      activation: number,
      biasId: number,
      preluWeightsId: number,
      leakyreluAlpha: number,
      outId: number,
    ): void;
  };
}

/** tfjs-backend-wasm's `FusableActivation` (`cc/fusable_activations.h`). */
const ACTIVATION_CODE: Record<KfnMatMulAttrs['activation'], number> = {
  linear: 0,
  relu: 1,
  relu6: 2,
  leakyrelu: 4,
  sigmoid: 5,
  elu: 6,
};

// Two rank-3 shapes, written before each call: the wasm heap slot is allocated once per module.
const shapeSlots = new WeakMap<object, number>();

function idOf(backend: WasmBackendLike, x: TensorInfo, name: string): number {
  const data = backend.dataIdMap.get(x.dataId);
  if (data === undefined) throw new Error(`${KfnMatMul} (wasm): input "${name}" has no data on the wasm backend.`);
  return data.id;
}

/**
 * tfjs's own XNNPACK matrix product, called without its JS wrapper's per-call costs (rank-3
 * shape checks, two typed arrays and a stack copy for the shapes, `ccall`): ~1.5 µs of the
 * 2.5 µs a [1, 64]·[64, 10] product takes through it, which is most of a batch-1 prediction.
 */
const kernelFunc = ({ inputs, backend, attrs }: Parameters<KernelFunc>[0]): TensorInfo => {
  const { a, b, bias } = inputs as { a: TensorInfo; b: TensorInfo; bias?: TensorInfo };
  const { transposeA, transposeB, activation, leakyreluAlpha } = attrs as unknown as KfnMatMulAttrs;
  const wasm = backend as unknown as WasmBackendLike;
  if (a.shape.length !== 2 || b.shape.length !== 2 || a.dtype !== 'float32' || b.dtype !== 'float32') {
    throw new Error(
      `${KfnMatMul} (wasm) expects rank-2 float32 a and b; received a ${a.dtype}[${a.shape.join(', ')}] and b ${b.dtype}[${b.shape.join(', ')}].`,
    );
  }
  const [m, k] = transposeA ? [a.shape[1] as number, a.shape[0] as number] : (a.shape as [number, number]);
  const [kb, n] = transposeB ? [b.shape[1] as number, b.shape[0] as number] : (b.shape as [number, number]);
  if (k !== kb) {
    throw new Error(`${KfnMatMul} (wasm): inner dimensions differ: a gives ${k}, b gives ${kb} (a [${a.shape.join(', ')}], b [${b.shape.join(', ')}]).`);
  }
  if (bias && (bias.shape.length !== 1 || bias.shape[0] !== n)) {
    throw new Error(`${KfnMatMul} (wasm) expects a bias of shape [${n}]; received [${bias.shape.join(', ')}].`);
  }
  const module = wasm.wasm;
  let slot = shapeSlots.get(module);
  if (slot === undefined) shapeSlots.set(module, (slot = module._malloc(24)));
  // HEAP32 is re-read every call: growing the memory replaces the view.
  module.HEAP32.set([1, a.shape[0] as number, a.shape[1] as number, 1, b.shape[0] as number, b.shape[1] as number], slot >> 2);
  const out = wasm.makeOutput([m, n], 'float32');
  module.__FusedMatMul(
    idOf(wasm, a, 'a'),
    slot,
    3,
    idOf(wasm, b, 'b'),
    slot + 12,
    3,
    transposeA ? 1 : 0,
    transposeB ? 1 : 0,
    ACTIVATION_CODE[activation],
    bias ? idOf(wasm, bias, 'bias') : 0,
    0,
    leakyreluAlpha,
    idOf(wasm, out, 'output'),
  );
  return out;
};

export const matMulConfig: KernelConfig = { kernelName: KfnMatMul, backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelFunc };
