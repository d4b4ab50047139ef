// How kfn's host kernels (JavaScript loops over typed arrays) reach a tfjs backend's data, and
// the input checks they share. tfjs-backend-cpu keeps each tensor in a typed array (kernel-io.ts).
// The optimizer kernels take a HostIO rather than the cpu backend itself: tfjs-backend-wasm's
// heap is reachable the same way, but there tfjs's SIMD kernels composed beat a JavaScript loop
// on large weights (a [784, 64] RMSprop step: 276 µs composed, 534 µs as one loop).
import type { NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';

export interface HostIO {
  /**
   * The values of a float32 or int32 tensor: a view of the backend's own storage, so read-only
   * for inputs. A view may be invalidated by `allocate` (a wasm heap that grows gets a new
   * buffer): allocate every output first, then take views.
   */
  values(info: TensorInfo): ArrayLike<number>;
  /** A new float32 tensor of `shape`, to be written through `values`. */
  allocate(shape: number[]): TensorInfo;
}

/** Attributes that must be finite numbers, by name. */
export function finiteAttrs<K extends string>(kernel: string, attrs: object | undefined, names: readonly K[]): Record<K, number> {
  const given = (attrs ?? {}) as Record<string, unknown>;
  const out = {} as Record<K, number>;
  for (const name of names) {
    const value = given[name];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new Error(`${kernel}: attr '${name}' must be a finite number. Received: ${name}=${String(value)}`);
    }
    out[name] = value;
  }
  return out;
}

export function sizeOf(shape: readonly number[]): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

/** `inputs[name]`, which must be present. */
export function requireInput(kernel: string, inputs: NamedTensorInfoMap, name: string): TensorInfo {
  const info = inputs[name];
  if (info == null) throw new Error(`${kernel}: input '${name}' is required. Received: ${String(info)}`);
  return info;
}

export function requireFloat32(kernel: string, name: string, info: TensorInfo): TensorInfo {
  if (info.dtype !== 'float32') throw new Error(`${kernel}: input '${name}' must be float32. Received: dtype=${info.dtype}`);
  return info;
}

/** A float32 input of exactly `size` elements (an optimizer slot or gradient for `variable`). */
export function requireSameSize(kernel: string, name: string, info: TensorInfo, size: number): TensorInfo {
  const actual = sizeOf(info.shape);
  if (actual !== size) {
    throw new Error(`${kernel}: input '${name}' must have the variable's ${size} elements. Received: shape=[${info.shape.join(',')}] (${actual} elements)`);
  }
  return requireFloat32(kernel, name, info);
}

/** The single value of a numeric scalar input (shape `[]` or any shape of size 1). */
export function readScalar(kernel: string, io: HostIO, name: string, info: TensorInfo): number {
  if (sizeOf(info.shape) !== 1) {
    throw new Error(`${kernel}: input '${name}' must be a scalar. Received: shape=[${info.shape.join(',')}]`);
  }
  if (info.dtype !== 'float32' && info.dtype !== 'int32') {
    throw new Error(`${kernel}: input '${name}' must be float32 or int32. Received: dtype=${info.dtype}`);
  }
  return io.values(info)[0] as number;
}

/** A float32 view, checked: a backend handing back anything else is a bug worth naming. */
export function float32Values(kernel: string, io: HostIO, name: string, info: TensorInfo): Float32Array {
  const values = io.values(info);
  if (!(values instanceof Float32Array)) {
    throw new Error(`${kernel}: input '${name}' must be stored as a Float32Array. Received: ${Object.prototype.toString.call(values)}`);
  }
  return values;
}
