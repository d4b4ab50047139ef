import { compileArgsFromConfig, type Model, type Optimizer } from '@kfn/graph';
import { getPendingTrainingState, loadModel } from '@kfn/io';

/** Loads a `.keras` file or a tfjs `model.json` (with its weight files beside it) from a path. */
export async function loadModelFile(file: string): Promise<Model> {
  // Relative paths are read from the working folder; errors then name the file as the user typed it.
  return loadModel(file);
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
    // Re-read: TypeScript narrowed `model.optimizer` to null above, but compile set it.
    const optimizer = (model as { optimizer: Optimizer | null }).optimizer;
    if (vars && vars.length > 0) optimizer?.loadVariables(vars.map((v) => v.data), model.trainableWeights);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

function isKerasObject(x: unknown): boolean {
  return typeof x === 'object' && x !== null && 'class_name' in x && 'config' in x;
}
