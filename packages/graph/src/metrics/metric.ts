import type { Backend, Tensor } from '../backend/backend.js';
import { builtinObject, type KerasObject } from '../saving/keras-object.js';

/**
 * The base of every metric (Keras's `metrics.Metric`). State lives on the device and is
 * updated without reading it back: a training loop reads `result` once per epoch (or per
 * progress-bar refresh), not once per step. Call `updateState` inside a `tidy`.
 */
export abstract class Metric {
  static className = 'Metric';
  name: string;

  constructor(name: string) {
    this.name = name;
  }

  get className(): string {
    return (this.constructor as typeof Metric).className;
  }

  abstract updateState(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor | null, ops: Backend): void;
  /** The current value as a new scalar tensor (the caller disposes it). */
  abstract result(ops: Backend): Tensor;
  /** Frees the state; the next update starts from zero. */
  abstract resetState(ops: Backend): void;

  getConfig(): Record<string, unknown> {
    return { name: this.name, dtype: 'float32' };
  }

  serialize(): KerasObject {
    return builtinObject('keras.metrics', this.className, this.getConfig());
  }
}

/** Replaces `old` by `next`, keeping `next` out of the enclosing `tidy`. */
export function swapState(old: Tensor | null, next: Tensor, ops: Backend): Tensor {
  const kept = ops.keep(next);
  if (old !== null) ops.dispose(old);
  return kept;
}
