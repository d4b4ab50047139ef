/** A plain n-dimensional array on the host, as numpy gives it: flat data and a shape. */
export interface HostArray<T extends Uint8Array | Int32Array | Float32Array | Float64Array = Uint8Array | Int32Array | Float32Array | Float64Array> {
  readonly data: T;
  readonly shape: readonly number[];
  readonly dtype: 'uint8' | 'int32' | 'float32' | 'float64' | 'bool';
}

/** The data set error: which file or address, and what was wrong. */
export class DatasetError extends Error {
  override name = 'DatasetError';
}

export type Split<X extends HostArray = HostArray<Uint8Array>, Y extends HostArray = HostArray<Uint8Array>> = [X, Y];
