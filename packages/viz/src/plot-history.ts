/// <reference path="./d3-shape.d.ts" />
import { ValueError } from '@kfn/graph';
import { curveLinear, line } from 'd3-shape';
import { escapeXml } from './label.js';
import { FONT_FAMILY, textWidth } from './text/measure.js';

/** What `model.fit` returns (Keras's `History`): one list of per-epoch values per metric. */
export interface HistoryLike {
  history: Readonly<Record<string, readonly number[]>>;
}

export interface PlotHistoryOptions {
  /** Size of one chart (one per metric), in points. Defaults 360 × 240. */
  width?: number;
  height?: number;
  /** Charts per row. Default: all in one row, up to 3. */
  columns?: number;
  title?: string;
  /** Node only: also write the chart to a `.png` or `.svg` file. */
  toFile?: string;
  /** Resolution of PNG output. Default 144. */
  dpi?: number;
}

const TRAIN_COLOR = '#1f77b4';
const VAL_COLOR = '#ff7f0e';
const MARGIN = { top: 48, right: 14, bottom: 40, left: 56 };
const FONT = 12;

const n = (v: number): string => String(Math.round(v * 100) / 100);

/** Round tick values covering [lo, hi]: steps of 1, 2 or 5 × 10^k (as d3's `ticks`). */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let i = Math.ceil(lo / step); i * step <= hi + step * 1e-9; i++) out.push(Number((i * step).toPrecision(12)));
  return out;
}

function formatTick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e4 || a < 1e-3 ? v.toExponential(1) : String(Number(v.toPrecision(4)));
}

interface Series {
  key: string;
  values: readonly number[];
  color: string;
  dashed: boolean;
}

/** Metric groups: `loss` first, then the others in key order; each with its `val_` twin. */
function groupSeries(history: Readonly<Record<string, readonly number[]>>): { metric: string; series: Series[] }[] {
  const keys = Object.keys(history);
  const bases = [...new Set(keys.map((k) => k.replace(/^val_/, '')))];
  bases.sort((a, b) => Number(b === 'loss') - Number(a === 'loss'));
  return bases.map((metric) => {
    const series: Series[] = [];
    if (history[metric]) series.push({ key: metric, values: history[metric] as number[], color: TRAIN_COLOR, dashed: false });
    const val = `val_${metric}`;
    if (history[val]) series.push({ key: val, values: history[val] as number[], color: VAL_COLOR, dashed: true });
    return { metric, series };
  });
}

