import { isPlainRecord } from '../common/nest.js';
import type { Layer } from '../engine/layer.js';
import { Model } from '../engine/model.js';
import { isSymbolicTensor, type SymbolicTensor } from '../engine/symbolic-tensor.js';
import type { KerasObject } from './keras-object.js';
import { isBuiltinLayer, registeredNameOf } from './registry.js';

/** Keras's public module for built-in layers, and the private one it writes for `Functional`. */
const LAYERS_MODULE = 'keras.layers';
const FUNCTIONAL_MODULE = 'keras.src.models.functional';

/** A serialized symbolic tensor: Keras's `__keras_tensor__` object. */
export interface SerializedKerasTensor {
  class_name: '__keras_tensor__';
  config: { shape: (number | null)[]; dtype: string; keras_history: [string, number, number] };
}

export function isSerializedKerasTensor(x: unknown): x is SerializedKerasTensor {
  return isPlainRecord(x) && x.class_name === '__keras_tensor__' && isPlainRecord(x.config);
}

/** A layer's class, as a config names it; custom classes may give their own `module`. */
interface ClassWithModule {
  readonly module?: string;
}

function moduleOf(layer: Layer<unknown>): string {
  const own = (layer.constructor as ClassWithModule).module;
  if (typeof own === 'string') return own;
  if (layer instanceof Model) return FUNCTIONAL_MODULE;
  return isBuiltinLayer(layer) ? LAYERS_MODULE : 'custom_layers';
}

/**
 * The compile config Keras writes for a model: the model's own `compileConfig` once
 * training exists (duck-typed), else the one it was loaded with, else `{}`.
 */
const loadedCompileConfigs = new WeakMap<Layer<unknown>, Record<string, unknown>>();

export function setLoadedCompileConfig(model: Layer<unknown>, config: Record<string, unknown>): void {
  loadedCompileConfigs.set(model, config);
}

/** The `compile_config` a model was loaded with, for the trainer to compile from (Keras's `compile_from_config`). */
export function loadedCompileConfig(model: Layer<unknown>): Record<string, unknown> | null {
  return loadedCompileConfigs.get(model) ?? null;
}

function compileConfigOf(model: Layer<unknown>): Record<string, unknown> {
  const own = (model as { compileConfig?: unknown }).compileConfig;
  if (isPlainRecord(own)) return own;
  return loadedCompileConfigs.get(model) ?? {};
}

/**
 * One layer as Keras 3's `serialize_keras_object` writes it, keys in Keras's order:
 * `{module, class_name, config, registered_name, build_config?, compile_config?}`.
 * Built-ins have `registered_name: null`; `Functional` writes its class name there,
 * `{"input_shape": null}` as build config, and a compile config.
 */
export function serializeLayer(layer: Layer<unknown>): KerasObject {
  const isModel = layer instanceof Model;
  const out: KerasObject = {
    module: moduleOf(layer),
    class_name: layer.className,
    config: layer.getConfig(),
    registered_name: isModel && isBuiltinLayer(layer) ? layer.className : registeredNameOf(layer),
  };
  if (isModel) {
    out.build_config = { input_shape: null };
    out.compile_config = compileConfigOf(layer);
  } else {
    const build = layer.getBuildConfig();
    if (build !== null) out.build_config = build;
  }
  return out;
}

/** A model's whole `config.json`: the serialized model, as `model.save()` writes it. */
export function serializeModel(model: Model): KerasObject {
  return serializeLayer(model);
}

/** `JSON.stringify(serializeModel(model))`: the text of `config.json` (JS writes `0` where Python writes `0.0`). */
export function modelToJSON(model: Model): string {
  return JSON.stringify(serializeModel(model));
}

export function serializeKerasTensor(tensor: SymbolicTensor, nodeIndex: number): SerializedKerasTensor {
  const h = tensor.history;
  return {
    class_name: '__keras_tensor__',
    config: {
      shape: [...tensor.shape],
      dtype: tensor.dtype,
      keras_history: [h?.layer.name ?? tensor.name, nodeIndex, h?.tensorIndex ?? 0],
    },
  };
}

/**
 * Serializes a node's arguments (tensors inside arrays and records, plain values as
 * they are). `nodeIndexOf` re-indexes a tensor's producing node for the model at hand.
 */
export function serializeArguments(value: unknown, nodeIndexOf: (t: SymbolicTensor) => number): unknown {
  if (isSymbolicTensor(value)) return serializeKerasTensor(value, nodeIndexOf(value));
  if (Array.isArray(value)) return value.map((v: unknown) => serializeArguments(v, nodeIndexOf));
  if (isPlainRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = serializeArguments(v, nodeIndexOf);
    return out;
  }
  return value === undefined ? null : value;
}

/** Removes Keras's `shared_object_id` keys (Python `id()`s, different in every save). */
export function stripSharedObjectIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripSharedObjectIds);
  if (isPlainRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (k !== 'shared_object_id') out[k] = stripSharedObjectIds(v);
    return out;
  }
  return value;
}
