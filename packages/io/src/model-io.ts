import { ValueError, type CustomObjects, type Model } from '@kfn/graph';
import { ModelFileError } from './errors.js';
import { BlobHandler, UrlHandler } from './handlers/browser.js';
import { isModelIOHandler, type ModelIOHandler } from './handlers/io-handler.js';
import { IndexedDBHandler, INDEXEDDB_SCHEME } from './handlers/indexeddb.js';
import { bytesHandler } from './handlers/memory.js';
import { decodeKerasFile, encodeKerasFile, type KerasSaveOptions } from './keras/keras-file.js';
import type { UnzipLimits } from './keras/zip.js';
import { decodeLayersModel, encodeLayersModel } from './tfjs/layers-model.js';

/** Where `loadModel` reads from: a path (Node), a URL, `indexeddb://name`, bytes, `Blob`/`File`(s), or a handler. */
export type ModelSource = string | URL | Uint8Array | ArrayBuffer | Blob | readonly Blob[] | ModelIOHandler;
/** Where `saveModel` writes to: a path ending in `.keras` or `.json` (Node), `indexeddb://name`, or a handler. */
export type ModelTarget = string | ModelIOHandler;

export interface LoadModelOptions extends UnzipLimits {
  /** Custom layer classes by registered name or class name (Keras's `custom_objects`). */
  customObjects?: CustomObjects;
  /**
   * Compile the model from the file's training configuration and restore the optimizer's
   * state (default true, as Keras's `load_model(compile=True)`).
   */
  compile?: boolean;
}

export type SaveModelOptions = KerasSaveOptions;

export type ModelFormat = 'keras' | 'layers-model';

async function nodeHandler(path: string): Promise<ModelIOHandler> {
  // Loaded only for paths, so the browser entry never pulls in `node:fs`.
  const { NodeFileHandler } = await import('./handlers/node-file.js');
  return new NodeFileHandler(path);
}

export async function resolveHandler(x: ModelSource | ModelTarget): Promise<ModelIOHandler> {
  if (isModelIOHandler(x)) return x;
  if (x instanceof Uint8Array) return bytesHandler(x);
  if (x instanceof ArrayBuffer) return bytesHandler(new Uint8Array(x));
  if (typeof Blob !== 'undefined' && (x instanceof Blob || (Array.isArray(x) && x[0] instanceof Blob))) return new BlobHandler(x as Blob | Blob[]);
  if (x instanceof URL) return new UrlHandler(x.href);
  if (typeof x === 'string' && x.startsWith(INDEXEDDB_SCHEME)) return new IndexedDBHandler(x);
  if (typeof x === 'string') return /^(https?|blob|data):/i.test(x) ? new UrlHandler(x) : nodeHandler(x);
  throw new ValueError(`Expected a file path, a URL, bytes, a Blob or a ModelIOHandler; received ${Object.prototype.toString.call(x)}.`);
}

/** The format of a file, from its name, else from its first bytes. */
export function detectFormat(location: string, bytes?: Uint8Array): ModelFormat | null {
  const name = location.split(/[?#]/)[0]?.toLowerCase() ?? '';
  if (name.endsWith('.keras')) return 'keras';
  if (name.endsWith('.json')) return 'layers-model';
  if (bytes && bytes[0] === 0x50 && bytes[1] === 0x4b) return 'keras';
  if (bytes) {
    const first = bytes.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09 && b !== 0xef && b !== 0xbb && b !== 0xbf);
    if (first === 0x7b) return 'layers-model';
  }
  return null;
}

/**
 * Loads a whole model: a Keras 3 `.keras` file or a TensorFlow.js layers-model
 * (`model.json` + weight shards). Needs an active backend for the weights.
 */
export async function loadModel(source: ModelSource, options: LoadModelOptions = {}): Promise<Model> {
  const handler = await resolveHandler(source);
  if (!handler.read) throw new ValueError(`The handler for "${handler.location}" cannot read.`);
  const bytes = await handler.read();
  const format = handler.format ?? detectFormat(handler.location, bytes);
  const file = handler.location;
  if (format === 'keras') return decodeKerasFile(bytes, { ...options, file });
  if (format === 'layers-model') {
    const read = handler.read.bind(handler);
    return decodeLayersModel(bytes, (name) => read(name), { customObjects: options.customObjects, compile: options.compile, file });
  }
  const legacy = /\.(h5|hdf5)$/i.test(file) ? ' Legacy Keras 2 .h5 model files are not read: load them in Keras and save as .keras.' : '';
  throw new ModelFileError({ file }, `unknown model format: expected a .keras zip or a tfjs model.json.${legacy}`);
}

/** The bytes of `model` in a format, without writing them anywhere (browsers: download them; tests). */
export async function encodeModel(
  model: Model,
  format: ModelFormat,
  options: SaveModelOptions & { weightsName?: string } = {},
): Promise<{ main: Uint8Array; siblings: Map<string, Uint8Array> }> {
  if (format === 'keras') return { main: await encodeKerasFile(model, options), siblings: new Map() };
  const weightsName = options.weightsName ?? 'weights.bin';
  const { json, weights } = await encodeLayersModel(model, weightsName);
  return { main: json, siblings: new Map([[weightsName, weights]]) };
}

/** `model.json` → `weights.bin` (as tfjs-node); `net.json` → `net.weights.bin`. */
function weightsNameFor(location: string): string {
  const base = location.split(/[\\/]/).pop() ?? 'model.json';
  return base === 'model.json' ? 'weights.bin' : `${base.replace(/\.json$/i, '')}.weights.bin`;
}

/**
 * Saves `model` (Keras's `model.save(path)`): `.keras` writes a Keras 3 file that Python
 * Keras loads, `.json` a tfjs layers-model with its `weights.bin`. Everything is encoded in
 * memory first; a Node path is then replaced atomically, so a failed save keeps the old file.
 */
export async function saveModel(model: Model, target: ModelTarget, options: SaveModelOptions = {}): Promise<void> {
  const handler = await resolveHandler(target);
  if (!handler.write) throw new ValueError(`The handler for "${handler.location}" cannot write.`);
  const format = handler.format ?? detectFormat(handler.location);
  if (format === null) {
    throw new ValueError(
      `The filepath provided must end in \`.keras\` (Keras 3 format) or \`.json\` (TensorFlow.js layers-model). Received: filepath=${handler.location}`,
    );
  }
  const { main, siblings } = await encodeModel(model, format, { ...options, weightsName: weightsNameFor(handler.location) });
  await handler.write(main, siblings);
}

/** Converts between formats: a load and a save (`model.keras` ⇄ `model.json`). */
export async function convertModel(input: ModelSource, output: ModelTarget, options: LoadModelOptions & SaveModelOptions = {}): Promise<Model> {
  const model = await loadModel(input, options);
  await saveModel(model, output, options);
  return model;
}
