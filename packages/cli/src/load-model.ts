import type { Model } from '@kfn/graph';
import { loadModel } from '@kfn/io';

/**
 * Loads a `.keras` file or a tfjs `model.json` (with its weight files beside it) from a path.
 * As Keras's `load_model`, a compiled file comes back compiled with its optimizer state.
 */
export async function loadModelFile(file: string): Promise<Model> {
  // Relative paths are read from the working folder; errors then name the file as the user typed it.
  return loadModel(file);
}
