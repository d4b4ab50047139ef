import type { Weight } from '../engine/weight.js';
import type { Optimizer } from '../optimizers/optimizer.js';

/** Metric name → value, as Keras's `logs` dicts. */
export type Logs = Record<string, number>;

/** What a training loop tells callbacks (Keras's `callback.params`). */
export interface TrainingParams {
  verbose: number;
  epochs: number;
  steps: number;
}

/** The part of a model callbacks use. */
export interface CallbackModel {
  stopTraining: boolean;
  readonly optimizer: Optimizer | null;
  readonly weights: Weight[];
}

type Awaitable = void | Promise<void>;

/**
 * The base of every callback (Keras's `callbacks.Callback`). Override the hooks you need;
 * they may be async. Batch hooks receive `logs` only when `wantsBatchLogs` says so, because
 * reading values from the device every step costs a synchronization.
 */
export class Callback {
  model: CallbackModel | null = null;
  params: TrainingParams = { verbose: 1, epochs: 1, steps: 0 };

  setModel(model: CallbackModel): void {
    this.model = model;
  }

  setParams(params: TrainingParams): void {
    this.params = params;
  }

  onTrainBegin(_logs?: Logs): Awaitable {}
  onTrainEnd(_logs?: Logs): Awaitable {}
  onEpochBegin(_epoch: number, _logs?: Logs): Awaitable {}
  onEpochEnd(_epoch: number, _logs?: Logs): Awaitable {}
  onTrainBatchBegin(_batch: number, _logs?: Logs): Awaitable {}
  onTrainBatchEnd(_batch: number, _logs?: Logs): Awaitable {}
  onTestBegin(_logs?: Logs): Awaitable {}
  onTestEnd(_logs?: Logs): Awaitable {}
  onTestBatchBegin(_batch: number, _logs?: Logs): Awaitable {}
  onTestBatchEnd(_batch: number, _logs?: Logs): Awaitable {}

  /** Whether the batch-end hook needs the running values at this batch (default: if it is overridden). */
  wantsBatchLogs(_batch: number, training: boolean): boolean {
    const proto = Callback.prototype;
    return training ? this.onTrainBatchEnd !== proto.onTrainBatchEnd : this.onTestBatchEnd !== proto.onTestBatchEnd;
  }

  /** The model, or an error saying the callback is used outside `fit`. */
  protected requireModel(): CallbackModel {
    if (this.model === null) throw new Error(`${this.constructor.name} is used outside fit(): it has no model.`);
    return this.model;
  }
}

/** Runs callbacks in order (Keras's `CallbackList`), awaiting each. */
export class CallbackList {
  constructor(readonly callbacks: readonly Callback[]) {}

  wantsBatchLogs(batch: number, training: boolean): boolean {
    return this.callbacks.some((c) => c.wantsBatchLogs(batch, training));
  }

  async call<K extends keyof Callback>(hook: K, ...args: unknown[]): Promise<void> {
    for (const c of this.callbacks) await (c[hook] as (...a: unknown[]) => Awaitable).apply(c, args);
  }
}
