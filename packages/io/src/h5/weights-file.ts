import type { Layer, Weight } from '@kfn/graph';
import { ModelFileError, type FileLocation } from '../errors.js';
import { H5Reader, H5Writer, type H5Array, type H5DType } from './h5-file.js';
import { varsPath, walkSaveables } from './layout.js';

/** One dataset kept as it is in the file (the optimizer's variables until training can use them). */
export interface RawVariable {
  shape: number[];
  dtype: 'float32' | 'int32';
  data: Float32Array | Int32Array;
}

/** `optimizer/vars` of a compiled model's file: iterations, learning rate, then slots (keras3.md §4.6). */
export interface OptimizerVariables {
  /** The `name` attribute of `optimizer/vars` (`rm_sprop`, `adam`). */
  name: string;
  variables: RawVariable[];
}

function storedDtype(w: Weight, where: FileLocation): 'float32' | 'int32' {
  if (w.dtype === 'float32') return 'float32';
  if (w.dtype === 'int32') return 'int32';
  throw new ModelFileError(where, `weight "${w.path}" has dtype ${w.dtype}; kfn writes float32 and int32 weights only.`);
}

/**
 * Writes `model.weights.h5` the way Keras 3 does: a `vars` group with a `name` attribute
 * for every saveable (weightless ones too), float32 datasets `0`, `1`, … in Keras's
 * variable order, and the optimizer's variables under `optimizer/vars` when given.
 */
export async function encodeWeightsH5(model: Layer<unknown>, optimizer?: OptimizerVariables | null): Promise<Uint8Array> {
  const entries = walkSaveables(model);
  const values: H5Array[][] = [];
  for (const entry of entries) values.push(await Promise.all(entry.weights.map(async (w) => hostValues(await w.data()))));
  const writer = await H5Writer.create();
  try {
    entries.forEach((entry, e) => {
      const group = varsPath(entry.path);
      writer.group(group, { name: entry.layer.name });
      entry.weights.forEach((w, i) => {
        const dtype = storedDtype(w, { member: 'model.weights.h5', h5Path: `/${group}/${i}`, layer: entry.layer.name });
        writer.dataset(group, String(i), values[e]![i]!, w.shape, dtype);
      });
    });
    if (optimizer) {
      writer.group('optimizer/vars', { name: optimizer.name });
      optimizer.variables.forEach((v, i) => writer.dataset('optimizer/vars', String(i), v.data, v.shape, v.dtype));
    }
    return writer.finish();
  } catch (e) {
    writer.abort();
    throw e;
  }
}

function hostValues(data: ArrayLike<number>): H5Array {
  if (data instanceof Float32Array || data instanceof Int32Array || data instanceof Uint8Array) return data;
  return Float32Array.from(data);
}

const FLOAT_TYPES: readonly H5DType[] = ['float32', 'float64', 'float16'];

function compatible(weightDtype: string, fileDtype: H5DType): boolean {
  const weightIsFloat = weightDtype.startsWith('float') || weightDtype === 'bfloat16';
  return weightIsFloat === FLOAT_TYPES.includes(fileDtype);
}

function formatShape(shape: readonly number[]): string {
  return `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;
}

/**
 * Reads `model.weights.h5` into `model`, checking every group, count and shape before
 * assigning anything: a file that does not fit leaves the model as it was.
 * Returns the optimizer's variables, if the file has them.
 */
export async function decodeWeightsH5(
  model: Layer<unknown>,
  bytes: Uint8Array,
  where: FileLocation = { member: 'model.weights.h5' },
): Promise<OptimizerVariables | null> {
  const reader = await H5Reader.open(bytes, where);
  try {
    const pending: [Weight, H5Array][] = [];
    let modelBytes = 0;
    for (const entry of walkSaveables(model)) {
      const group = varsPath(entry.path);
      const at: FileLocation = { ...where, h5Path: `/${group}`, layer: entry.layer.name };
      if (reader.kind(group) !== 'group') {
        if (entry.weights.length === 0) continue; // Keras tolerates a missing empty group
        throw new ModelFileError(at, `the group is missing; layer "${entry.layer.name}" (${entry.layer.className}) expects ${entry.weights.length} variables there.`);
      }
      const names = reader.keys(group);
      if (names.length !== entry.weights.length) {
        throw new ModelFileError(
          at,
          `Layer "${entry.layer.name}" expected ${entry.weights.length} variables, but received ${names.length} variables during loading. ` +
            `Expected: [${entry.weights.map((w) => w.name).join(', ')}].`,
        );
      }
      entry.weights.forEach((w, i) => {
        const path = `${group}/${i}`;
        const dat: FileLocation = { ...at, h5Path: `/${path}` };
        if (reader.kind(path) !== 'dataset') throw new ModelFileError(dat, `expected dataset "${i}" for weight "${w.path}".`);
        const info = reader.info(path);
        if (info.shape.length !== w.shape.length || info.shape.some((d, k) => d !== w.shape[k])) {
          throw new ModelFileError(
            dat,
            `weight "${w.path}" has shape ${formatShape(w.shape)} but the file holds shape ${formatShape(info.shape)}.`,
          );
        }
        if (!compatible(w.dtype, info.dtype)) {
          throw new ModelFileError(dat, `weight "${w.path}" has dtype ${w.dtype} but the file holds ${info.dtype}.`);
        }
        modelBytes += info.byteLength;
      });
      entry.weights.forEach((w, i) => pending.push([w, reader.read(`${group}/${i}`)]));
    }
    const optimizer = readOptimizer(reader, where, modelBytes);
    for (const [w, data] of pending) w.assign(data);
    return optimizer;
  } finally {
    reader.close();
  }
}

function readOptimizer(reader: H5Reader, where: FileLocation, modelBytes: number): OptimizerVariables | null {
  if (reader.kind('optimizer') === null || reader.kind('optimizer/vars') !== 'group') return null;
  const names = reader.keys('optimizer/vars');
  // Optimizers keep a few slots per weight: more than that is not an optimizer state but a bomb.
  let budget = 8 * modelBytes + (1 << 20);
  const variables: RawVariable[] = [];
  for (let i = 0; i < names.length; i++) {
    const path = `optimizer/vars/${i}`;
    const at: FileLocation = { ...where, h5Path: `/${path}` };
    if (reader.kind(path) !== 'dataset') throw new ModelFileError(at, `expected dataset "${i}" (the optimizer variables are numbered 0..${names.length - 1}).`);
    const info = reader.info(path);
    budget -= info.byteLength;
    if (budget < 0) throw new ModelFileError(at, 'the optimizer variables are larger than 8 times the model weights; refusing to read them.');
    const raw = reader.read(path);
    const isFloat = FLOAT_TYPES.includes(info.dtype);
    variables.push({
      shape: info.shape,
      dtype: isFloat ? 'float32' : 'int32',
      data: isFloat ? (raw instanceof Float32Array ? raw : Float32Array.from(raw)) : raw instanceof Int32Array ? raw : Int32Array.from(raw),
    });
  }
  return { name: reader.attr('optimizer/vars', 'name') ?? 'optimizer', variables };
}
