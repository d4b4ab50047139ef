import { ConfigError, KfnError } from '../common/errors.js';
import { isPlainRecord, type Nested } from '../common/nest.js';
import type { Layer, LayerConfig } from '../engine/layer.js';
import { Model, type SymbolicStructure } from '../engine/model.js';
import type { Node } from '../engine/node.js';
import { isSymbolicTensor, type SymbolicTensor } from '../engine/symbolic-tensor.js';
import { isKerasObject } from './keras-object.js';
import { isLegacyNode, resolveLegacyNode, sequentialFromConfig, unwrapTopology, type NodeRef } from './keras2.js';
import { getLayerClass, type CustomObjects } from './registry.js';
import { isSerializedKerasTensor, serializeArguments, serializeLayer, setLoadedCompileConfig } from './serialization.js';

/** A tensor reference in `input_layers` / `output_layers`: `[layer name, node index, tensor index]`. */
export type TensorTriple = [string, number, number];
export type TensorTripleStructure = TensorTriple | TensorTripleStructure[] | { [key: string]: TensorTripleStructure };

export interface FunctionalConfig {
  name: string;
  trainable: boolean;
  layers: LayerConfig[];
  input_layers: TensorTripleStructure;
  output_layers: TensorTripleStructure;
}

/**
 * A Functional model's config, as Keras 3's `Functional.get_config` writes it: every layer
 * serialized with `name` and the `inbound_nodes` that belong to this model, node indices
 * counting only this model's nodes. `input_layers`/`output_layers` mirror the user's
 * structure and, as in Keras, count a nested model's nodes from 1 (Keras 2's built-in node).
 */
export function functionalGetConfig(model: Model): FunctionalConfig {
  const own = model.graph.nodes;
  const keptIndex = new Map<Node, number>();
  for (const layer of model.layers) {
    let kept = layer instanceof Model ? 1 : 0;
    for (const node of layer.inboundNodes) if (own.has(node)) keptIndex.set(node, kept++);
  }
  // Inside inbound nodes a tensor's node index skips only the nodes outside this model.
  const nodeIndexOf = (t: SymbolicTensor): number => {
    const h = t.history;
    if (!h) return 0;
    let outside = 0;
    for (let i = 0; i < h.nodeIndex; i++) if (!own.has(h.layer.inboundNodes[i] as Node)) outside++;
    return h.nodeIndex - outside;
  };
  const layers = model.layers.map((layer): LayerConfig => {
    const inboundNodes = layer.inboundNodes
      .filter((node) => own.has(node) && !node.isInput)
      .map((node) => ({
        args: [serializeArguments(node.callArgs, nodeIndexOf)],
        kwargs: serializeArguments(node.callKwargs, nodeIndexOf),
      }));
    return { ...serializeLayer(layer), name: layer.name, inbound_nodes: inboundNodes };
  });
  const triple = (t: SymbolicTensor): TensorTriple => {
    const h = t.history;
    const node = h?.layer.inboundNodes[h.nodeIndex];
    if (!h || !node || !keptIndex.has(node)) {
      throw new ConfigError(`Model "${model.name}": tensor "${t.name}" is not produced inside the model.`);
    }
    return [h.layer.name, keptIndex.get(node) as number, h.tensorIndex];
  };
  return {
    name: model.name,
    trainable: model.trainable,
    layers,
    input_layers: mapTriples(model.inputStructure, triple),
    output_layers: mapTriples(model.outputStructure, triple),
  };
}

function mapTriples(s: SymbolicStructure, fn: (t: SymbolicTensor) => TensorTriple): TensorTripleStructure {
  if (isSymbolicTensor(s)) return fn(s);
  if (Array.isArray(s)) return (s as readonly SymbolicStructure[]).map((x) => mapTriples(x, fn));
  const out: Record<string, TensorTripleStructure> = {};
  for (const [k, v] of Object.entries(s as Record<string, SymbolicStructure>)) out[k] = mapTriples(v, fn);
  return out;
}

