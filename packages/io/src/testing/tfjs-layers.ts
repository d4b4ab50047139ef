import type * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/**
 * Loads kfn-written layers-model bytes in the real tfjs-layers 4.22 through an in-memory
 * IOHandler, as `tf.loadLayersModel('file://…')` would, training config included.
 * (kfn names its tfjs variables `kfn/…`, so both libraries share one engine without clashes.)
 */
export async function loadInTfjs(json: Uint8Array, weights: Uint8Array): Promise<tfl.LayersModel> {
  const parsed = JSON.parse(new TextDecoder().decode(json));
  const handler: tf.io.IOHandler = {
    load: async () => ({
      modelTopology: parsed.modelTopology,
      weightSpecs: parsed.weightsManifest[0].weights,
      weightData: weights.slice().buffer,
      format: parsed.format,
      generatedBy: parsed.generatedBy,
      convertedBy: parsed.convertedBy,
      trainingConfig: parsed.trainingConfig,
    }),
  };
  return tfl.loadLayersModel(handler);
}
