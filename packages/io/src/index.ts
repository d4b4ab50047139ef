// @kfn/io: the public API (browser-safe; Node file paths load `node:fs` only when used).

// Whole models.
export { convertModel, detectFormat, encodeModel, loadModel, resolveHandler, saveModel } from './model-io.js';
export type { LoadModelOptions, ModelFormat, ModelSource, ModelTarget, SaveModelOptions } from './model-io.js';

// Errors.
export { ModelFileError } from './errors.js';
export type { FileLocation } from './errors.js';

// Handlers.
export type { ModelIOHandler } from './handlers/io-handler.js';
export { MemoryHandler, bytesHandler } from './handlers/memory.js';
export { BlobHandler, UrlHandler } from './handlers/browser.js';
export { IndexedDBHandler, INDEXEDDB_DATABASE, deleteIndexedDBModel, listIndexedDBModels } from './handlers/indexeddb.js';
export type { IndexedDBModelInfo } from './handlers/indexeddb.js';

// Weights only (Keras's `save_weights` / `load_weights`).
export { encodeWeights, loadWeights, saveWeights } from './weights-io.js';

// Callbacks.
export { ModelCheckpoint } from './callbacks/model-checkpoint.js';
export type { ModelCheckpointArgs } from './callbacks/model-checkpoint.js';
export { formatFilepath } from './callbacks/format-filepath.js';

// Keras 3 `.keras`.
export { KERAS_VERSION, decodeKerasFile, encodeKerasFile, readKerasArchive } from './keras/keras-file.js';
export type { KerasArchive, KerasLoadOptions, KerasSaveOptions } from './keras/keras-file.js';
export type { UnzipLimits } from './keras/zip.js';
export { decodeWeightsH5, encodeWeightsH5 } from './h5/weights-file.js';
export type { OptimizerVariables, RawVariable } from './h5/weights-file.js';
export { varsPath, walkSaveables } from './h5/layout.js';
export type { SaveableEntry } from './h5/layout.js';

// TensorFlow.js layers-models.
export { decodeLayersModel, encodeLayersModel, tfjsWeightNames } from './tfjs/layers-model.js';
export type { LayersModelLoadOptions } from './tfjs/layers-model.js';
export { toTfjsTopology } from './tfjs/topology.js';

// Training state: what a compiled model's file holds, restored on load.
export { optimizerVariablesOf, restoreKerasTraining, restoreOptimizerVariables } from './training/keras-state.js';
export { optimizerFromTfjs, restoreTfjsTraining, tfjsTrainingState } from './training/tfjs-state.js';
export type { TfjsTrainingState } from './training/tfjs-state.js';
export { getPendingTrainingState, setPendingTrainingState } from './training-state.js';
export type { PendingTrainingState } from './training-state.js';
