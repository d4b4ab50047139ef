import { Callback, Model, ValueError, type Logs } from '@kfn/graph';
import { INDEXEDDB_SCHEME } from '../handlers/indexeddb.js';
import { saveModel } from '../model-io.js';
import { saveWeights } from '../weights-io.js';
import { formatFilepath, pythonFloat } from './format-filepath.js';

export interface ModelCheckpointArgs {
  /**
   * Where to save; Python format fields are filled from `epoch` (1-based), `batch` and the
   * logs: `'ckpt/model-{epoch:02d}-{val_loss:.2f}.keras'`. A `.keras` or `.json` path, or
   * `indexeddb://name`; with `saveWeightsOnly`, a `.weights.h5` path.
   */
  filepath: string;
  /** The log to compare with `saveBestOnly` (default `'val_loss'`). */
  monitor?: string;
  /** 1 prints a line for every save (and every epoch without improvement). */
  verbose?: number;
  /** Save only when `monitor` improves on the best so far. */
  saveBestOnly?: boolean;
  /** Save the weights only (`saveWeights`, a `.weights.h5` file), not the whole model. */
  saveWeightsOnly?: boolean;
  /** Whether `monitor` improves by going down (`'min'`) or up (`'max'`); `'auto'` maximizes accuracies. */
  mode?: 'auto' | 'min' | 'max';
  /** `'epoch'` (default) saves after every epoch; a number saves every that many batches. */
  saveFreq?: 'epoch' | number;
  /** The value `monitor` must beat for the first save with `saveBestOnly`. */
  initialValueThreshold?: number | null;
}

function isMaximized(monitor: string, mode: 'auto' | 'min' | 'max'): boolean {
  if (mode !== 'auto') return mode === 'max';
  const name = monitor.startsWith('val_') ? monitor.slice(4) : monitor;
  return name.includes('acc') || name.startsWith('fmeasure') || name === 'auc' || name.startsWith('auc_');
}

/** Python's `f"{x:.5f}"`, `inf` included. */
function five(x: number): string {
  return Number.isFinite(x) ? x.toFixed(5) : pythonFloat(x);
}

/**
 * Saves the model or its weights during `fit` (Keras's `ModelCheckpoint`): after every epoch
 * or every `saveFreq` batches, always or only when `monitor` improves. Every save goes
 * through `saveModel` / `saveWeights`, so a Node file is replaced atomically (temp + rename)
 * and an interrupted save never leaves a broken checkpoint behind.
 */
export class ModelCheckpoint extends Callback {
  readonly filepath: string;
  readonly monitor: string;
  readonly verbose: number;
  readonly saveBestOnly: boolean;
  readonly saveWeightsOnly: boolean;
  readonly saveFreq: 'epoch' | number;
  /** The best `monitor` value so far. */
  best: number;
  /** The files written, in order (a test or a UI can list them). */
  readonly saved: string[] = [];
  private readonly maximize: boolean;
  private currentEpoch = 0;
  private lastBatchSeen = 0;
  private batchesSinceSave = 0;

