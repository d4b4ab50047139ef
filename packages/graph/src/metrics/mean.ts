import type { Backend, Tensor } from '../backend/backend.js';
import { matchRank } from '../losses/loss.js';
import { Metric, swapState } from './metric.js';

/**
 * The weighted mean of every value seen (Keras's `metrics.Mean`). Keras's loss tracker is
 * one: `updateValue(loss, batchSize)` per step.
 */
export class Mean extends Metric {
  static override className = 'Mean';
  private total: Tensor | null = null;
  private weightTotal: Tensor | null = null;
  private countHost = 0;

  constructor(args: { name?: string } = {}) {
    super(args.name ?? 'mean');
  }

  /** Adds `values` (any shape), each weighted by `sampleWeight` (broadcast) or by `weight`. */
  updateValue(values: Tensor, weight: Tensor | number | null, ops: Backend): void {
    let v = ops.cast(values, 'float32');
    if (typeof weight === 'number') {
      this.total = swapState(this.total, this.add(ops.mul(ops.sum(v), ops.scalar(weight)), ops), ops);
      this.countHost += weight * Math.max(1, v.shape.reduce((a, b) => a * b, 1));
      return;
    }
    if (weight === null) {
      this.total = swapState(this.total, this.add(ops.sum(v), ops), ops);
      this.countHost += v.shape.reduce((a, b) => a * b, 1);
      return;
    }
    let w = matchRank(ops.cast(weight, 'float32'), v.shape.length, ops);
    w = ops.mul(w, ops.onesLike(v));
    v = ops.mul(v, w);
    this.total = swapState(this.total, this.add(ops.sum(v), ops), ops);
    const wsum = ops.sum(w);
    this.weightTotal = swapState(this.weightTotal, this.weightTotal ? ops.add(this.weightTotal, wsum) : wsum, ops);
  }

  override updateState(_yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor | null, ops: Backend): void {
    this.updateValue(yPred, sampleWeight, ops);
  }

  override result(ops: Backend): Tensor {
    return ops.tidy(() => {
      if (this.total === null) return ops.scalar(0);
      let count = ops.scalar(this.countHost);
      if (this.weightTotal !== null) count = ops.add(count, this.weightTotal);
      // divide_no_nan: an empty mean is 0.
      const zero = ops.equal(count, ops.scalar(0));
      return ops.where(zero, ops.scalar(0), ops.div(this.total, ops.where(zero, ops.scalar(1), count)));
    });
  }

  override resetState(ops: Backend): void {
    if (this.total) ops.dispose(this.total);
    if (this.weightTotal) ops.dispose(this.weightTotal);
    this.total = null;
    this.weightTotal = null;
    this.countHost = 0;
  }

  private add(x: Tensor, ops: Backend): Tensor {
    return this.total === null ? x : ops.add(this.total, x);
  }
}

export type MetricFn = (yTrue: Tensor, yPred: Tensor, ops: Backend) => Tensor;

/** A mean of per-sample values from `fn` (Keras's `MeanMetricWrapper`). */
export class MeanMetricWrapper extends Mean {
  static override className = 'MeanMetricWrapper';
  readonly fn: MetricFn;

  constructor(fn: MetricFn, name: string) {
    super({ name });
    this.fn = fn;
  }

  override updateState(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor | null, ops: Backend): void {
    this.updateValue(this.fn(yTrue, yPred, ops), sampleWeight, ops);
  }
}
