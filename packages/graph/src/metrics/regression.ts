import type { Backend, Tensor } from '../backend/backend.js';
import { MeanMetricWrapper } from './mean.js';

/** `mean(abs(y_true - y_pred), -1)`, averaged over samples. */
export class MeanAbsoluteError extends MeanMetricWrapper {
  static override className = 'MeanAbsoluteError';
  constructor(args: { name?: string } = {}) {
    super(meanAbsoluteError, args.name ?? 'mean_absolute_error');
  }
}

/** `mean(square(y_true - y_pred), -1)`, averaged over samples. */
export class MeanSquaredError extends MeanMetricWrapper {
  static override className = 'MeanSquaredError';
  constructor(args: { name?: string } = {}) {
    super(meanSquaredError, args.name ?? 'mean_squared_error');
  }
}

export function meanAbsoluteError(yTrue: Tensor, yPred: Tensor, ops: Backend): Tensor {
  return ops.mean(ops.abs(ops.sub(yPred, ops.cast(yTrue, 'float32'))), -1);
}

export function meanSquaredError(yTrue: Tensor, yPred: Tensor, ops: Backend): Tensor {
  return ops.mean(ops.square(ops.sub(yPred, ops.cast(yTrue, 'float32'))), -1);
}
