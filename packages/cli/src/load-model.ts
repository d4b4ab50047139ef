import path from 'node:path';
import { compileArgsFromConfig, type Model } from '@kfn/graph';
import { getPendingTrainingState, loadModel } from '@kfn/io';

/** The model files kfn reads, by extension (anything else is refused before reading). */
export const MODEL_EXTENSIONS = ['.keras', '.json'] as const;

/** Loads a `.keras` file or a tfjs `model.json` (with its weight files beside it) from a path. */
export async function loadModelFile(file: string): Promise<Model> {
  return loadModel(path.resolve(file));
}

/**
 * What Keras's `load_model(compile=True)` does after loading: compile from the file's
 * `compile_config` and restore the optimizer's variables. Keras's summary then shows the
 * "Optimizer params" line of a trained model. Returns why it could not, or null.
 * (tfjs `trainingConfig`s are left alone: tfjs's summary has no optimizer line.)
 */
export function restoreCompiledState(model: Model): string | null {
  const pending = getPendingTrainingState(model);
  const config = pending?.compileConfig;
  if (model.optimizer !== null || !config || !isKerasObject(config.optimizer)) return null;
  try {
    model.compile(compileArgsFromConfig(config));
    const vars = pending.optimizer?.variables;
    if (vars && vars.length > 0) model.optimizer?.loadVariables(vars.map((v) => v.data), model.trainableWeights);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

function isKerasObject(x: unknown): boolean {
  return typeof x === 'object' && x !== null && 'class_name' in x && 'config' in x;
}