/** Creates one layer from its config entry: the registry's class, or a model for `Functional`/`Model`/`Sequential`. */
export function deserializeLayer(entry: unknown, customObjects: CustomObjects = {}, where = 'config'): Layer<unknown> {
  if (!isKerasObject(entry) || !isPlainRecord(entry.config)) {
    throw new ConfigError(`${where}: expected a layer entry {"class_name": ..., "config": {...}}; received ${JSON.stringify(entry)?.slice(0, 120)}.`);
  }
  const name = (entry as { name?: unknown }).name ?? entry.config.name;
  const label = `Layer "${String(name)}" (${entry.class_name}) in ${where}`;
  try {
    if (entry.class_name === 'Sequential' && !customObjects.Sequential) {
      return sequentialFromConfig(entry.config, customObjects, deserializeLayer);
    }
    // tfjs and Keras 2 call a functional model `Model`.
    const className = entry.class_name === 'Model' && !customObjects.Model ? 'Functional' : entry.class_name;
    const cls = getLayerClass(className, entry.registered_name, customObjects);
    const fromConfig = cls.fromConfig as (config: LayerConfig, customObjects?: CustomObjects) => Layer<unknown>;
    return fromConfig.call(cls, entry.config, customObjects);
  } catch (e) {
    throw new ConfigError(`${label}: ${(e as Error).message}`, { cause: e });
  }
}

interface PendingNode {
  data: unknown;
  /** Position among the entry's inbound nodes, for messages. */
  position: number;
}

/**
 * Rebuilds a Functional model from its config (Keras's `functional_from_config`): all layers
 * first, then sweeps over the layers in config order calling each node whose inputs exist,
 * until all are done. A sweep that makes no progress is an error naming what is missing,
 * never an endless loop. Accepts Keras 3 dict nodes and Keras 2 / tfjs list nodes.
 */
export function functionalFromConfig(config: LayerConfig, customObjects: CustomObjects = {}): Model {
  const modelName = typeof config.name === 'string' ? config.name : undefined;
  const where = `model config "${modelName ?? '?'}"`;
  const entries = config.layers;
  if (!Array.isArray(entries)) throw new ConfigError(`Invalid ${where}: "layers" must be a list; received ${JSON.stringify(entries)}.`);
  for (const key of ['input_layers', 'output_layers']) {
    if (config[key] === undefined || config[key] === null) throw new ConfigError(`Invalid ${where}: "${key}" is missing.`);
  }

  const created = new Map<string, Layer<unknown>>();
  const noOffset = new Set<Layer<unknown>>();
  const pending = new Map<string, PendingNode[]>();
  const names: string[] = [];
  for (const entry of entries as unknown[]) {
    const layer = deserializeLayer(entry, customObjects, where);
    const e = entry as Record<string, unknown>;
    const name = typeof e.name === 'string' ? e.name : layer.name;
    if (created.has(name)) throw new ConfigError(`Invalid ${where}: the layer name "${name}" is used twice.`);
    created.set(name, layer);
    names.push(name);
    // Keras 3 writes a nested Sequential's nodes without Keras 2's built-in node.
    if (e.class_name === 'Sequential' && 'module' in e) noOffset.add(layer);
    const nodes = e.inbound_nodes ?? [];
    if (!Array.isArray(nodes)) throw new ConfigError(`Invalid ${where}: "inbound_nodes" of layer "${name}" must be a list.`);
    pending.set(name, nodes.map((data: unknown, position) => ({ data, position })));
  }

  const lookup = (ref: NodeRef, legacy: boolean, user: string): SymbolicTensor | NodeRef => {
    const layer = created.get(ref.layer);
    if (!layer) throw new ConfigError(`Invalid ${where}: layer "${user}" is called on the output of unknown layer "${ref.layer}".`);
    // A Keras 2 list node counts a nested model's built-in node 0.
    const nodeIndex = legacy && layer instanceof Model && !noOffset.has(layer) ? ref.nodeIndex - 1 : ref.nodeIndex;
    if (nodeIndex === -1 && ref.nodeIndex === 0) {
      throw new ConfigError(`Invalid ${where}: layer "${user}" uses node 0 of nested model "${ref.layer}", its built-in node in Keras 2 form; calls start at node 1.`);
    }
    checkIndex(nodeIndex, ref, user, where);
    const node = layer.inboundNodes[nodeIndex];
    if (!node) return ref;
    const tensor = node.outputs[ref.tensorIndex];
    if (!tensor) {
      throw new ConfigError(
        `Invalid ${where}: layer "${user}" uses output ${ref.tensorIndex} of node ${ref.nodeIndex} of layer "${ref.layer}", which has ${node.outputs.length} output(s).`,
      );
    }
    return tensor;
  };

  let remaining = [...pending.values()].reduce((n, l) => n + l.length, 0);
  while (remaining > 0) {
    let progress = false;
    const blocked: string[] = [];
    for (const name of names) {
      const queue = pending.get(name) as PendingNode[];
      while (queue.length > 0) {
        const item = queue[0] as PendingNode;
        const layer = created.get(name) as Layer<unknown>;
        const missing = processNode(layer, name, item, (ref, legacy) => lookup(ref, legacy, name), where);
        if (missing) {
          const has = created.get(missing.layer)?.inboundNodes.length ?? 0;
          blocked.push(`node ${item.position} of layer "${name}" needs node ${missing.nodeIndex} of layer "${missing.layer}", which has ${has} node(s)`);
          break;
        }
        queue.shift();
        remaining--;
        progress = true;
      }
    }
    if (!progress) {
      throw new ConfigError(
        `Invalid ${where}: cannot connect the layers (a node index out of range, or a cycle): ${blocked.join('; ')}.`,
      );
    }
  }

  const tensorAt = (t: unknown, key: string): SymbolicTensor => {
    if (!isTriple(t)) throw new ConfigError(`Invalid ${where}: "${key}" entries must be [layer, node, tensor]; received ${JSON.stringify(t)}.`);
    const layer = created.get(t[0]);
    if (!layer) throw new ConfigError(`Invalid ${where}: "${key}" names unknown layer "${t[0]}".`);
    // Keras writes a nested model's node index + 1 here, in both formats.
    const ref = { layer: t[0], nodeIndex: layer instanceof Model && !noOffset.has(layer) ? t[1] - 1 : t[1], tensorIndex: t[2] };
    const found = lookup(ref, false, key);
    if (!isSymbolicTensor(found)) {
      throw new ConfigError(`Invalid ${where}: "${key}" refers to node ${t[1]} of layer "${t[0]}", which has ${layer.inboundNodes.length} node(s).`);
    }
    return found;
  };
  const inputs = mapStructure(config.input_layers, (t) => tensorAt(t, 'input_layers'));
  const outputs = mapStructure(config.output_layers, (t) => tensorAt(t, 'output_layers'));
  try {
    return new Model({
      inputs,
      outputs,
      name: modelName,
      trainable: typeof config.trainable === 'boolean' ? config.trainable : undefined,
    });
  } catch (e) {
    throw new ConfigError(`Invalid ${where}: ${(e as Error).message}`, { cause: e });
  }
}

