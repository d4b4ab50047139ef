// Registers kfn's own wasm kernel with tfjs-core, where `createTfjsBackend` finds it by name.
import type { TfjsCore } from '@kfn/backend-tfjs';
import { matMulConfig } from './mat-mul.js';

/**
 * Registers KfnMatMul for tfjs's 'wasm' backend. Idempotent: a name already registered for
 * 'wasm' is left alone (tfjs would warn and replace it). No fused optimizer kernels here: tfjs's
 * SIMD element-wise kernels composed beat a JavaScript loop over the heap on large weights.
 */
export function registerWasmKernels(tf: TfjsCore): void {
  if (tf.getKernel(matMulConfig.kernelName, matMulConfig.backendName) == null) tf.registerKernel(matMulConfig);
}
