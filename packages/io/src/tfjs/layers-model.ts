import { ConfigError, Model, modelFromConfig, serializeModel, ValueError, type CustomObjects, type Weight } from '@kfn/graph';
import { ModelFileError, messageOf, type FileLocation } from '../errors.js';
import { checkSiblingName } from '../handlers/io-handler.js';
import { getPendingTrainingState, setPendingTrainingState } from '../training-state.js';
import { restoreTfjsTraining, tfjsTrainingState } from '../training/tfjs-state.js';
import { fromTfjsActivations, toTfjsActivations } from './keras2-activations.js';
import { toTfjsTopology } from './topology.js';
import { checkManifest, decodeGroup, encodeWeights, type DecodedWeight } from './weights-manifest.js';

export interface LayersModelLoadOptions {
  customObjects?: CustomObjects;
  /** The `model.json` name or URL, for messages. */
  file?: string;
  /** Compile from `trainingConfig` and restore the optimizer weights (default true). */
  compile?: boolean | undefined;
}

export const GENERATED_BY = 'kfn @kfn/io 0.1.0';

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * `layer/weight`: the names tfjs gives weights, by the layer of the model that owns them,
 * without a cell (`lstm/kernel`) or a nested model's name (`dense/kernel`).
 */
export function tfjsWeightNames(model: Model): Map<Weight, string> {
  const names = new Map<Weight, string>();
  const visit = (m: Model): void => {
    for (const layer of m.layers) {
      if (layer instanceof Model) visit(layer);
      else for (const w of layer.weights) if (!names.has(w)) names.set(w, `${layer.name}/${w.name}`);
    }
  };
  visit(model);
  return names;
}

/** Candidate `layer/weight` keys for a manifest name: tfjs's, the converter's `:0`, a nested model's prefix, a cell. */
function manifestKeys(name: string): string[] {
  const parts = name.replace(/:\d+$/, '').split('/');
  if (parts.length < 2) return [name];
  const last = parts[parts.length - 1] as string;
  return [...new Set([`${parts[0]}/${last}`, `${parts[parts.length - 2]}/${last}`])];
}

/**
 * Pairs the file's weights with the model's: by name when every one matches exactly
 * once, else by position (as tfjs's `setWeights`), always checking shapes.
 */
function matchWeights(model: Model, decoded: DecodedWeight[], where: FileLocation): [Weight, DecodedWeight][] {
  const weights = model.weights;
  const names = tfjsWeightNames(model);
  const byKey = new Map<string, Weight | null>();
  for (const w of weights) {
    const k = names.get(w) ?? w.path;
    byKey.set(k, byKey.has(k) ? null : w); // null: ambiguous
  }
  const pairs: [Weight, DecodedWeight][] = [];
  const used = new Set<Weight>();
  for (const d of decoded) {
    const w = manifestKeys(d.name)
      .map((k) => byKey.get(k))
      .find((c): c is Weight => c != null && !used.has(c));
    if (!w) break;
    used.add(w);
    pairs.push([w, d]);
  }
  const named = pairs.length === decoded.length && used.size === weights.length;
  if (!named) {
    if (decoded.length !== weights.length) {
      const missing = weights.filter((w) => !used.has(w)).map((w) => w.path);
      throw new ModelFileError(
        where,
        `the manifest has ${decoded.length} model weights but the model has ${weights.length}` +
          (missing.length ? `; not found by name: ${missing.slice(0, 8).join(', ')}${missing.length > 8 ? ', …' : ''}.` : '.'),
      );
    }
    pairs.length = 0;
    weights.forEach((w, i) => pairs.push([w, decoded[i] as DecodedWeight]));
  }
  for (const [w, d] of pairs) {
    if (d.shape.length !== w.shape.length || d.shape.some((x, i) => x !== w.shape[i])) {
      throw new ModelFileError(
        { ...where, layer: w.path.split('/')[0] },
        `weight "${d.name}" in the manifest has shape [${d.shape.join(', ')}] but "${w.path}" has shape [${w.shape.join(', ')}]${named ? '' : ' (matched by position)'}.`,
      );
    }
  }
  return pairs;
}

/**
 * Builds the model a tfjs `model.json` describes and loads its weights, reading shards
 * through `readSibling` (a group's shards are concatenated in order, then sliced).
 */
