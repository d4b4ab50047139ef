import type { Tensor, TypedArray } from '../backend/backend.js';
import { getBackend } from '../backend/registry.js';
import type { DType } from '../common/dtype.js';
import { ValueError } from '../common/errors.js';
import { isPlainRecord, packSequenceAs, type Nested } from '../common/nest.js';
import { formatShape } from '../common/shape.js';
import type { ExecutionPlan } from './execution-plan.js';
import { isSymbolicTensor, type SymbolicTensor } from './symbolic-tensor.js';

/** Nested plain arrays of numbers, one level per dimension: `[[0.1, 0.2], [0.3, 0.4]]`. */
export type NestedNumbers = number | readonly NestedNumbers[];
/** One input's data: a tensor, a typed array (rows of the input's sample shape), or nested arrays. */
export type InputData = Tensor | TypedArray | readonly NestedNumbers[];
/** `predict`'s `x`: one input's data, one per input (in `model.inputs` order), or a record by input name. */
export type PredictInput = InputData | readonly InputData[] | { readonly [inputName: string]: InputData };

export interface PredictOptions {
  /** Rows per forward pass (default 32). The cost stays linear in rows at any size. */
  batchSize?: number;
}

/** What `predict` needs from a model. */
export interface PredictModel {
  readonly name: string;
  readonly inputs: readonly SymbolicTensor[];
  readonly inputNames: readonly string[];
  readonly inputStructure: Nested<SymbolicTensor>;
  readonly outputStructure: Nested<SymbolicTensor>;
  readonly executionPlan: ExecutionPlan;
}

/** One standardized input: host rows (sliced per batch without copying) or a device tensor. */
interface Feed {
  rows: number;
  /** Host data and the shape of one row; `null` for a device tensor. */
  host: { data: TypedArray; rowShape: number[]; rowSize: number } | null;
  tensor: Tensor | null;
  dtype: DType;
}

const isTypedArray = (x: unknown): x is TypedArray =>
  x instanceof Float32Array || x instanceof Int32Array || x instanceof Uint8Array;
const isTensor = (x: unknown): x is Tensor =>
  typeof x === 'object' && x !== null && !Array.isArray(x) && !isTypedArray(x) && 'shape' in x && 'dtype' in x;

/** Whether a tensor of `actual` dtype can feed an input of `expected` dtype as is. */
function sameKind(actual: string, expected: DType): boolean {
  const isInt = (d: string): boolean => d.startsWith('int') || d.startsWith('uint') || d === 'bool';
  return actual === expected || isInt(actual) === isInt(expected);
}

function depth(x: unknown): number {
  let d = 0;
  while (Array.isArray(x)) {
    d++;
    x = x[0];
  }
  return d;
}

/** Splits `x` into one value per model input (in `model.inputs` order), checking names. */
function perInput(model: PredictModel, x: PredictInput): InputData[] {
  const n = model.inputs.length;
  if (isPlainRecord(x) && !isTensor(x)) {
    // Keys may be input layer names, or the keys of a record given as the model's inputs.
    const structKeys = isPlainRecord(model.inputStructure) ? Object.keys(model.inputStructure).sort() : null;
    const names = model.inputNames;
    const record = x as Record<string, InputData>;
    const byName = names.map((name, i) => record[name] ?? (structKeys ? record[structKeys[i] as string] : undefined));
    const known = new Set([...names, ...(structKeys ?? [])]);
    const unknown = Object.keys(record).filter((k) => !known.has(k));
    if (unknown.length > 0) {
      throw new ValueError(
        `Model "${model.name}" received unknown input name(s) ${unknown.map((k) => `"${k}"`).join(', ')}; its inputs are ${names.map((k) => `"${k}"`).join(', ')}.`,
      );
    }
    const missing = names.filter((_, i) => byName[i] === undefined);
    if (missing.length > 0) {
      throw new ValueError(
        `Model "${model.name}" is missing input(s) ${missing.map((k) => `"${k}"`).join(', ')}; received ${Object.keys(record).map((k) => `"${k}"`).join(', ') || 'none'}.`,
      );
    }
    return byName as InputData[];
  }
  if (isTensor(x) || isTypedArray(x)) return [x];
  if (!Array.isArray(x)) {
    throw new ValueError(`Model "${model.name}" expects a tensor, a typed array, nested arrays, a list of them or a record by input name; received ${typeof x}.`);
  }
  const first: unknown = x[0];
  const isList = isTensor(first) || isTypedArray(first) || (n === 1 ? depth(x) === (model.inputs[0]?.rank ?? 0) + 1 : n > 1);
  const list = isList ? (x as readonly InputData[]) : [x as InputData];
  if (list.length !== n) {
    throw new ValueError(
      `Model "${model.name}" expects ${n} input(s) (${model.inputNames.map((k) => `"${k}"`).join(', ')}); received ${list.length}.`,
    );
  }
  return [...list];
}

/** Flattens rectangular nested arrays, returning the values and the shape. */
function fromNested(value: readonly NestedNumbers[], where: string): { data: number[]; shape: number[] } {
  const shape: number[] = [];
  for (let v: unknown = value; Array.isArray(v); v = v[0]) shape.push(v.length);
  const data: number[] = [];
  const visit = (v: unknown, d: number): void => {
    if (d === shape.length) {
      if (typeof v !== 'number') throw new ValueError(`${where}: nested arrays must hold numbers; received ${typeof v}.`);
      data.push(v);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[d]) {
      throw new ValueError(`${where}: nested arrays must be rectangular, of shape ${JSON.stringify(shape)} (from their first elements).`);
    }
    for (const c of v) visit(c, d + 1);
  };
  visit(value, 0);
  return { data, shape };
}

