// Reading `kfn predict`'s input files and writing its output in the golden fixtures' format.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseNpy } from '@kfn/datasets';
import { getBackend, isSymbolicTensor, type Model, type Nested, type Tensor } from '@kfn/graph';
import { InputFileError, UsageError } from './errors.js';

/** One array of an input file, before it meets the model. `name` is null in a `.npy`. */
export interface InputArray {
  name: string | null;
  shape: number[];
  data: ArrayLike<number>;
}

const INPUT_JSON_FORMAT = '{"inputs": [{"name", "shape", "dtype", "data"}, ...]} (as the golden fixtures\' input.json)';

/** Reads a `.npy` array, or a JSON file: fixtures' `{"inputs": [...]}`, or tfjs's `{"<input name>": nested arrays}`. */
export async function readInputFile(file: string): Promise<InputArray[]> {
  const ext = path.extname(file).toLowerCase();
  if (ext !== '.json' && ext !== '.npy') throw new UsageError(`the input must be a .json or .npy file. Received: ${file}`);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path.resolve(file)));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputFileError(file, code === 'ENOENT' ? 'no such file.' : `cannot read it (${(e as Error).message}).`);
  }
  if (ext === '.npy') {
    const a = parseNpy(bytes, file);
    return [{ name: null, shape: [...a.shape], data: a.data }];
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new InputFileError(file, `is not valid JSON (${(e as Error).message}).`);
  }
  if (!isRecord(json)) throw new InputFileError(file, `expected ${INPUT_JSON_FORMAT}.`);
  if (Array.isArray(json.inputs)) return json.inputs.map((entry, i) => fixtureEntry(entry, `inputs[${i}]`, file));
  // tfjs-layers fixtures: one nested array per input name.
  const entries = Object.entries(json);
  if (entries.length > 0 && entries.every(([, v]) => Array.isArray(v))) {
    return entries.map(([name, v]) => ({ name, ...flattenNested(v, `"${name}"`, file) }));
  }
  throw new InputFileError(file, `expected ${INPUT_JSON_FORMAT}.`);
}

function fixtureEntry(entry: unknown, where: string, file: string): InputArray {
  if (!isRecord(entry)) throw new InputFileError(file, `${where} must be an object {"name", "shape", "dtype", "data"}.`);
  const name = typeof entry.name === 'string' ? entry.name : null;
  const label = name === null ? where : `${where} ("${name}")`;
  const { data, shape } = flattenNested(entry.data, label, file);
  if (entry.shape === undefined) return { name, shape, data };
  if (!Array.isArray(entry.shape) || !entry.shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new InputFileError(file, `${label}: "shape" must be a list of non-negative integers. Received: ${JSON.stringify(entry.shape)}`);
  }
  const declared = entry.shape as number[];
  const count = declared.reduce((a, b) => a * b, 1);
  if (count !== data.length) {
    throw new InputFileError(file, `${label}: shape ${JSON.stringify(declared)} needs ${count} values, but "data" holds ${data.length}.`);
  }
  return { name, shape: declared, data };
}

/** Rectangular nested arrays (or a flat list) of numbers → flat values and the shape of the nesting. */
function flattenNested(value: unknown, label: string, file: string): { data: number[]; shape: number[] } {
  if (!Array.isArray(value)) throw new InputFileError(file, `${label}: "data" must be a (nested) list of numbers.`);
  const shape: number[] = [];
  for (let v: unknown = value; Array.isArray(v); v = v[0]) shape.push(v.length);
  const data: number[] = [];
  const visit = (v: unknown, d: number): void => {
    if (d === shape.length) {
      if (typeof v !== 'number') throw new InputFileError(file, `${label}: "data" must hold numbers only; found ${JSON.stringify(v)}.`);
      data.push(v);
    } else if (!Array.isArray(v) || v.length !== shape[d]) {
      throw new InputFileError(file, `${label}: "data" is not rectangular (expected shape ${JSON.stringify(shape)} from its first elements).`);
    } else for (const c of v) visit(c, d + 1);
  };
  visit(value, 0);
  return { data, shape };
}

/**
 * The input arrays as tensors in `model.inputs` order: by name when the names are the
 * model's input names (the fixtures' case), else by position.
 */
export function toInputTensors(model: Model, arrays: readonly InputArray[], files: string): Tensor[] {
  const names = model.inputNames;
  if (arrays.length !== names.length) {
    throw new InputFileError(
      files,
      `holds ${arrays.length} array(s)${describeNames(arrays)}, but model "${model.name}" has ${names.length} input(s): ${names.join(', ')}.`,
    );
  }
  const byName = new Map(arrays.map((a) => [a.name, a]));
  const ordered = names.every((n) => byName.has(n)) && byName.size === names.length ? names.map((n) => byName.get(n)!) : arrays;
  const ops = getBackend();
  return ordered.map((a, i) => {
    const dtype = model.inputs[i]!.dtype;
    const integer = dtype.startsWith('int') || dtype.startsWith('uint') || dtype === 'bool';
    return ops.tensor(integer ? Int32Array.from(a.data) : Float32Array.from(a.data), a.shape, integer ? 'int32' : 'float32');
  });
}

function describeNames(arrays: readonly InputArray[]): string {
  const names = arrays.map((a) => a.name).filter((n) => n !== null);
  return names.length > 0 ? ` (${names.join(', ')})` : '';
}

/** The text of `output.json`: outputs in `model.outputs` order (dicts by sorted key), values as float32 prints them. */
export function formatOutputJson(model: Model, outputs: Nested<Tensor>, backend: string): string {
  const ops = getBackend();
  const structure = model.outputStructure;
  const kind = isSymbolicTensor(structure) ? 'single' : Array.isArray(structure) ? 'list' : 'dict';
  let tensors: Tensor[];
  let names: string[];
  if (kind === 'dict') {
    names = Object.keys(structure).sort();
    const rec = outputs as Record<string, Tensor>;
    tensors = names.map((k) => rec[k]!);
  } else {
    names = model.outputNames;
    // `predict` unpacks a list of one into that tensor, as Keras does.
    tensors = Array.isArray(outputs) ? (outputs as Tensor[]) : [outputs as Tensor];
  }
  const items = tensors.map((t, i) => {
    const integer = t.dtype !== 'float32';
    const data = nestedText(ops.readSync(t), [...t.shape], integer ? (v) => String(v) : float32Text);
    return `{"name":${JSON.stringify(names[i])},"shape":${JSON.stringify(t.shape)},"dtype":${JSON.stringify(t.dtype)},"data":${data}}`;
  });
  return (
    `{"model":${JSON.stringify(model.name)},"backend":${JSON.stringify(backend)},"structure":"${kind}",` +
    `"output_names":${JSON.stringify(names)},"outputs":[${items.join(',')}]}\n`
  );
}

/** The shortest decimal that reads back as the same float32 (numpy's `str(np.float32(v))`); JSON has no NaN. */
export function float32Text(v: number): string {
  if (!Number.isFinite(v)) return 'null';
  for (let p = 1; p < 9; p++) {
    const s = Number(v.toPrecision(p));
    if (Math.fround(s) === v) return String(s);
  }
  return String(Number(v.toPrecision(9)));
}

function nestedText(data: ArrayLike<number>, shape: number[], fmt: (v: number) => string): string {
  let k = 0;
  const level = (d: number): string => {
    if (d === shape.length) return fmt(data[k++] as number);
    const parts: string[] = [];
    for (let i = 0; i < (shape[d] as number); i++) parts.push(level(d + 1));
    return `[${parts.join(',')}]`;
  };
  return level(0);
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