export async function decodeLayersModel(
  json: Uint8Array,
  readSibling: (name: string) => Promise<Uint8Array>,
  options: LayersModelLoadOptions = {},
): Promise<Model> {
  const file = options.file ?? 'model.json';
  const where: FileLocation = { file };
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch (e) {
    throw new ModelFileError(where, `not valid JSON: ${messageOf(e)}`, { cause: e });
  }
  if (!isRecord(parsed) || !isRecord(parsed.modelTopology)) {
    throw new ModelFileError(where, 'expected a tfjs layers-model: a JSON object with "modelTopology" and "weightsManifest".');
  }
  if (parsed.format !== undefined && parsed.format !== 'layers-model') {
    throw new ModelFileError(where, `format is "${String(parsed.format)}"; kfn reads "layers-model" files (graph models have no layer config).`);
  }
  let model: Model;
  try {
    model = modelFromConfig(fromTfjsActivations(parsed.modelTopology), options.customObjects ?? {});
  } catch (e) {
    const kind = e instanceof ConfigError ? '' : `${(e as Error).name ?? 'Error'}: `;
    throw new ModelFileError({ ...where, member: 'modelTopology' }, `${kind}${messageOf(e)}`, { cause: e });
  }
  const groups = checkManifest(parsed.weightsManifest ?? [], where);
  const decoded: DecodedWeight[] = [];
  for (const group of groups) {
    const shards: Uint8Array[] = [];
    for (const path of group.paths) {
      const bad = checkSiblingName(path);
      if (bad) throw new ModelFileError({ ...where, member: path }, `the manifest names a weight file that kfn will not open: ${bad}.`);
      try {
        shards.push(await readSibling(path));
      } catch (e) {
        if (e instanceof ModelFileError) throw e;
        throw new ModelFileError({ ...where, member: path }, `the manifest's weight file cannot be read: ${messageOf(e)}`, { cause: e });
      }
    }
    decoded.push(...decodeGroup(group, shards, where));
  }
  const modelWeights = decoded.filter((d) => d.group !== 'optimizer');
  const optimizerWeights = decoded.filter((d) => d.group === 'optimizer');
  const pairs = matchWeights(model, modelWeights, where);
  for (const [w, d] of pairs) w.assign(d.data);
  // tfjs writes `trainingConfig`; the Python converter keeps Keras 2's `training_config` in the topology.
  const trainingConfig = isRecord(parsed.trainingConfig)
    ? parsed.trainingConfig
    : isRecord(parsed.modelTopology.training_config)
      ? parsed.modelTopology.training_config
      : null;
  const tfjsOptimizerWeights = optimizerWeights.map((d) => ({
    name: d.name,
    value: { shape: d.shape, dtype: d.data instanceof Int32Array ? ('int32' as const) : ('float32' as const), data: d.data },
  }));
  if (trainingConfig && options.compile !== false) {
    try {
      restoreTfjsTraining(model, trainingConfig, tfjsOptimizerWeights, where);
      return model;
    } catch (e) {
      if (e instanceof ModelFileError) throw e;
      console.warn(
        `kfn: model "${model.name}" was loaded uncompiled: its trainingConfig cannot be used (${messageOf(e)}). ` +
          'Call model.compile() yourself; saving the model again keeps the file\'s training state.',
      );
    }
  }
  if (trainingConfig || optimizerWeights.length > 0) {
    setPendingTrainingState(model, { compileConfig: trainingConfig, optimizer: null, tfjsOptimizerWeights });
  }
  return model;
}

/** A model as tfjs's `model.json` plus one weights file, named `weightsName` in the manifest. */
export async function encodeLayersModel(model: Model, weightsName = 'weights.bin'): Promise<{ json: Uint8Array; weights: Uint8Array }> {
  const seen = new Map<string, string>();
  const decoded: DecodedWeight[] = [];
  const names = tfjsWeightNames(model);
  for (const w of model.weights) {
    const name = names.get(w) ?? w.path;
    const other = seen.get(name);
    if (other !== undefined) {
      throw new ValueError(
        `Model "${model.name}" cannot be saved as a tfjs layers-model: weights "${other}" and "${w.path}" would both be named "${name}" (tfjs names weights by layer; give the layers unique names).`,
      );
    }
    seen.set(name, w.path);
    const data = await w.data();
    decoded.push({ name, shape: [...w.shape], data: data instanceof Int32Array ? data : Float32Array.from(data) });
  }
  // A compiled model writes its own training state; one loaded and never compiled writes back what it was loaded with.
  const live = await tfjsTrainingState(model, names);
  const pending = live === null && model.optimizer === null ? getPendingTrainingState(model) : null;
  for (const o of pending?.tfjsOptimizerWeights ?? []) decoded.push({ name: o.name, shape: o.value.shape, group: 'optimizer', data: o.value.data });
  decoded.push(...(live?.weights ?? []));
  const { specs, data } = encodeWeights(decoded);
  const out: Record<string, unknown> = {
    modelTopology: toTfjsActivations(toTfjsTopology(serializeModel(model) as unknown as Record<string, unknown>)),
    weightsManifest: [{ paths: [weightsName], weights: specs }],
    format: 'layers-model',
    generatedBy: GENERATED_BY,
    convertedBy: null,
  };
  if (live) out.trainingConfig = live.trainingConfig;
  else if (pending?.tfjsOptimizerWeights && pending.compileConfig) out.trainingConfig = pending.compileConfig;
  return { json: new TextEncoder().encode(JSON.stringify(out)), weights: data };
}
