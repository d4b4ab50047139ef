import { ConfigError, modelFromConfig, serializeModel, type CustomObjects, type Model } from '@kfn/graph';
import { ModelFileError, messageOf, type FileLocation } from '../errors.js';
import { decodeWeightsH5, encodeWeightsH5 } from '../h5/weights-file.js';
import { toTfjsActivations, usesTfjsHardSigmoid } from '../tfjs/keras2-activations.js';
import { optimizerVariablesOf, restoreKerasTraining } from '../training/keras-state.js';
import { setPendingTrainingState } from '../training-state.js';
import { pythonJson } from './python-json.js';
import { unzipChecked, zipStored, type UnzipLimits } from './zip.js';

/** The Keras version kfn writes in `metadata.json`: the one whose format it follows (Keras checks nothing else). */
export const KERAS_VERSION = '3.16.0';

export interface KerasLoadOptions extends UnzipLimits {
  /** Custom layer classes by registered name or class name (Keras's `custom_objects`). */
  customObjects?: CustomObjects;
  /** The file's name or URL, for error messages. */
  file?: string;
  /**
   * Compile the model from the file's `compile_config` and restore the optimizer's state
   * (Keras's `load_model(compile=True)`, the default). With `false` the state stays pending.
   */
  compile?: boolean;
}

export interface KerasSaveOptions {
  /** The `date_saved` to write (default: now, local time, as Keras). */
  date?: Date;
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** `%Y-%m-%d@%H:%M:%S` in local time, as Keras's `datetime.datetime.now().strftime`. */
export function kerasDate(d: Date): string {
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}@${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** A model as the bytes of a `.keras` file: `metadata.json`, `config.json`, `model.weights.h5`, stored. */
export async function encodeKerasFile(model: Model, options: KerasSaveOptions = {}): Promise<Uint8Array> {
  const date = options.date ?? new Date();
  const metadata = pythonJson({ keras_version: KERAS_VERSION, date_saved: kerasDate(date) });
  let serialized: unknown = serializeModel(model);
  if (usesTfjsHardSigmoid(serialized)) {
    // Keras 3 has no name for Keras 2's hard_sigmoid; its own differs (slope 1/6, not 0.2).
    console.warn(
      `kfn: model "${model.name}" uses tfjs's hard_sigmoid (clip(0.2x + 0.5)); the .keras file says "hard_sigmoid", which Keras 3 computes as relu6(x + 3) / 6, so its predictions will differ slightly.`,
    );
    serialized = toTfjsActivations(serialized);
  }
  serialized = withCurrentOptimizer(model, serialized);
  const config = pythonJson(serialized);
  const weights = await encodeWeightsH5(model, await optimizerVariablesOf(model));
  const enc = new TextEncoder();
  return zipStored(
    [
      ['metadata.json', enc.encode(metadata)],
      ['config.json', enc.encode(config)],
      ['model.weights.h5', weights],
    ],
    date,
  );
}

/** Keras serializes the optimizer when saving: a learning rate changed by a callback is saved as it is now. */
function withCurrentOptimizer(model: Model, serialized: unknown): unknown {
  const opt = model.optimizer;
  if (opt === null || !isRecord(serialized) || !isRecord(serialized.compile_config)) return serialized;
  return { ...serialized, compile_config: { ...serialized.compile_config, optimizer: opt.serialize() } };
}

/** The members of a `.keras` file, parsed and checked, without building the model. */
export interface KerasArchive {
  metadata: Record<string, unknown> | null;
  config: Record<string, unknown>;
  weights: Uint8Array;
}

function parseJsonMember(members: Map<string, Uint8Array>, name: string, where: FileLocation): unknown {
  const data = members.get(name);
  if (data === undefined) return undefined;
  const at = { ...where, member: name };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch (e) {
    throw new ModelFileError(at, 'the member is not UTF-8 text.', { cause: e });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ModelFileError(at, `the member is not valid JSON: ${messageOf(e)}`, { cause: e });
  }
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export function readKerasArchive(bytes: Uint8Array, options: KerasLoadOptions = {}): KerasArchive {
  const where: FileLocation = options.file === undefined ? {} : { file: options.file };
  const members = unzipChecked(bytes, options.file, options);
  const config = parseJsonMember(members, 'config.json', where);
  if (config === undefined) {
    throw new ModelFileError(where, `the archive has no "config.json" member (it has: ${[...members.keys()].join(', ') || 'nothing'}); is this a .keras file?`);
  }
  if (!isRecord(config)) throw new ModelFileError({ ...where, member: 'config.json' }, 'expected a JSON object (the serialized model).');
  const metadata = parseJsonMember(members, 'metadata.json', where);
  const version = isRecord(metadata) ? metadata.keras_version : undefined;
  if (typeof version === 'string' && !version.startsWith('3.')) {
    throw new ModelFileError({ ...where, member: 'metadata.json' }, `keras_version is "${version}"; kfn reads files of Keras 3.`);
  }
  const weights = members.get('model.weights.h5');
  if (weights === undefined) {
    const npz = members.has('model.weights.npz') ? ' (it has model.weights.npz, which kfn does not read: save with the default weights_format="h5")' : '';
    throw new ModelFileError(where, `the archive has no "model.weights.h5" member${npz}.`);
  }
  return { metadata: isRecord(metadata) ? metadata : null, config, weights };
}

/**
 * Builds the model a `.keras` file describes and loads its weights. Nothing from the file
 * is executed: unknown classes and `Lambda` layers are refused. Needs an active backend
 * (the weights become backend variables). A file with a `compile_config` gives a compiled
 * model whose optimizer state is restored from `optimizer/vars`, ready to resume training.
 */
export async function decodeKerasFile(bytes: Uint8Array, options: KerasLoadOptions = {}): Promise<Model> {
  const where: FileLocation = options.file === undefined ? {} : { file: options.file };
  const archive = readKerasArchive(bytes, options);
  let model: Model;
  try {
    model = modelFromConfig(archive.config, options.customObjects ?? {});
  } catch (e) {
    const kind = e instanceof ConfigError ? '' : `${(e as Error).name ?? 'Error'}: `;
    throw new ModelFileError({ ...where, member: 'config.json' }, `${kind}${messageOf(e)}`, { cause: e });
  }
  const optimizer = await decodeWeightsH5(model, archive.weights, { ...where, member: 'model.weights.h5' });
  const compileConfig = archive.config.compile_config;
  const hasCompile = isRecord(compileConfig) && Object.keys(compileConfig).length > 0;
  if (hasCompile && options.compile !== false) {
    const failed = restoreKerasTraining(model, compileConfig, optimizer, where);
    if (failed === null) return model;
    console.warn(
      `kfn: model "${model.name}" was loaded uncompiled: its compile_config cannot be used (${failed}). ` +
        'Call model.compile() yourself; saving the model again keeps the file\'s training state.',
    );
  }
  if (hasCompile || optimizer !== null) {
    setPendingTrainingState(model, { compileConfig: hasCompile ? compileConfig : null, optimizer });
  }
  return model;
}
