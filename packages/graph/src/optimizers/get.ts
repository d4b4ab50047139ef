import { ConfigError } from '../common/errors.js';
import { snakeToCamel } from '../common/naming.js';
import { isKerasObject, type KerasObject } from '../saving/keras-object.js';
import { Adam } from './adam.js';
import { AdamW } from './adamw.js';
import { Optimizer } from './optimizer.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';

type OptimizerClass = new (args?: Record<string, unknown>) => Optimizer;

const BY_NAME: Record<string, OptimizerClass> = {
  sgd: SGD as OptimizerClass,
  rmsprop: RMSprop as OptimizerClass,
  adam: Adam as unknown as OptimizerClass,
  adamw: AdamW as OptimizerClass,
};

export type OptimizerIdentifier = string | Optimizer | KerasObject;

/** An optimizer from a name (`'rmsprop'`, case-insensitive), a serialized object, or an instance. */
export function getOptimizer(identifier: OptimizerIdentifier): Optimizer {
  if (identifier instanceof Optimizer) return identifier;
  if (typeof identifier === 'string') {
    const cls = BY_NAME[identifier.toLowerCase()];
    if (!cls) throw new ConfigError(`Could not interpret optimizer identifier: ${JSON.stringify(identifier)}. Known: ${Object.keys(BY_NAME).join(', ')}.`);
    return new cls();
  }
  if (isKerasObject(identifier)) return deserializeOptimizer(identifier);
  throw new ConfigError('Could not interpret optimizer identifier: expected a name, an Optimizer or a serialized optimizer.');
}

/**
 * Rebuilds an optimizer from Keras's `{class_name, config}`. Keys on `class_name` only:
 * Keras under torch writes backend-specific `module`s.
 */
export function deserializeOptimizer(obj: KerasObject): Optimizer {
  const cls = BY_NAME[obj.class_name.toLowerCase()];
  if (!cls) throw new ConfigError(`Unknown optimizer class "${obj.class_name}". Known: SGD, RMSprop, Adam, AdamW.`);
  const args: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj.config ?? {})) {
    if (k === 'learning_rate' && typeof v === 'object' && v !== null) {
      throw new ConfigError(`Optimizer "${obj.class_name}": learning-rate schedules are not supported yet. Received: ${JSON.stringify(v)}`);
    }
    if (v === null || (k === 'use_ema' && v === false)) continue;
    args[snakeToCamel(k)] = v; // `beta_1` → `beta1`
  }
  return new cls(args);
}
