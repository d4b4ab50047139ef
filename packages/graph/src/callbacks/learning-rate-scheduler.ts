import { ValueError } from '../common/errors.js';
import { Callback, type Logs } from './callback.js';

/** Sets the learning rate at each epoch's start from `schedule(epoch, lr)` (Keras's `LearningRateScheduler`). */
export class LearningRateScheduler extends Callback {
  constructor(
    readonly schedule: (epoch: number, learningRate: number) => number,
    readonly verbose = 0,
    private readonly print: (line: string) => void = console.log,
  ) {
    super();
  }

  override onEpochBegin(epoch: number): void {
    const optimizer = this.requireModel().optimizer;
    if (optimizer === null) return;
    const lr = this.schedule(epoch, Math.fround(optimizer.learningRate));
    if (typeof lr !== 'number' || !Number.isFinite(lr)) {
      throw new ValueError(`The output of the \`schedule\` function should be a finite number. Got: ${String(lr)}`);
    }
    optimizer.learningRate = lr;
    if (this.verbose > 0) this.print(`\nEpoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${lr}.`);
  }

  override onEpochEnd(_epoch: number, logs: Logs = {}): void {
    const optimizer = this.requireModel().optimizer;
    if (optimizer !== null) logs.learning_rate = Math.fround(optimizer.learningRate);
  }
}
