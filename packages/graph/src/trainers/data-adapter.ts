import type { Backend, Tensor, TypedArray } from '../backend/backend.js';
import type { DType } from '../common/dtype.js';
import { ValueError } from '../common/errors.js';
import { isPlainRecord } from '../common/nest.js';
import { formatShape, type Shape } from '../common/shape.js';
import type { InputData, NestedNumbers } from '../engine/predict.js';

/**
 * Training data on the host: every array (inputs, targets, sample weights) is a typed array
 * of rows. Batches are cut from it without a device gather: contiguous rows are a view,
 * shuffled rows are copied into one buffer allocated once per array.
 */
export interface HostArray {
  readonly data: TypedArray;
  readonly rowShape: readonly number[];
  readonly rowSize: number;
  readonly rows: number;
  readonly dtype: DType;
}

/** `x`, `y` or a sample weight: one array, one per input/output, or a record by name. */
export type DataStructure = InputData | readonly InputData[] | { readonly [name: string]: InputData };

export const isTypedArray = (x: unknown): x is TypedArray =>
  x instanceof Float32Array || x instanceof Int32Array || x instanceof Uint8Array;
export const isTensor = (x: unknown): x is Tensor =>
  typeof x === 'object' && x !== null && !Array.isArray(x) && !isTypedArray(x) && 'shape' in x && 'dtype' in x;

/** Where a structure's entries go: its names, expected shapes (batch first) and dtypes. */
export interface Slots {
  /** `x`, `y` or `sampleWeight`, for messages. */
  readonly what: string;
  readonly model: string;
  readonly names: readonly string[];
  /** Other accepted keys per slot (a record output's key when it differs from the layer name). */
  readonly aliases?: readonly (string | undefined)[];
  readonly shapes: readonly (Shape | null)[];
  readonly dtypes: readonly DType[];
}

function depth(x: unknown): number {
  let d = 0;
  for (; Array.isArray(x); x = x[0]) d++;
  return d;
}

/** Splits `value` into one entry per slot, checking names and counts (before any step runs). */
export function splitStructure(value: DataStructure, slots: Slots): InputData[] {
  const n = slots.names.length;
  const list = (names: readonly string[]) => names.map((k) => `"${k}"`).join(', ');
  if (isPlainRecord(value) && !isTensor(value)) {
    const record = value as Record<string, InputData>;
    const out = slots.names.map((name, i) => record[name] ?? (slots.aliases?.[i] ? record[slots.aliases[i] as string] : undefined));
    const known = new Set([...slots.names, ...(slots.aliases ?? []).filter((a): a is string => !!a)]);
    const unknown = Object.keys(record).filter((k) => !known.has(k));
    if (unknown.length > 0) {
      throw new ValueError(`Model "${slots.model}" received unknown ${slots.what} name(s) ${list(unknown)}; expected ${list(slots.names)}.`);
    }
    const missing = slots.names.filter((_, i) => out[i] === undefined);
    if (missing.length > 0) {
      throw new ValueError(`Model "${slots.model}" is missing ${slots.what} for ${list(missing)}; received ${list(Object.keys(record)) || 'none'}.`);
    }
    return out as InputData[];
  }
  if (isTensor(value) || isTypedArray(value)) {
    if (n !== 1) throw new ValueError(`Model "${slots.model}" expects ${n} ${slots.what} arrays (${list(slots.names)}); received one.`);
    return [value];
  }
  if (!Array.isArray(value)) {
    throw new ValueError(
      `Model "${slots.model}": \`${slots.what}\` must be a tensor, a typed array, nested arrays, a list of them or a record by name; received ${typeof value}.`,
    );
  }
  const first: unknown = value[0];
  const shape0 = slots.shapes[0];
  const isList =
    n > 1 ? true : isTensor(first) || isTypedArray(first) || (shape0 != null && depth(value) > shape0.length && value.length === 1);
  const entries = isList ? (value as readonly InputData[]) : [value as InputData];
  if (entries.length !== n) {
    throw new ValueError(`Model "${slots.model}" expects ${n} ${slots.what} arrays (${list(slots.names)}); received ${entries.length}.`);
  }
  return [...entries];
}

