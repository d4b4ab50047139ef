import { ConfigError } from '../common/errors.js';
import { snakeToCamel } from '../common/naming.js';
import { isKerasObject, type KerasObject } from '../saving/keras-object.js';
import { BinaryCrossentropy } from './binary-crossentropy.js';
import { CategoricalCrossentropy } from './categorical-crossentropy.js';
import { Huber } from './huber.js';
import { Loss } from './loss.js';
import { MeanAbsoluteError } from './mean-absolute-error.js';
import { MeanSquaredError } from './mean-squared-error.js';
import { SparseCategoricalCrossentropy } from './sparse-categorical-crossentropy.js';

type LossClass = (new (args?: Record<string, unknown>) => Loss) & { className: string };

const CLASSES = [
  MeanSquaredError, MeanAbsoluteError, Huber, BinaryCrossentropy, CategoricalCrossentropy, SparseCategoricalCrossentropy,
] as unknown as LossClass[];
const BY_CLASS_NAME = new Map<string, LossClass>(CLASSES.map((c) => [c.className, c]));

// Keras's function names and aliases (`losses/__init__.py`).
const ALIASES: Record<string, string> = {
  mean_squared_error: 'MeanSquaredError', mse: 'MeanSquaredError', MSE: 'MeanSquaredError',
  mean_absolute_error: 'MeanAbsoluteError', mae: 'MeanAbsoluteError', MAE: 'MeanAbsoluteError',
  huber: 'Huber', huber_loss: 'Huber',
  binary_crossentropy: 'BinaryCrossentropy',
  categorical_crossentropy: 'CategoricalCrossentropy',
  sparse_categorical_crossentropy: 'SparseCategoricalCrossentropy',
};

export type LossIdentifier = string | Loss | KerasObject;

/** A loss from a name (`'mse'`, `'sparse_categorical_crossentropy'`), a serialized object, or an instance. */
export function getLoss(identifier: LossIdentifier, argName = 'loss'): Loss {
  if (identifier instanceof Loss) return identifier;
  if (typeof identifier === 'string') {
    const cls = BY_CLASS_NAME.get(ALIASES[identifier] ?? identifier);
    if (!cls) {
      throw new ConfigError(
        `Could not interpret loss identifier for \`${argName}\`: ${JSON.stringify(identifier)}. Known: ${[...Object.keys(ALIASES), ...BY_CLASS_NAME.keys()].join(', ')}.`,
      );
    }
    return new cls();
  }
  if (isKerasObject(identifier)) return deserializeLoss(identifier);
  throw new ConfigError(`Could not interpret loss identifier for \`${argName}\`: expected a name, a Loss or a serialized loss.`);
}

/** Rebuilds a loss from Keras's `{class_name, config}` (config keys in snake_case). */
export function deserializeLoss(obj: KerasObject): Loss {
  const cls = BY_CLASS_NAME.get(obj.class_name);
  if (!cls) throw new ConfigError(`Unknown loss class "${obj.class_name}". Known: ${[...BY_CLASS_NAME.keys()].join(', ')}.`);
  const args: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj.config ?? {})) if (k !== 'dtype') args[snakeToCamel(k)] = v;
  return new cls(args);
}

/** Whether labels are class indices (the loss takes sparse labels). */
export function isSparseLoss(loss: Loss): boolean {
  return loss instanceof SparseCategoricalCrossentropy;
}
