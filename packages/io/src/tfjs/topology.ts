/**
 * Keras 3's config (`serializeModel`) in the Keras 2 form TensorFlow.js reads
 * (tfjs-layers.md §2.2): `class_name: "Model"`, list-form inbound nodes with a nested
 * model's node index counted from 1, `batch_input_shape`, plain dtype strings, and
 * `input_layers`/`output_layers` as lists of triples.
 */

type Json = Record<string, unknown>;

function isRecord(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

const MODEL_CLASSES = new Set(['Functional', 'Model']);

/** Keras 3 keys that tfjs does not know; dropped so its strict constructors accept the config. */
const DROPPED_KEYS: Record<string, readonly string[]> = {
  InputLayer: ['optional', 'ragged', 'batch_shape'],
};

export const TFJS_KERAS_VERSION = 'tfjs-layers 4.22.0';

export function toTfjsTopology(serialized: Json): Json {
  return { class_name: 'Model', config: convertModelConfig(serialized.config as Json), keras_version: TFJS_KERAS_VERSION, backend: 'tensor_flow.js' };
}

function convertModelConfig(config: Json): Json {
  const entries = (config.layers as Json[]) ?? [];
  const models = new Set(entries.filter((e) => MODEL_CLASSES.has(e.class_name as string)).map((e) => e.name as string));
  return {
    name: config.name,
    layers: entries.map((e) => convertEntry(e, models)),
    input_layers: tripleList(config.input_layers),
    output_layers: tripleList(config.output_layers),
  };
}

function convertEntry(entry: Json, models: ReadonlySet<string>): Json {
  const className = entry.class_name as string;
  const isModel = MODEL_CLASSES.has(className);
  const config = isModel ? convertModelConfig(entry.config as Json) : convertLayerConfig(className, entry.config as Json);
  return {
    name: entry.name,
    class_name: isModel ? 'Model' : className,
    config,
    inbound_nodes: ((entry.inbound_nodes as unknown[]) ?? []).map((n) => convertNode(n, models)),
  };
}

function convertLayerConfig(className: string, config: Json): Json {
  const out: Json = {};
  const dropped = DROPPED_KEYS[className] ?? [];
  for (const [k, v] of Object.entries(config)) if (!dropped.includes(k)) out[k] = convertValue(v);
  if (className === 'InputLayer') out.batch_input_shape = config.batch_shape;
  return out;
}

/** Serialized objects lose `module`/`registered_name`; a dtype policy becomes its name. */
function convertValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(convertValue);
  if (!isRecord(v)) return v;
  if (typeof v.class_name === 'string' && isRecord(v.config)) {
    if (v.class_name === 'DTypePolicy') return v.config.name;
    return { class_name: v.class_name, config: convertValue(v.config) };
  }
  const out: Json = {};
  for (const [k, x] of Object.entries(v)) out[k] = convertValue(x);
  return out;
}

/** `{args, kwargs}` → `[[layer, node, tensor, kwargs], ...]`, one entry per input tensor. */
function convertNode(node: unknown, models: ReadonlySet<string>): unknown[] {
  if (Array.isArray(node)) return node; // already Keras 2
  const n = node as Json;
  const kwargs: Json = {};
  for (const [k, v] of Object.entries(isRecord(n.kwargs) ? n.kwargs : {})) if (v !== null) kwargs[k] = v;
  const tensors: unknown[] = [];
  const collect = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(collect);
    else if (isRecord(x) && x.class_name === '__keras_tensor__') tensors.push(x);
    else if (isRecord(x)) Object.keys(x).sort().forEach((k) => collect(x[k]));
  };
  collect(((n.args as unknown[]) ?? [])[0]);
  return tensors.map((t) => {
    const [layer, nodeIndex, tensorIndex] = ((t as Json).config as Json).keras_history as [string, number, number];
    // Keras 2 counts a nested model's own construction as its node 0.
    return [layer, models.has(layer) ? nodeIndex + 1 : nodeIndex, tensorIndex, kwargs];
  });
}

function isTriple(x: unknown): boolean {
  return Array.isArray(x) && typeof x[0] === 'string';
}

/** A triple, list or record of triples → a list (records in sorted key order, as Keras flattens them). */
function tripleList(s: unknown): unknown[] {
  if (isTriple(s)) return [s];
  if (Array.isArray(s)) return s;
  if (isRecord(s)) return Object.keys(s).sort().map((k) => s[k]);
  return [];
}
