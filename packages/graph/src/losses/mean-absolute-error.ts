import type { Backend, Tensor } from '../backend/backend.js';
import { Loss, type LossArgs } from './loss.js';

/** `mean(abs(y_true - y_pred), axis=-1)`. */
export class MeanAbsoluteError extends Loss {
  static override className = 'MeanAbsoluteError';

  constructor(args: LossArgs = {}) {
    super(args, 'mean_absolute_error');
  }

  override call(yTrue: Tensor, yPred: Tensor, ops: Backend): Tensor {
    return ops.mean(ops.abs(ops.sub(yPred, ops.cast(yTrue, 'float32'))), -1);
  }
}
