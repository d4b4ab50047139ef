import type { Backend, Tensor } from '../backend/backend.js';
import { Loss, type LossArgs } from './loss.js';

/** `mean(square(y_true - y_pred), axis=-1)`. */
export class MeanSquaredError extends Loss {
  static override className = 'MeanSquaredError';

  constructor(args: LossArgs = {}) {
    super(args, 'mean_squared_error');
  }

  override call(yTrue: Tensor, yPred: Tensor, ops: Backend): Tensor {
    return ops.mean(ops.square(ops.sub(yPred, ops.cast(yTrue, 'float32'))), -1);
  }
}