function chart(metric: string, series: Series[], w: number, h: number): string {
  const epochs = Math.max(...series.map((s) => s.values.length));
  const finite = series.flatMap((s) => s.values.filter(Number.isFinite));
  let lo = finite.length ? Math.min(...finite) : 0;
  let hi = finite.length ? Math.max(...finite) : 1;
  if (hi === lo) [lo, hi] = [lo - (Math.abs(lo) || 1) * 0.1, hi + (Math.abs(hi) || 1) * 0.1];
  // 5% headroom so points do not sit on the frame.
  [lo, hi] = [lo - (hi - lo) * 0.05, hi + (hi - lo) * 0.05];
  const yTicks = niceTicks(lo, hi, 5);
  lo = Math.min(lo, yTicks[0] as number);
  hi = Math.max(hi, yTicks.at(-1) as number);
  const pw = w - MARGIN.left - MARGIN.right;
  const ph = h - MARGIN.top - MARGIN.bottom;
  const x = (epoch: number): number => MARGIN.left + (epochs <= 1 ? pw / 2 : ((epoch - 1) / (epochs - 1)) * pw);
  const y = (v: number): number => MARGIN.top + ph - ((v - lo) / (hi - lo)) * ph;
  const xTicks = niceTicks(1, Math.max(epochs, 1), Math.min(8, epochs)).filter((t) => Number.isInteger(t));

  const parts: string[] = [];
  parts.push(`<text x="${n(w / 2)}" y="18" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(metric)}</text>`);
  for (const t of yTicks) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${n(MARGIN.left + pw)}" y1="${n(y(t))}" y2="${n(y(t))}" stroke="#e5e5e5"/>`,
      `<text x="${MARGIN.left - 6}" y="${n(y(t) + FONT * 0.35)}" text-anchor="end" font-size="${FONT}">${formatTick(t)}</text>`,
    );
  }
  for (const t of xTicks) {
    parts.push(`<text x="${n(x(t))}" y="${n(MARGIN.top + ph + 16)}" text-anchor="middle" font-size="${FONT}">${t}</text>`);
  }
  parts.push(
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${n(pw)}" height="${n(ph)}" fill="none" stroke="#999"/>`,
    `<text x="${n(MARGIN.left + pw / 2)}" y="${n(h - 6)}" text-anchor="middle" font-size="${FONT}">epoch</text>`,
  );
  const path = line<[number, number]>()
    .defined((d) => Number.isFinite(d[1]))
    .x((d) => x(d[0]))
    .y((d) => y(d[1]))
    .curve(curveLinear);
  let legendX = MARGIN.left + pw;
  for (const s of [...series].reverse()) {
    const pts = s.values.map((v, i) => [i + 1, v] as [number, number]);
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    parts.push(
      `<g class="kfn-series" data-key="${escapeXml(s.key)}"><path d="${path(pts) ?? ''}" fill="none" stroke="${s.color}" stroke-width="2"${dash}/>` +
        pts.filter((p) => Number.isFinite(p[1])).map((p) => `<circle cx="${n(x(p[0]))}" cy="${n(y(p[1]))}" r="2.5" fill="${s.color}"/>`).join('') +
        '</g>',
    );
    // Legend, right-aligned above the plot.
    const label = s.dashed ? 'validation' : 'training';
    const lw = textWidth(label, FONT) + 26;
    legendX -= lw;
    parts.push(
      `<line x1="${n(legendX)}" x2="${n(legendX + 18)}" y1="${MARGIN.top - 12}" y2="${MARGIN.top - 12}" stroke="${s.color}" stroke-width="2"${dash}/>`,
      `<text x="${n(legendX + 22)}" y="${n(MARGIN.top - 12 + FONT * 0.35)}" font-size="${FONT}">${label}</text>`,
    );
  }
  return parts.join('');
}

/**
 * Draws a training history (loss and metrics per epoch, training solid and `val_` dashed),
 * one chart per metric, as an SVG string. With `toFile` it returns a promise resolved once
 * the file is written (Node only).
 */
export function plotHistory(history: HistoryLike, options: PlotHistoryOptions & { toFile: string }): Promise<string>;
export function plotHistory(history: HistoryLike, options?: PlotHistoryOptions): string;
export function plotHistory(history: HistoryLike, options: PlotHistoryOptions = {}): string | Promise<string> {
  const record = history?.history;
  if (!record || typeof record !== 'object' || Object.keys(record).length === 0) {
    throw new ValueError('plotHistory expects `{ history: { loss: [...], ... } }` with at least one metric; received an empty history.');
  }
  for (const [k, v] of Object.entries(record)) {
    if (!Array.isArray(v)) throw new ValueError(`plotHistory: history["${k}"] must be an array of per-epoch numbers. Received: ${typeof v}`);
  }
  const groups = groupSeries(record);
  const w = options.width ?? 360;
  const h = options.height ?? 240;
  const columns = Math.max(1, Math.min(options.columns ?? 3, groups.length));
  const rows = Math.ceil(groups.length / columns);
  const top = options.title ? 28 : 0;
  const width = w * columns;
  const height = h * rows + top;
  const charts = groups.map((g, i) => {
    const cx = (i % columns) * w;
    const cy = top + Math.floor(i / columns) * h;
    return `<g class="kfn-chart" data-metric="${escapeXml(g.metric)}" transform="translate(${cx},${cy})">${chart(g.metric, g.series, w, h)}</g>`;
  });
  const title = options.title
    ? `<text x="${n(width / 2)}" y="20" text-anchor="middle" font-size="16" font-weight="bold">${escapeXml(options.title)}</text>`
    : '';
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" class="kfn-history" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(FONT_FAMILY)}">` +
    `<rect width="${width}" height="${height}" fill="white"/>${title}${charts.join('')}</svg>\n`;
  if (options.toFile === undefined) return svg;
  const file = options.toFile;
  return import('./write-file.js').then(({ writePlotFile }) => writePlotFile(svg, file, options.dpi ?? 144)).then(() => svg);
}
