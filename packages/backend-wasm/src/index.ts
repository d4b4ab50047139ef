// @kfn/backend-wasm: kfn on tfjs's WebAssembly kernels (registering them is this module's side effect).
import { tfjsProvider } from '@kfn/backend-tfjs';
import type { BackendProvider } from '@kfn/graph';
import '@tensorflow/tfjs-backend-cpu';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { registerWasmKernels } from './kernels/register.js';

// kfn's own wasm kernel (KfnMatMul: a leaner binding of tfjs's XNNPACK product), found by name.
registerWasmKernels(tf);

/** The binaries tfjs-backend-wasm may fetch: plain, SIMD, and SIMD with threads. */
export type WasmBinaryName = 'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm';

export interface WasmOptions {
  /**
   * Where the `.wasm` files are served, for browsers: a URL prefix ending in `/`, or one URL
   * per file. Node finds them in the installed package by itself.
   */
  wasmPaths?: string | Partial<Record<WasmBinaryName, string>>;
  /** Fetch the binaries with the platform's `fetch` rather than tfjs's. */
  usePlatformFetch?: boolean;
  /** Threads for the threaded build (used only where the page is cross-origin isolated). */
  threadsCount?: number;
}

/**
 * A wasm provider with options (browsers: `createWasmProvider({ wasmPaths: '/wasm/' })`).
 * SIMD is used where the engine supports it, threads where `SharedArrayBuffer` is allowed
 * (COOP/COEP headers): tfjs detects both when it loads.
 */
export function createWasmProvider(options: WasmOptions = {}): BackendProvider {
  return tfjsProvider(tf, 'wasm', {
    explicitTranspose: true,
    transposedConvAsConv: true,
    maxPoolGradFromOps: true,
    prepare: () => {
      if (options.wasmPaths !== undefined) setWasmPaths(options.wasmPaths, options.usePlatformFetch);
      if (options.threadsCount !== undefined) setThreadsCount(options.threadsCount);
    },
    // tfjs-core's Node build registers no gradient functions: load ours on first use.
    loadGradients: () => import('@kfn/backend-tfjs/register-gradients'),
    hint:
      'In a browser, serve the .wasm files of @tensorflow/tfjs-backend-wasm (dist/*.wasm) and pass their location: ' +
      "createWasmProvider({ wasmPaths: '/path/to/wasm/' }).",
  });
}

export { registerWasmKernels };

// Opt-in: kfn's training never needs them (see cpu-fallbacks.ts).
export { CPU_FALLBACK_KERNELS, registerCpuFallbacks } from './cpu-fallbacks.js';

/** `await useBackend(wasm)`: fast kernels in Node and browsers (the binary loads on first use). */
export const wasm: BackendProvider = createWasmProvider();
