/**
 * Keras's progress bar (`utils/progbar.py`, width 20, refresh every 50 ms): on a terminal a
 * live bar redrawn in place, elsewhere nothing until the final line. As Keras's, it shows each
 * value averaged over the steps so far (weighting each value by the steps it stands for) and,
 * on the final update, the value given. `fit` reads values from the device only when the bar
 * will draw: a value then stands for every step since the previous one.
 */
export interface ProgbarOptions {
  target: number;
  verbose: number;
  width?: number;
  interval?: number;
  unitName?: string;
  /** Whether output can be redrawn in place (a TTY); defaults to `process.stdout.isTTY`. */
  dynamic?: boolean;
  write?: (text: string) => void;
}

const BOLD = '\x1b[1m';
const RESET = '\x1b[0m';
const GREEN = '\x1b[32m';
const WHITE = '\x1b[37m';

export class Progbar {
  readonly target: number;
  readonly verbose: number;
  readonly width: number;
  readonly interval: number;
  readonly unitName: string;
  readonly dynamic: boolean;
  private readonly write: (text: string) => void;
  /** Per name: the step-weighted sum of the values given, and the steps it covers. */
  private values = new Map<string, [sum: number, steps: number]>();
  private valuesSeenAt = 0;
  private readonly start = now();
  private lastUpdate = 0;
  private timeAfterFirstStep: number | null = null;
  private prevTotalWidth = 0;

  constructor(o: ProgbarOptions) {
    this.target = o.target;
    this.verbose = o.verbose;
    this.width = o.width ?? 20;
    this.interval = o.interval ?? 0.05;
    this.unitName = o.unitName ?? 'step';
    this.dynamic = o.dynamic ?? isTTY();
    this.write = o.write ?? defaultWrite;
  }

  /** Whether an update at this time would be drawn (so the caller reads values only then). */
  wantsUpdate(current: number): boolean {
    return this.verbose === 1 && this.dynamic && current < this.target && now() - this.lastUpdate >= this.interval;
  }

  update(current: number, values: Record<string, number> = {}, finalize = current >= this.target): void {
    const entries = Object.entries(values);
    const base = Math.max(current - this.valuesSeenAt, 1);
    for (const [k, v] of entries) {
      const acc = this.values.get(k);
      if (finalize || acc === undefined) this.values.set(k, finalize ? [v, 1] : [v * base, base]);
      else {
        acc[0] += v * base;
        acc[1] += base;
      }
    }
    if (entries.length > 0) this.valuesSeenAt = current;
    const t = now();
    const timePerUnit = this.estimateStepDuration(current, t);
    if (this.verbose === 1) {
      if (!finalize && (t - this.lastUpdate < this.interval || !this.dynamic)) return;
      let message = this.dynamic ? '\b'.repeat(this.prevTotalWidth) + '\r' : '';
      const digits = Math.floor(Math.log10(this.target)) + 1;
      const count = `${String(current).padStart(digits)}/${this.target}`;
      const progWidth = Math.floor(this.width * (current / this.target));
      let bar = this.style(BOLD, count) + ' ';
      if (progWidth > 0) bar += this.style(GREEN, '━'.repeat(progWidth));
      bar += this.style(WHITE, '━'.repeat(this.width - progWidth));
      let info = ' ' + this.style(BOLD, finalize ? `${(t - this.start).toFixed(0)}s` : formatEta(timePerUnit * (this.target - current)));
      info += formatTime(timePerUnit, this.unitName);
      for (const [k, v] of this.averages()) info += ` - ${k}: ${formatValue(v, Math.abs(v))}`;
      message += bar + info;
      const totalWidth = visibleLength(bar + info);
      if (this.dynamic && this.prevTotalWidth > totalWidth) message += ' '.repeat(this.prevTotalWidth - totalWidth);
      if (finalize) message += '\n';
      this.write(message);
      this.prevTotalWidth = totalWidth;
    } else if (this.verbose === 2 && finalize) {
      const digits = Math.floor(Math.log10(this.target)) + 1;
      let info = `${String(current).padStart(digits)}/${this.target} - ${(t - this.start).toFixed(0)}s -${formatTime(timePerUnit, this.unitName)}`;
      // Keras compares the signed value here (a small negative shows in %.4e).
      for (const [k, v] of this.averages()) info += ` - ${k}: ${formatValue(v, v)}`;
      this.write(info + '\n');
    }
    this.lastUpdate = t;
  }

  private averages(): [string, number][] {
    return [...this.values].map(([k, [sum, steps]]) => [k, sum / Math.max(1, steps)]);
  }

  private style(code: string, text: string): string {
    return this.dynamic ? `${code}${text}${RESET}` : text;
  }

  private estimateStepDuration(current: number, t: number): number {
    if (!current) return 0;
    const perUnit =
      this.timeAfterFirstStep !== null && current > 1
        ? (t - this.timeAfterFirstStep) / (current - 1)
        : (t - this.start) / current;
    if (current === 1) this.timeAfterFirstStep = t;
    return perUnit;
  }
}

function now(): number {
  return performance.now() / 1000;
}

function isTTY(): boolean {
  const proc = (globalThis as { process?: { stdout?: { isTTY?: boolean } } }).process;
  return proc?.stdout?.isTTY === true;
}

function defaultWrite(text: string): void {
  const proc = (globalThis as { process?: { stdout?: { write?: (s: string) => void } } }).process;
  if (proc?.stdout?.write) proc.stdout.write(text);
  else console.log(text.replace(/\n$/, ''));
}

/** `%.4f`, or `%.4e` (Python style: `1.0000e-04`) when `|v| <= 1e-3`. */
export function formatValue(v: number, compared: number): string {
  if (compared > 1e-3) return v.toFixed(4);
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
  const [mantissa, exp] = v.toExponential(4).split('e') as [string, string];
  const e = Number(exp);
  return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

export function formatTime(timePerUnit: number, unit: string): string {
  if (timePerUnit >= 1 || timePerUnit === 0) return ` ${timePerUnit.toFixed(0)}s/${unit}`;
  if (timePerUnit >= 1e-3) return ` ${(timePerUnit * 1e3).toFixed(0)}ms/${unit}`;
  return ` ${(timePerUnit * 1e6).toFixed(0)}us/${unit}`;
}

function formatEta(eta: number): string {
  const s = Math.floor(eta);
  if (eta > 3600) return `${Math.floor(s / 3600)}:${pad2(Math.floor((s % 3600) / 60))}:${pad2(s % 60)}`;
  if (eta > 60) return `${Math.floor(s / 60)}:${pad2(s % 60)}`;
  return `${s}s`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function visibleLength(s: string): number {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\x1b\[[0-9;]*m/g, '').length;
}