function checkShape(model: PredictModel, input: SymbolicTensor, name: string, shape: readonly number[]): void {
  const expected = input.shape;
  const ok = shape.length === expected.length && expected.every((d, i) => i === 0 || d === null || d === shape[i]);
  if (!ok) {
    throw new ValueError(
      `Input "${name}" of model "${model.name}" expected shape ${formatShape(expected)} (rank ${expected.length}); ` +
        `received shape ${formatShape(shape)} (rank ${shape.length}).`,
    );
  }
}

function standardize(model: PredictModel, x: PredictInput): Feed[] {
  const feeds = perInput(model, x).map((value, i): Feed => {
    const input = model.inputs[i] as SymbolicTensor;
    const name = model.inputNames[i] as string;
    const dtype = input.dtype;
    if (isTensor(value)) {
      checkShape(model, input, name, value.shape);
      return { rows: value.shape[0] ?? 0, host: null, tensor: value, dtype };
    }
    if (isTypedArray(value)) {
      const rowShape = input.shape.slice(1);
      if (rowShape.some((d) => d === null)) {
        throw new ValueError(
          `Input "${name}" of model "${model.name}" has shape ${formatShape(input.shape)}: a typed array needs every dimension but the batch known; pass a tensor or nested arrays.`,
        );
      }
      const rowSize = (rowShape as number[]).reduce((a, b) => a * b, 1);
      if (value.length % rowSize !== 0) {
        throw new ValueError(
          `Input "${name}" of model "${model.name}" expects rows of shape ${formatShape([null, ...rowShape])} (${rowSize} values each); received a typed array of ${value.length} values.`,
        );
      }
      return { rows: value.length / rowSize, host: { data: value, rowShape: rowShape as number[], rowSize }, tensor: null, dtype };
    }
    const { data, shape } = fromNested(value, `Input "${name}" of model "${model.name}"`);
    checkShape(model, input, name, shape);
    const typed = dtype === 'int32' || dtype === 'int64' || dtype === 'bool' ? Int32Array.from(data) : Float32Array.from(data);
    const rowShape = shape.slice(1);
    return { rows: shape[0] ?? 0, host: { data: typed, rowShape, rowSize: rowShape.reduce((a, b) => a * b, 1) }, tensor: null, dtype };
  });
  const rows = feeds[0]?.rows ?? 0;
  if (feeds.some((f) => f.rows !== rows)) {
    throw new ValueError(
      `Model "${model.name}": all inputs must have the same number of rows (batch size); received ` +
        feeds.map((f, i) => `"${model.inputNames[i]}": ${f.rows}`).join(', ') + '.',
    );
  }
  return feeds;
}

/**
 * `model.predict(x, { batchSize })`: validates every input before any kernel runs, then
 * runs the model's execution plan per batch. Host data is sliced per batch without a copy;
 * a device tensor larger than one batch is read to the host once and sliced there (slicing
 * it on the device costs a copy of the whole tensor per batch on wasm: quadratic).
 * The caller owns the returned tensors; nothing else stays allocated.
 */
export function predict(model: PredictModel, x: PredictInput, options: PredictOptions = {}): Nested<Tensor> {
  const batchSize = options.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize <= 0) {
    throw new ValueError(`Model "${model.name}": batchSize must be a positive integer. Received: batchSize=${batchSize}`);
  }
  const ops = getBackend();
  const feeds = standardize(model, x);
  const rows = feeds[0]?.rows ?? 0;
  const plan = model.executionPlan;
  if (rows > batchSize) {
    for (const f of feeds) {
      if (f.tensor) {
        const rowShape = f.tensor.shape.slice(1);
        const data = ops.readSync(f.tensor);
        f.host = { data, rowShape, rowSize: rowShape.reduce((a, b) => a * b, 1) };
      }
    }
  }
  const runBatch = (start: number, end: number): Tensor[] =>
    ops.tidy(() => {
      const batch = feeds.map((f) => {
        if (f.host === null) {
          const t = f.tensor as Tensor;
          return sameKind(t.dtype, f.dtype) ? t : ops.cast(t, f.dtype);
        }
        const { data, rowShape, rowSize } = f.host;
        return ops.tensor(data.subarray(start * rowSize, end * rowSize), [end - start, ...rowShape], f.dtype);
      });
      return plan.run(batch, ops, false);
    });

  let outputs: Tensor[];
  if (rows <= batchSize) outputs = runBatch(0, rows);
  else {
    const parts: Tensor[][] = [];
    for (let start = 0; start < rows; start += batchSize) parts.push(runBatch(start, Math.min(rows, start + batchSize)));
    outputs = (parts[0] as Tensor[]).map((_, j) => {
      const column = parts.map((p) => p[j] as Tensor);
      const joined = ops.concat(column, 0);
      ops.dispose(column);
      return joined;
    });
  }
  return packOutputs(model, outputs);
}

/**
 * Packs a model's flat outputs (in `model.outputs` order) into its output structure; a list
 * of one comes back as that one tensor, as Keras's `Functional.call` unpacks singletons.
 */
export function packOutputs(model: Pick<PredictModel, 'outputStructure'>, flat: readonly Tensor[]): Nested<Tensor> {
  const packed = packSequenceAs(model.outputStructure, flat, isSymbolicTensor);
  return Array.isArray(packed) && packed.length === 1 ? (packed[0] as Nested<Tensor>) : packed;
}

