import { Callback, type Logs } from './callback.js';

/** Records each epoch's logs (Keras's `History`); `fit` returns it. */
export class History extends Callback {
  /** Metric name → one value per epoch. */
  history: Record<string, number[]> = {};
  epoch: number[] = [];

  override onTrainBegin(): void {
    this.epoch = [];
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    this.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) (this.history[k] ??= []).push(v);
  }
}
