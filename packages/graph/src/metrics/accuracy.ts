import type { Backend, Tensor } from '../backend/backend.js';
import { squeezeLabels } from '../losses/loss.js';
import { MeanMetricWrapper } from './mean.js';

/** 1 where `y_pred` equals `y_true` exactly. */
export class Accuracy extends MeanMetricWrapper {
  static override className = 'Accuracy';
  constructor(args: { name?: string } = {}) {
    super(accuracy, args.name ?? 'accuracy');
  }
}

/** 1 where `y_pred > threshold` matches the 0/1 target, mean over the last axis. */
export class BinaryAccuracy extends MeanMetricWrapper {
  static override className = 'BinaryAccuracy';
  readonly threshold: number;
  constructor(args: { name?: string; threshold?: number } = {}) {
    const threshold = args.threshold ?? 0.5;
    super((t, p, ops) => binaryAccuracy(t, p, ops, threshold), args.name ?? 'binary_accuracy');
    this.threshold = threshold;
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), threshold: this.threshold };
  }
}

/** 1 where the arg-max of `y_pred` is the arg-max of the one-hot target. */
export class CategoricalAccuracy extends MeanMetricWrapper {
  static override className = 'CategoricalAccuracy';
  constructor(args: { name?: string } = {}) {
    super(categoricalAccuracy, args.name ?? 'categorical_accuracy');
  }
}

/** 1 where the arg-max of `y_pred` is the integer label. */
export class SparseCategoricalAccuracy extends MeanMetricWrapper {
  static override className = 'SparseCategoricalAccuracy';
  constructor(args: { name?: string } = {}) {
    super(sparseCategoricalAccuracy, args.name ?? 'sparse_categorical_accuracy');
  }
}

export function accuracy(yTrue: Tensor, yPred: Tensor, ops: Backend): Tensor {
  return ops.cast(ops.equal(ops.cast(yTrue, 'float32'), ops.cast(yPred, 'float32')), 'float32');
}

export function binaryAccuracy(yTrue: Tensor, yPred: Tensor, ops: Backend, threshold = 0.5): Tensor {
  const predicted = ops.cast(ops.greater(yPred, ops.scalar(threshold)), 'float32');
  return ops.mean(ops.cast(ops.equal(ops.cast(yTrue, 'float32'), predicted), 'float32'), -1);
}

export function categoricalAccuracy(yTrue: Tensor, yPred: Tensor, ops: Backend): Tensor {
  return ops.cast(ops.equal(ops.argMax(yTrue, -1), ops.argMax(yPred, -1)), 'float32');
}

export function sparseCategoricalAccuracy(yTrue: Tensor, yPred: Tensor, ops: Backend): Tensor {
  const labels = ops.cast(squeezeLabels(yTrue, yPred.shape.length, ops), 'int32');
  return ops.cast(ops.equal(labels, ops.cast(ops.argMax(yPred, -1), 'int32')), 'float32');
}