  constructor(args: ModelCheckpointArgs, private readonly print: (line: string) => void = console.log) {
    super();
    this.filepath = args.filepath;
    this.monitor = args.monitor ?? 'val_loss';
    this.verbose = args.verbose ?? 0;
    this.saveBestOnly = args.saveBestOnly ?? false;
    this.saveWeightsOnly = args.saveWeightsOnly ?? false;
    this.saveFreq = args.saveFreq ?? 'epoch';
    let mode = args.mode ?? 'auto';
    if (!['auto', 'min', 'max'].includes(mode)) {
      console.warn(`ModelCheckpoint mode '${String(mode)}' is unknown, fallback to auto mode.`);
      mode = 'auto';
    }
    this.maximize = isMaximized(this.monitor, mode);
    this.best = args.initialValueThreshold ?? (this.maximize ? -Infinity : Infinity);
    if (this.saveFreq !== 'epoch' && !(Number.isInteger(this.saveFreq) && this.saveFreq > 0)) {
      throw new ValueError(`Unrecognized save_freq: ${String(this.saveFreq)}. Expected 'epoch' or a positive integer number of batches.`);
    }
    const path = this.filepath.split(/[?#]/)[0]!.toLowerCase();
    if (this.saveWeightsOnly) {
      if (!path.endsWith('.weights.h5')) {
        throw new ValueError(
          `When using \`saveWeightsOnly: true\` in \`ModelCheckpoint\`, the filepath provided must end in \`.weights.h5\` (Keras weights format). Received: filepath=${this.filepath}`,
        );
      }
    } else if (!(path.endsWith('.keras') || path.endsWith('.json') || path.startsWith(INDEXEDDB_SCHEME))) {
      throw new ValueError(
        `The filepath provided to ModelCheckpoint must end in \`.keras\` (Keras model format) or \`.json\` (tfjs layers-model), or be \`${INDEXEDDB_SCHEME}name\`. Received: filepath=${this.filepath}`,
      );
    }
  }

  override onEpochBegin(epoch: number): void {
    this.currentEpoch = epoch;
  }

  override wantsBatchLogs(): boolean {
    return this.saveFreq !== 'epoch';
  }

  override async onTrainBatchEnd(batch: number, logs?: Logs): Promise<void> {
    if (this.saveFreq === 'epoch') return;
    // A batch index that does not grow starts a new epoch.
    this.batchesSinceSave += batch <= this.lastBatchSeen ? batch + 1 : batch - this.lastBatchSeen;
    this.lastBatchSeen = batch;
    if (this.batchesSinceSave < this.saveFreq) return;
    this.batchesSinceSave = 0;
    await this.save(this.currentEpoch, batch, logs ?? {});
  }

  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    if (this.saveFreq === 'epoch') await this.save(epoch, null, logs);
  }

  /** The file name for a save: Keras fills `epoch` (1-based), `batch` (1-based) and the logs. */
  filePathFor(epoch: number, batch: number | null, logs: Logs): string {
    const values: Record<string, number> = { ...logs, epoch: epoch + 1 };
    if (batch !== null && !('batch' in logs)) values.batch = batch + 1;
    return formatFilepath(this.filepath, values);
  }

  private async save(epoch: number, batch: number | null, logs: Logs): Promise<void> {
    const model = this.requireModel();
    if (!(model instanceof Model)) throw new ValueError('ModelCheckpoint saves functional models (kfn Model) only.');
    const filepath = this.filePathFor(epoch, batch, logs);
    if (this.saveBestOnly) {
      const current = logs[this.monitor];
      if (current === undefined) {
        console.warn(`Can save best model only with ${this.monitor} available. Available metrics are: ${Object.keys(logs).join(',')}. Skipping.`);
        return;
      }
      if (!(this.maximize ? current > this.best : current < this.best)) {
        if (this.verbose > 0) this.print(`\nEpoch ${epoch + 1}: ${this.monitor} did not improve from ${five(this.best)}`);
        return;
      }
      if (this.verbose > 0) {
        this.print(`\nEpoch ${epoch + 1}: ${this.monitor} improved from ${five(this.best)} to ${five(current)}, saving model to ${filepath}`);
      }
      this.best = current;
    } else if (this.verbose > 0) {
      this.print(`\nEpoch ${epoch + 1}: saving model to ${filepath}`);
    }
    if (isLocalPath(filepath)) {
      const { ensureParentDir } = await import('../handlers/node-file.js');
      await ensureParentDir(filepath);
    }
    if (this.saveWeightsOnly) await saveWeights(model, filepath);
    else await saveModel(model, filepath);
    this.saved.push(filepath);
  }
}

function isLocalPath(p: string): boolean {
  return !p.startsWith(INDEXEDDB_SCHEME) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(p);
}
