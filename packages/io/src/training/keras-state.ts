import { compileArgsFromConfig, type Model, type Optimizer, type Weight } from '@kfn/graph';
import { ModelFileError, messageOf, type FileLocation } from '../errors.js';
import type { OptimizerVariables, RawVariable } from '../h5/weights-file.js';
import { getPendingTrainingState } from '../training-state.js';

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function formatShape(shape: readonly number[]): string {
  return `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;
}

async function rawOf(w: Weight): Promise<RawVariable> {
  const data = await w.data();
  const int = w.dtype === 'int32';
  return {
    shape: [...w.shape],
    dtype: int ? 'int32' : 'float32',
    data: int ? (data instanceof Int32Array ? data : Int32Array.from(data)) : data instanceof Float32Array ? data : Float32Array.from(data),
  };
}

/**
 * What a save writes under `optimizer/vars`: the compiled optimizer's variables (Keras writes
 * `iteration` and `learning_rate` even before the first step), else the state the model was
 * loaded with and never used, else nothing.
 */
export async function optimizerVariablesOf(model: Model): Promise<OptimizerVariables | null> {
  const opt = model.optimizer;
  if (opt === null) return getPendingTrainingState(model)?.optimizer ?? null;
  return { name: opt.name, variables: await Promise.all(opt.variables.map(rawOf)) };
}

/**
 * Keras's `optimizer.load_own_variables` after `compile_from_config` built the optimizer:
 * the saved values in `variables` order. A count that differs is warned about and skipped,
 * as Keras does. The one exception is a file saved before the first step (iteration and
 * learning rate only): its slots were zeros, which is what a fresh build holds, so it is restored.
 * A count that matches with a shape that does not is a broken file.
 */
export function restoreOptimizerVariables(
  optimizer: Optimizer,
  saved: OptimizerVariables,
  trainable: readonly Weight[],
  where: FileLocation,
): boolean {
  optimizer.build(trainable);
  const targets = optimizer.variables;
  const values = saved.variables;
  if (values.length === 2 && targets.length > 2) {
    optimizer.iterations.assign(Int32Array.from(values[0]!.data));
    optimizer.learningRate = values[1]!.data[0] ?? optimizer.learningRate;
    return true;
  }
  if (values.length !== targets.length) {
    console.warn(
      `kfn: skipping variable loading for optimizer "${optimizer.name}", because it has ${targets.length} variables whereas the saved optimizer "${saved.name}" has ${values.length} variables` +
        `${where.file ? ` (${where.file})` : ''}. Training continues with a fresh optimizer state.`,
    );
    return false;
  }
  targets.forEach((w, i) => {
    const v = values[i]!;
    if (!sameShape(v.shape, w.shape)) {
      throw new ModelFileError(
        { ...where, h5Path: `/optimizer/vars/${i}` },
        `optimizer variable "${w.path}" has shape ${formatShape(w.shape)} but the file holds shape ${formatShape(v.shape)}.`,
      );
    }
  });
  return optimizer.loadVariables(
    values.map((v, i) => (targets[i]!.dtype === 'int32' ? Int32Array.from(v.data) : Float32Array.from(v.data))),
    trainable,
  );
}

/**
 * Keras's `compile_from_config` + the optimizer's `load_own_variables`: compiles `model` from
 * a file's `compile_config` and restores `optimizer/vars`, so that training resumes where it
 * stopped. Returns why it could not compile (kfn then keeps the state pending), or null.
 */
export function restoreKerasTraining(
  model: Model,
  compileConfig: Record<string, unknown>,
  optimizer: OptimizerVariables | null,
  where: FileLocation,
): string | null {
  try {
    model.compile(compileArgsFromConfig(compileConfig));
  } catch (e) {
    return messageOf(e);
  }
  const opt = model.optimizer as Optimizer;
  if (optimizer) restoreOptimizerVariables(opt, optimizer, model.trainableWeights, where);
  else opt.build(model.trainableWeights);
  return null;
}
