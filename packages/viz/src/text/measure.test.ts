import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runsWidth, textWidth } from './measure.js';

describe('textWidth', () => {
  it('uses DejaVu Sans advance widths (units per em 2048)', () => {
    // 'M' is 1767 units wide in DejaVu Sans, 2038 in DejaVu Sans Bold (2048 units per em).
    expect(textWidth('M', 16)).toBeCloseTo((1767 / 2048) * 16, 2);
    expect(textWidth('M', 16, true)).toBeCloseTo((2038 / 2048) * 16, 2);
    expect(textWidth('', 14)).toBe(0);
    expect(textWidth('ab', 10)).toBeCloseTo(textWidth('a', 10) + textWidth('b', 10), 10);
  });

  it('gives non-ASCII characters a wide fallback width', () => {
    expect(textWidth('é', 10)).toBeGreaterThan(textWidth('e', 10));
  });

  it('sums runs of mixed weight', () => {
    expect(runsWidth([{ text: 'dense', bold: true }, { text: ' (Dense)', bold: false }], 16)).toBeCloseTo(
      textWidth('dense', 16, true) + textWidth(' (Dense)', 16),
      10,
    );
  });

  it('is generated from the shipped font file (the table is not stale)', () => {
    const require = createRequire(import.meta.url);
    const ttf = readFileSync(path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf/DejaVuSans.ttf'));
    expect(ttf.readUInt16BE(0)).toBe(1); // TrueType 1.0 sfnt
    expect(textWidth(' ', 1)).toBeCloseTo(651 / 2048, 3);
  });
});
