import type { Layer } from '@kfn/graph';
import type { OptimizerVariables, RawVariable } from './h5/weights-file.js';

/**
 * What a file holds for training that kfn cannot use yet: the compile configuration and
 * the optimizer's variables as stored. Kept on the loaded model so that training can
 * restore them (`compile_from_config` + the optimizer's `load_own_variables`), and
 * written back unchanged when that model is saved again.
 */
export interface PendingTrainingState {
  /** Keras's `compile_config`, or tfjs's `trainingConfig`. */
  compileConfig: Record<string, unknown> | null;
  /** Keras: `optimizer/vars` in file order (iterations, learning rate, slots). */
  optimizer: OptimizerVariables | null;
  /** tfjs: the manifest's `group: "optimizer"` weights, in manifest order (tfjs restores them by position). */
  tfjsOptimizerWeights?: { name: string; value: RawVariable }[];
}

const states = new WeakMap<Layer<unknown>, PendingTrainingState>();

/** The training state a model was loaded with, if its file had one. */
export function getPendingTrainingState(model: Layer<unknown>): PendingTrainingState | null {
  return states.get(model) ?? null;
}

/** Attaches (or with `null`, drops) a pending training state; also visible as `model.pendingTrainingState`. */
export function setPendingTrainingState(model: Layer<unknown>, state: PendingTrainingState | null): void {
  if (state === null) states.delete(model);
  else states.set(model, state);
  Object.defineProperty(model, 'pendingTrainingState', { value: state, configurable: true, enumerable: false, writable: true });
}