/** Calls `layer` on one node's inputs; returns the missing reference if an input does not exist yet. */
function processNode(
  layer: Layer<unknown>,
  name: string,
  item: PendingNode,
  lookup: (ref: NodeRef, legacy: boolean) => SymbolicTensor | NodeRef,
  where: string,
): NodeRef | null {
  let args: unknown[];
  let kwargs: Record<string, unknown>;
  let missing: NodeRef | null = null;
  const resolve = (ref: NodeRef, legacy: boolean): SymbolicTensor | null => {
    const found = lookup(ref, legacy);
    if (isSymbolicTensor(found)) return found;
    missing ??= found;
    return null;
  };
  if (isLegacyNode(item.data)) {
    ({ args, kwargs } = resolveLegacyNode(item.data, (ref) => resolve(ref, true), `layer "${name}" in ${where}`));
  } else if (isPlainRecord(item.data) && Array.isArray(item.data.args)) {
    args = item.data.args.map((a: unknown) => reviveTensors(a, (ref) => resolve(ref, false)));
    kwargs = isPlainRecord(item.data.kwargs) ? (reviveTensors(item.data.kwargs, (ref) => resolve(ref, false)) as Record<string, unknown>) : {};
  } else {
    throw new ConfigError(`Invalid ${where}: inbound node ${item.position} of layer "${name}" is malformed: ${JSON.stringify(item.data)?.slice(0, 120)}.`);
  }
  if (missing) return missing;
  if (args.length !== 1) {
    throw new ConfigError(`Invalid ${where}: inbound node ${item.position} of layer "${name}" has ${args.length} positional arguments; kfn layers take 1.`);
  }
  try {
    layer.apply(args[0] as Nested<SymbolicTensor>, kwargs);
  } catch (e) {
    const kind = e instanceof KfnError ? e.name : 'Error';
    throw new ConfigError(`Invalid ${where}: calling layer "${name}" (node ${item.position}) failed with ${kind}: ${(e as Error).message}`, { cause: e });
  }
  return null;
}

