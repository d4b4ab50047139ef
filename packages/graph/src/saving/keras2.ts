import { ConfigError } from '../common/errors.js';
import { isPlainRecord } from '../common/nest.js';
import type { Layer, LayerConfig } from '../engine/layer.js';
import { Model } from '../engine/model.js';
import { isSymbolicTensor, type SymbolicTensor } from '../engine/symbolic-tensor.js';
import { Input } from '../layers/core/input-layer.js';
import { isKerasObject } from './keras-object.js';
import type { CustomObjects } from './registry.js';

/**
 * The Keras 2 / tfjs forms a loader meets besides Keras 3's: list-form inbound nodes,
 * `Sequential` configs, and the wrappers tfjs puts around a topology.
 */

/** A reference to one output of one node of a layer, by layer name. */
export interface NodeRef {
  layer: string;
  nodeIndex: number;
  tensorIndex: number;
}

/** Keras 2's inbound node: `[["layer", nodeIndex, tensorIndex, {kwargs}], ...]`, one entry per input tensor. */
export function isLegacyNode(data: unknown): data is unknown[] {
  return Array.isArray(data);
}

/**
 * The call arguments of a Keras 2 node: one tensor, or a list for several (Keras's
 * `unpack_singleton`), and the kwargs of the last entry. `resolve` gives `null` for an
 * input whose node does not exist yet.
 */
export function resolveLegacyNode(
  data: unknown[],
  resolve: (ref: NodeRef) => SymbolicTensor | null,
  where: string,
): { args: unknown[]; kwargs: Record<string, unknown> } {
  const tensors: (SymbolicTensor | null)[] = [];
  let kwargs: Record<string, unknown> = {};
  for (const input of data) {
    const ok =
      Array.isArray(input) &&
      (input.length === 3 || input.length === 4) &&
      typeof input[0] === 'string' &&
      typeof input[1] === 'number' &&
      typeof input[2] === 'number';
    if (!ok) {
      throw new ConfigError(`Invalid inbound node entry for ${where}: expected ["layer", nodeIndex, tensorIndex, {kwargs}]; received ${JSON.stringify(input)}.`);
    }
    tensors.push(resolve({ layer: input[0] as string, nodeIndex: input[1] as number, tensorIndex: input[2] as number }));
    if (isPlainRecord(input[3])) kwargs = input[3];
  }
  if (tensors.length === 0) return { args: [], kwargs };
  return { args: [tensors.length === 1 ? tensors[0] : tensors], kwargs };
}

/** tfjs's `model.json` (`modelTopology`) and converter output (`model_config`) wrap the model's config. */
export function unwrapTopology(json: unknown): unknown {
  let top = json;
  if (isPlainRecord(top) && isPlainRecord(top.modelTopology)) top = top.modelTopology;
  if (isPlainRecord(top) && isPlainRecord(top.model_config)) top = top.model_config;
  return top;
}

type Deserialize = (entry: unknown, customObjects: CustomObjects, where: string) => Layer<unknown>;

/**
 * A `Sequential` config (Keras 3: `{name, layers: [InputLayer, ...]}`; Keras 2: the first
 * layer carries `batch_input_shape`; very old Keras: a bare list) as the equivalent
 * functional model: one Input, each layer applied to the previous output.
 */
export function sequentialFromConfig(config: LayerConfig | unknown[], customObjects: CustomObjects, deserialize: Deserialize): Model {
  const layersData = Array.isArray(config) ? config : config.layers;
  const name = !Array.isArray(config) && typeof config.name === 'string' ? config.name : undefined;
  const where = `Sequential config "${name ?? '?'}"`;
  if (!Array.isArray(layersData) || layersData.length === 0) {
    throw new ConfigError(`Invalid ${where}: "layers" must be a non-empty list.`);
  }
  const entries = layersData as unknown[];
  const first = entries[0];
  if (!isKerasObject(first)) throw new ConfigError(`Invalid ${where}: layer 0 is not a layer entry.`);
  let x: SymbolicTensor;
  let rest = entries;
  if (first.class_name === 'InputLayer') {
    const input = deserialize(first, customObjects, where);
    x = input.inboundNodes[0]?.outputs[0] as SymbolicTensor;
    rest = entries.slice(1);
  } else {
    const c = first.config;
    const buildConfig = (first as { build_config?: unknown }).build_config;
    const batchShape =
      c.batch_input_shape ??
      c.batch_shape ??
      (!Array.isArray(config) ? config.build_input_shape : undefined) ??
      (isPlainRecord(buildConfig) ? buildConfig.input_shape : undefined);
    if (!Array.isArray(batchShape)) {
      throw new ConfigError(
        `Invalid ${where}: its first layer "${String(c.name)}" has no input shape (batch_input_shape), so the model cannot be built.`,
      );
    }
    x = Input({ batchShape: batchShape as (number | null)[], dtype: inputDtype(c.dtype), name: `${String(c.name ?? 'sequential')}_input` });
  }
  const input = x;
  for (const entry of rest) {
    const layer = deserialize(entry, customObjects, where);
    const out = layer.apply(x);
    if (!isSymbolicTensor(out)) {
      throw new ConfigError(`Invalid ${where}: layer "${layer.name}" returns several tensors; a Sequential layer must return one.`);
    }
    x = out;
  }
  const trainable = !Array.isArray(config) && typeof config.trainable === 'boolean' ? config.trainable : undefined;
  return new Model({ inputs: input, outputs: x, name, trainable });
}

function inputDtype(dtype: unknown): string | undefined {
  const name = typeof dtype === 'string' ? dtype : isKerasObject(dtype) ? dtype.config.name : undefined;
  return typeof name === 'string' && !name.startsWith('mixed_') ? name : undefined;
}
