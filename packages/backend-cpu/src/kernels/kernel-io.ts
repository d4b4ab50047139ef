// Reading kernel inputs from, and handing outputs to, tfjs-backend-cpu. The backend is typed by
// the two methods used, not by tfjs-backend-cpu's internals: its `readSync` returns the stored
// Float32Array of a float32 tensor without a copy (`util.convertBackendValuesAndArrayBuffer`
// passes a Float32Array through), and `makeTensorInfo` keeps the array it is given, so a kernel
// may fill an output after making it. Inputs are read-only.
import { float32Values, requireFloat32, type HostIO } from './host-io.js';
import type { DataType, TensorInfo } from '@tensorflow/tfjs-core';

export interface CpuBackendLike {
  readSync(dataId: object): unknown;
  makeTensorInfo(shape: number[], dtype: DataType, values: Float32Array): TensorInfo;
}

/** The `backend` a kernel function receives (typed `{}` by tfjs-core), checked for the methods used. */
export function cpuBackend(kernel: string, backend: object): CpuBackendLike {
  const b = backend as Partial<CpuBackendLike>;
  if (typeof b.readSync !== 'function' || typeof b.makeTensorInfo !== 'function') {
    throw new Error(`${kernel}: expected tfjs's cpu backend (with readSync and makeTensorInfo). Received: ${backend.constructor.name}`);
  }
  return backend as CpuBackendLike;
}

/** kfn's host kernels on tfjs-backend-cpu's storage. */
export function cpuHostIO(backend: object): HostIO {
  const cpu = cpuBackend('kfn cpu kernel', backend);
  return {
    values: (info) => cpu.readSync(info.dataId) as ArrayLike<number>,
    allocate: (shape) => cpu.makeTensorInfo(shape, 'float32', new Float32Array(shape.reduce((a, b) => a * b, 1))),
  };
}

/** The stored values of a float32 input (no copy: read-only). */
export function readFloat32(kernel: string, backend: object, name: string, info: TensorInfo): Float32Array {
  return float32Values(kernel, cpuHostIO(backend), name, requireFloat32(kernel, name, info));
}
