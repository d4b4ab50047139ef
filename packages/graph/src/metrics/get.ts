import { ConfigError } from '../common/errors.js';
import type { Shape } from '../common/shape.js';
import { Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy } from './accuracy.js';
import type { Metric } from './metric.js';
import { MeanAbsoluteError, MeanSquaredError } from './regression.js';

type MetricClass = new (args?: { name?: string }) => Metric;

// Keras's metric names and aliases (`metrics/__init__.py`).
const BY_NAME: Record<string, MetricClass> = {
  Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy, MeanAbsoluteError, MeanSquaredError,
  binary_accuracy: BinaryAccuracy,
  categorical_accuracy: CategoricalAccuracy,
  sparse_categorical_accuracy: SparseCategoricalAccuracy,
  mean_absolute_error: MeanAbsoluteError, mae: MeanAbsoluteError, MAE: MeanAbsoluteError,
  mean_squared_error: MeanSquaredError, mse: MeanSquaredError, MSE: MeanSquaredError,
};

export type MetricIdentifier = string | Metric;

/**
 * Keras's `compile_utils.get_metric`: a metric given by name keeps that name (`'mae'` is
 * reported as `mae`); `'accuracy'`/`'acc'` becomes binary, sparse or categorical accuracy
 * from the shapes of targets and predictions.
 */
export function getMetric(identifier: MetricIdentifier, yTrueShape: Shape, yPredShape: Shape): Metric {
  if (typeof identifier !== 'string') return identifier;
  const lower = identifier.toLowerCase();
  if (lower === 'accuracy' || lower === 'acc') {
    const isBinary = yPredShape.at(-1) === 1;
    const isSparse =
      yTrueShape.length < yPredShape.length || (yTrueShape.at(-1) === 1 && (yPredShape.at(-1) ?? 2) !== 1);
    if (isBinary) return new BinaryAccuracy({ name: identifier });
    if (isSparse) return new SparseCategoricalAccuracy({ name: identifier });
    return new CategoricalAccuracy({ name: identifier });
  }
  const cls = BY_NAME[identifier];
  if (!cls) {
    throw new ConfigError(`Could not interpret metric identifier: ${JSON.stringify(identifier)}. Known: accuracy, acc, ${Object.keys(BY_NAME).join(', ')}.`);
  }
  return new cls({ name: identifier });
}
