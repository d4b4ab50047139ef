import { ValueError, type Model } from '@kfn/graph';
import type { FileLocation } from './errors.js';
import { decodeWeightsH5, encodeWeightsH5 } from './h5/weights-file.js';
import type { ModelIOHandler } from './handlers/io-handler.js';
import { readKerasArchive } from './keras/keras-file.js';
import type { UnzipLimits } from './keras/zip.js';
import { resolveHandler, type ModelSource, type ModelTarget } from './model-io.js';
import { optimizerVariablesOf, restoreOptimizerVariables } from './training/keras-state.js';

/** `model.weights.h5` bytes: the model's variables and, when it is compiled, its optimizer's (as Keras's `save_weights`). */
export async function encodeWeights(model: Model): Promise<Uint8Array> {
  return encodeWeightsH5(model, await optimizerVariablesOf(model));
}

async function writable(target: ModelTarget): Promise<ModelIOHandler & Required<Pick<ModelIOHandler, 'write'>>> {
  const handler = await resolveHandler(target);
  if (!handler.write) throw new ValueError(`The handler for "${handler.location}" cannot write.`);
  return handler as ModelIOHandler & Required<Pick<ModelIOHandler, 'write'>>;
}

/**
 * Keras's `model.save_weights(path)`: a `.weights.h5` file laid out as the `model.weights.h5`
 * inside a `.keras` file. A Node path is replaced atomically.
 */
export async function saveWeights(model: Model, target: ModelTarget): Promise<void> {
  const handler = await writable(target);
  if (!handler.location.toLowerCase().endsWith('.weights.h5')) {
    throw new ValueError(`The filename must end in \`.weights.h5\`. Received: filepath=${handler.location}`);
  }
  await handler.write(await encodeWeights(model), new Map());
}

/**
 * Keras's `model.load_weights(path)`: from a `.weights.h5` file, or the weights of a `.keras`
 * file. Every group, count and shape is checked before anything is assigned. A compiled
 * model also gets its optimizer's state back when the file has it.
 */
export async function loadWeights(model: Model, source: ModelSource, options: UnzipLimits = {}): Promise<void> {
  const handler = await resolveHandler(source);
  if (!handler.read) throw new ValueError(`The handler for "${handler.location}" cannot read.`);
  let bytes = await handler.read();
  const file = handler.location;
  let where: FileLocation = { file };
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    bytes = readKerasArchive(bytes, { ...options, file }).weights;
    where = { file, member: 'model.weights.h5' };
  }
  const optimizer = await decodeWeightsH5(model, bytes, where);
  if (optimizer && model.optimizer) restoreOptimizerVariables(model.optimizer, optimizer, model.trainableWeights, where);
}