/** Replaces `__keras_tensor__` objects with the tensors they reference. */
function reviveTensors(value: unknown, resolve: (ref: NodeRef) => SymbolicTensor | null): unknown {
  if (isSerializedKerasTensor(value)) {
    const h = value.config.keras_history;
    if (!Array.isArray(h) || !isTriple(h)) throw new ConfigError(`Invalid keras_history ${JSON.stringify(h)}: expected [layer, node, tensor].`);
    return resolve({ layer: h[0], nodeIndex: h[1], tensorIndex: h[2] });
  }
  if (Array.isArray(value)) return value.map((v: unknown) => reviveTensors(v, resolve));
  if (isPlainRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = reviveTensors(v, resolve);
    return out;
  }
  return value;
}

function isTriple(x: unknown): x is TensorTriple {
  return Array.isArray(x) && x.length >= 3 && typeof x[0] === 'string' && typeof x[1] === 'number' && typeof x[2] === 'number';
}

function checkIndex(nodeIndex: number, ref: NodeRef, user: string, where: string): void {
  if (!Number.isInteger(nodeIndex) || nodeIndex < 0 || !Number.isInteger(ref.tensorIndex) || ref.tensorIndex < 0) {
    throw new ConfigError(
      `Invalid ${where}: layer "${user}" refers to node ${ref.nodeIndex}, tensor ${ref.tensorIndex} of layer "${ref.layer}"; expected non-negative integers.`,
    );
  }
}

/** Maps `input_layers`/`output_layers`: a triple, a list, or a record (key order kept). */
function mapStructure(s: unknown, fn: (t: unknown) => SymbolicTensor): SymbolicStructure {
  if (isTriple(s) || !(Array.isArray(s) || isPlainRecord(s))) return fn(s);
  if (Array.isArray(s)) return s.map((x: unknown) => fn(x));
  const out: Record<string, SymbolicTensor> = {};
  for (const [k, v] of Object.entries(s)) out[k] = fn(v);
  return out;
}

/**
 * Rebuilds a model from a config file's JSON: Keras 3's `config.json`
 * (`{module, class_name: "Functional", config, ...}`), a Keras 2 / tfjs topology
 * (`class_name: "Model"`, tfjs's `model.json` or its `modelTopology`), a `Sequential`
 * config, or a bare functional config (`{name, layers, input_layers, output_layers}`).
 */
export function modelFromConfig(json: unknown, customObjects: CustomObjects = {}): Model {
  const top = unwrapTopology(json);
  let model: Layer<unknown>;
  const direct = isKerasObject(top) && ['Functional', 'Model'].includes(top.class_name) && !customObjects[top.class_name];
  if (direct && isPlainRecord(top.config)) model = functionalFromConfig(top.config, customObjects);
  else if (isKerasObject(top)) model = deserializeLayer(top, customObjects, 'model config');
  else if (isPlainRecord(top) && Array.isArray(top.layers)) model = functionalFromConfig(top, customObjects);
  else throw new ConfigError(`Not a model config: expected {"class_name": "Functional", "config": {...}}; received ${JSON.stringify(top)?.slice(0, 120)}.`);
  if (!(model instanceof Model)) {
    throw new ConfigError(`Not a model config: class "${(top as { class_name?: string }).class_name}" made a ${model.className} layer, not a model.`);
  }
  const compileConfig = (top as { compile_config?: unknown }).compile_config;
  if (isPlainRecord(compileConfig) && Object.keys(compileConfig).length > 0) setLoadedCompileConfig(model, compileConfig);
  return model;
}

/** `modelFromConfig(JSON.parse(text))`. */
export function modelFromJSON(text: string, customObjects: CustomObjects = {}): Model {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`Model JSON does not parse: ${(e as Error).message}`, { cause: e });
  }
  return modelFromConfig(json, customObjects);
}