/** One entry to host rows. Device tensors are read once here. */
export function toHost(value: InputData, dtype: DType, rowShapeHint: readonly (number | null)[] | null, where: string, ops: Backend | null): HostArray {
  if (isTensor(value)) {
    if (!ops) throw new ValueError(`${where}: a tensor needs an active backend to be read.`);
    const rowShape = value.shape.slice(1);
    return make(ops.readSync(value), rowShape, value.shape[0] ?? 0, dtype);
  }
  if (isTypedArray(value)) {
    const hint = rowShapeHint ?? [];
    if (hint.some((d) => d === null)) {
      throw new ValueError(`${where} has shape ${formatShape([null, ...hint])}: a typed array needs every dimension but the batch known; pass a tensor or nested arrays.`);
    }
    const rowShape = hint as number[];
    const rowSize = rowShape.reduce((a, b) => a * b, 1);
    if (value.length % rowSize !== 0) {
      throw new ValueError(`${where} expects rows of shape ${formatShape([null, ...rowShape])} (${rowSize} values each); received a typed array of ${value.length} values.`);
    }
    return make(value, rowShape, value.length / rowSize, dtype);
  }
  const shape: number[] = [];
  for (let v: unknown = value; Array.isArray(v); v = v[0]) shape.push(v.length);
  const isInt = dtype === 'int32' || dtype === 'int64' || dtype === 'bool';
  const size = shape.reduce((a, b) => a * b, 1);
  const data = isInt ? new Int32Array(size) : new Float32Array(size);
  let k = 0;
  const visit = (v: NestedNumbers, d: number): void => {
    if (d === shape.length) {
      if (typeof v !== 'number') throw new ValueError(`${where}: nested arrays must hold numbers; received ${typeof v}.`);
      data[k++] = v;
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[d]) {
      throw new ValueError(`${where}: nested arrays must be rectangular, of shape ${JSON.stringify(shape)} (from their first elements).`);
    }
    for (const c of v as readonly NestedNumbers[]) visit(c, d + 1);
  };
  visit(value as NestedNumbers, 0);
  return make(data, shape.slice(1), shape[0] ?? 0, dtype);
}

function make(data: TypedArray, rowShape: readonly number[], rows: number, dtype: DType): HostArray {
  const rowSize = rowShape.reduce((a, b) => a * b, 1);
  const isInt = dtype === 'int32' || dtype === 'int64' || dtype === 'bool';
  // The tensor's dtype follows the model's input, whatever typed array the rows came in.
  const typed = isInt ? (data instanceof Int32Array ? data : Int32Array.from(data)) : data instanceof Float32Array ? data : Float32Array.from(data);
  return { data: typed, rowShape, rowSize, rows, dtype: isInt ? 'int32' : 'float32' };
}

/** Rows `[start, end)` of `a`, as a view. */
export function sliceRows(a: HostArray, start: number, end: number): HostArray {
  return { ...a, data: a.data.subarray(start * a.rowSize, end * a.rowSize), rows: end - start };
}

/** Cuts batches from host arrays; `order` is a permutation of rows (or null: in order). */
export class BatchFeeder {
  private readonly buffers: (TypedArray | null)[];

  constructor(
    readonly arrays: readonly HostArray[],
    readonly batchSize: number,
  ) {
    this.buffers = arrays.map(() => null);
  }

  get rows(): number {
    return this.arrays[0]?.rows ?? 0;
  }

  get steps(): number {
    return Math.ceil(this.rows / this.batchSize);
  }

  /** The tensors of batch `step` (the caller disposes them, usually through `tidy`). */
  batch(step: number, order: Int32Array | null, ops: Backend): Tensor[] {
    const start = step * this.batchSize;
    const end = Math.min(this.rows, start + this.batchSize);
    const n = end - start;
    return this.arrays.map((a, i) => {
      const shape = [n, ...a.rowShape];
      if (order === null) return ops.tensor(a.data.subarray(start * a.rowSize, end * a.rowSize), shape, a.dtype);
      let buf = this.buffers[i] ?? null;
      if (buf === null) {
        const size = Math.min(this.batchSize, a.rows) * a.rowSize;
        buf = a.data instanceof Int32Array ? new Int32Array(size) : new Float32Array(size);
        this.buffers[i] = buf;
      }
      const rs = a.rowSize;
      for (let r = 0; r < n; r++) {
        const src = (order[start + r] as number) * rs;
        buf.set(a.data.subarray(src, src + rs), r * rs);
      }
      // The tensor may keep a reference to `buf` (tfjs-cpu does): it is disposed before the next batch overwrites it.
      return ops.tensor(buf.subarray(0, n * rs), shape, a.dtype);
    });
  }
}

/** A random permutation of `n` rows (Fisher–Yates). */
export function shuffledOrder(n: number, random: () => number = Math.random): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i] as number;
    order[i] = order[j] as number;
    order[j] = t;
  }
  return order;
}
