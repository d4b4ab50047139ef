import { Callback, type Logs } from './callback.js';

type Hook = (logs?: Logs) => void | Promise<void>;
type IndexedHook = (index: number, logs?: Logs) => void | Promise<void>;

export interface LambdaCallbackArgs {
  onTrainBegin?: Hook;
  onTrainEnd?: Hook;
  onEpochBegin?: IndexedHook;
  onEpochEnd?: IndexedHook;
  onTrainBatchBegin?: IndexedHook;
  onTrainBatchEnd?: IndexedHook;
}

/** A callback from plain functions (Keras's `LambdaCallback`). */
export class LambdaCallback extends Callback {
  constructor(private readonly hooks: LambdaCallbackArgs) {
    super();
  }

  override onTrainBegin(logs?: Logs) {
    return this.hooks.onTrainBegin?.(logs);
  }
  override onTrainEnd(logs?: Logs) {
    return this.hooks.onTrainEnd?.(logs);
  }
  override onEpochBegin(epoch: number, logs?: Logs) {
    return this.hooks.onEpochBegin?.(epoch, logs);
  }
  override onEpochEnd(epoch: number, logs?: Logs) {
    return this.hooks.onEpochEnd?.(epoch, logs);
  }
  override onTrainBatchBegin(batch: number, logs?: Logs) {
    return this.hooks.onTrainBatchBegin?.(batch, logs);
  }
  override onTrainBatchEnd(batch: number, logs?: Logs) {
    return this.hooks.onTrainBatchEnd?.(batch, logs);
  }

  override wantsBatchLogs(_batch: number, training: boolean): boolean {
    return training && this.hooks.onTrainBatchEnd !== undefined;
  }
}
