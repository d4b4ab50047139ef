import { Callback, type Logs } from './callback.js';
import { Progbar } from './progbar.js';

export interface ProgbarLoggerOptions {
  /** Whether the bar is redrawn in place; defaults to `process.stdout.isTTY`. */
  dynamic?: boolean;
  write?: (text: string) => void;
}

/** Prints `Epoch i/n` and a progress bar per epoch (Keras's `ProgbarLogger`; `fit` adds it when `verbose > 0`). */
export class ProgbarLogger extends Callback {
  private progbar: Progbar | null = null;
  private inFit = false;

  constructor(private readonly options: ProgbarLoggerOptions = {}) {
    super();
  }

  private get write(): (text: string) => void {
    return this.options.write ?? ((t) => (globalThis as { process?: { stdout: { write(s: string): void } } }).process?.stdout.write(t) ?? console.log(t));
  }

  private reset(): void {
    const { verbose, steps } = this.params;
    this.progbar = new Progbar({
      target: Math.max(steps, 1),
      verbose,
      write: this.write,
      ...(this.options.dynamic !== undefined ? { dynamic: this.options.dynamic } : {}),
    });
  }

  override onTrainBegin(): void {
    this.inFit = true;
  }

  override onTrainEnd(): void {
    this.inFit = false;
  }

  override onEpochBegin(epoch: number): void {
    this.reset();
    if (this.params.verbose && this.params.epochs > 1) this.write(`Epoch ${epoch + 1}/${this.params.epochs}\n`);
  }

  override onTrainBatchEnd(batch: number, logs?: Logs): void {
    this.progbar?.update(batch + 1, logs ?? {}, false);
  }

  override onEpochEnd(_epoch: number, logs: Logs = {}): void {
    this.progbar?.update(this.params.steps, logs, true);
  }

  override onTestBegin(): void {
    if (!this.inFit) this.reset();
  }

  override onTestBatchEnd(batch: number, logs?: Logs): void {
    if (!this.inFit) this.progbar?.update(batch + 1, logs ?? {}, false);
  }

  override onTestEnd(logs: Logs = {}): void {
    if (!this.inFit) this.progbar?.update(this.params.steps, logs, true);
  }

  override wantsBatchLogs(batch: number, training: boolean): boolean {
    if (this.progbar === null || (!training && this.inFit)) return false;
    return this.progbar.wantsUpdate(batch + 1);
  }
}
