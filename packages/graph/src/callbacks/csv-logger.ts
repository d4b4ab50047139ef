import { Callback, type Logs } from './callback.js';

/** Writes each epoch's logs as a CSV row (Keras's `CSVLogger`). Node only: it writes with `node:fs`. */
export class CSVLogger extends Callback {
  private keys: string[] | null = null;
  private fs: typeof import('node:fs') | null = null;
  private writeHeader = true;

  constructor(
    readonly filename: string,
    readonly separator = ',',
    readonly append = false,
  ) {
    super();
  }

  override async onTrainBegin(): Promise<void> {
    this.fs = await import('node:fs');
    this.keys = null;
    const exists = this.fs.existsSync(this.filename) && this.fs.statSync(this.filename).size > 0;
    this.writeHeader = !(this.append && exists);
    if (!this.append) this.fs.writeFileSync(this.filename, '');
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    if (this.fs === null) return;
    this.keys ??= Object.keys(logs).sort();
    const sep = this.separator;
    let text = '';
    if (this.writeHeader) {
      text += ['epoch', ...this.keys].join(sep) + '\n';
      this.writeHeader = false;
    }
    text += [String(epoch), ...this.keys.map((k) => (k in logs ? formatValue(logs[k] as number) : 'NA'))].join(sep) + '\n';
    this.fs.appendFileSync(this.filename, text);
  }
}

/** Python's `str(float)` for the common cases (`nan`, `inf`, `1.0`). */
function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  return Number.isInteger(v) ? v.toFixed(1) : String(v);
}
