import { Callback, type Logs } from './callback.js';

/** Stops training as soon as a batch's loss is NaN or infinite (reads the loss every step). */
export class TerminateOnNaN extends Callback {
  constructor(private readonly print: (line: string) => void = console.log) {
    super();
  }

  override onTrainBatchEnd(batch: number, logs: Logs = {}): void {
    const loss = logs.loss;
    if (loss !== undefined && !Number.isFinite(loss)) {
      this.print(`Batch ${batch}: Invalid loss, terminating training`);
      this.requireModel().stopTraining = true;
    }
  }
}
