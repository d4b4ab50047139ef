import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { niceTicks, plotHistory } from './plot-history.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixtures = path.resolve(repoRoot, '../shared/fixtures/keras');

describe('plotHistory', () => {
  it('draws one chart per metric, loss first, from a real Keras History', () => {
    const train = JSON.parse(readFileSync(path.join(fixtures, 'ticket_model/train.json'), 'utf8')) as { history: Record<string, number[]> };
    const svg = plotHistory({ history: train.history });
    const metrics = [...svg.matchAll(/<g class="kfn-chart" data-metric="([^"]+)"/g)].map((m) => m[1]);
    expect(metrics).toEqual(['loss', 'department_loss', 'priority_loss']);
    expect(svg).toContain('width="1080" height="240"');
    // Three epochs: three points per series.
    const loss = svg.split('data-key="loss"')[1]?.split('</g>')[0] ?? '';
    expect(loss.match(/<circle/g)).toHaveLength(3);
  });

  it('pairs each metric with its val_ twin, dashed, with a legend', () => {
    const svg = plotHistory({ history: { loss: [1, 0.5, 0.25], val_loss: [1.2, 0.8, 0.7], accuracy: [0.5, 0.7, 0.9], val_accuracy: [0.4, 0.6, NaN] } });
    expect([...svg.matchAll(/data-metric="([^"]+)"/g)].map((m) => m[1])).toEqual(['loss', 'accuracy']);
    expect(svg).toMatch(/data-key="val_loss"><path d="M[^"]+" fill="none" stroke="#ff7f0e" stroke-width="2" stroke-dasharray="6 4"/);
    expect(svg).toContain('>validation</text>');
    expect(svg).toContain('>training</text>');
    // A NaN epoch leaves a gap: two points drawn for val_accuracy.
    const val = svg.split('data-key="val_accuracy"')[1]?.split('</g>')[0] ?? '';
    expect(val.match(/<circle/g)).toHaveLength(2);
  });

  it('places the y axis on round ticks covering the values', () => {
    expect(niceTicks(0.83, 2.35, 5)).toEqual([1, 1.5, 2]);
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(1, 3, 3)).toEqual([1, 2, 3]);
    expect(niceTicks(2, 2)).toEqual([2]);
  });

  it('rejects an empty or malformed history', () => {
    expect(() => plotHistory({ history: {} })).toThrow(/at least one metric/);
    expect(() => plotHistory({ history: { loss: 3 as unknown as number[] } })).toThrow(/history\["loss"\] must be an array/);
  });
});
