import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatShape } from '../common/shape.js';
import type { Model } from '../engine/model.js';
import type { SymbolicTensor } from '../engine/symbolic-tensor.js';
import { kerasFixtures } from './keras-fixtures.js';

/** One row of a summary table: `[name, class, output shape, params]`. */
export type SummaryRow = [name: string, className: string, shape: string, params: number];

/** The rows and total of a golden `summary.txt`; a long `name (Class)` wraps onto continuation lines. */
export function goldenSummaryRows(caseName: string): { rows: SummaryRow[]; total: number } {
  const text = readFileSync(path.join(kerasFixtures, caseName, 'summary.txt'), 'utf8');
  const cells: string[][] = [];
  for (const line of text.split('\n').filter((l) => l.startsWith('│'))) {
    const parts = line.split('│').slice(1, -1).map((c) => c.trim());
    if (parts[1] !== '') cells.push(parts);
    else if (parts[0]) (cells.at(-1) as string[])[0] += ` ${parts[0]}`;
  }
  const rows = cells.map(([label, shape, params]): SummaryRow => {
    const m = /^(\S+) \((\w+)\)$/.exec(label as string);
    if (!m) throw new Error(`${caseName}/summary.txt: unparsed summary row "${label}"`);
    return [m[1] as string, m[2] as string, shape as string, Number((params as string).replace(/,/g, ''))];
  });
  const total = Number((/Total params: ([\d,]+)/.exec(text)?.[1] ?? '').replace(/,/g, ''));
  return { rows, total };
}

/** The same rows from a kfn model: each layer's output shape at its last call inside `model`. */
export function modelSummaryRows(model: Model): SummaryRow[] {
  return model.layers.map((l) => {
    const node = l.inboundNodes.filter((n) => model.nodes.includes(n)).at(-1);
    return [l.name, l.className, formatShape((node?.outputs[0] as SymbolicTensor).shape), l.countParams()];
  });
}
