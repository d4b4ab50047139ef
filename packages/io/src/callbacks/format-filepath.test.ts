// Keras fills ModelCheckpoint paths with Python's str.format; the expected strings are Python 3's.
import { describe, expect, it } from 'vitest';
import { formatFilepath, pythonFloat } from './format-filepath.js';

describe('formatFilepath (Python str.format)', () => {
  it.each([
    ['model-{epoch:02d}-{val_loss:.2f}.keras', { epoch: 3, val_loss: 0.123456 }, 'model-03-0.12.keras'],
    ['{epoch}-{loss}', { epoch: 12, loss: 0.5 }, '12-0.5'],
    ['{loss}', { loss: 2 }, '2.0'],
    ['{loss}', { loss: 0.00001 }, '1e-05'],
    ['{loss}', { loss: 0.0001 }, '0.0001'],
    ['{loss}', { loss: 1.5e-7 }, '1.5e-07'],
    ['{loss}', { loss: 123456.789 }, '123456.789'],
    ['{loss:.3e}', { loss: 0.000123456 }, '1.235e-04'],
    ['{loss:.4g}', { loss: 0.000123456 }, '0.0001235'],
    ['{loss:g}', { loss: 1234567 }, '1.23457e+06'],
    ['{acc:.1%}', { acc: 0.875 }, '87.5%'],
    ['{epoch:>4d}|{epoch:<4d}|{epoch:^5d}|{epoch:*^5d}', { epoch: 7 }, '   7|7   |  7  |**7**'],
    ['{loss:+.2f} {loss:08.3f} {neg:08.3f}', { loss: 1.5, neg: -1.5 }, '+1.50 0001.500 -001.500'],
    ['{loss:.2f}', { loss: Infinity }, 'inf'],
    ['{loss:.2f}', { loss: NaN }, 'nan'],
    ['{{epoch}}-{epoch}', { epoch: 1 }, '{epoch}-1'],
    ['{n:,d}', { epoch: 1, n: 1234567 }, '1,234,567'],
  ] as [string, Record<string, number>, string][])('%s with %o → %s', (template, values, expected) => {
    expect(formatFilepath(template, values, ['epoch', 'n'])).toBe(expected);
  });

  it('names the missing key and the template (Keras: "Failed to format this callback filepath")', () => {
    expect(() => formatFilepath('m-{val_loss:.2f}.keras', { epoch: 1, loss: 1 })).toThrow(
      /Failed to format this callback filepath: "m-\{val_loss:.2f\}.keras". Reason: no value named "val_loss" \(available: epoch, loss\)/,
    );
  });

  it("refuses 'd' for a float, as Python does", () => {
    expect(() => formatFilepath('{loss:d}', { loss: 0.5 })).toThrow(/Unknown format code 'd' for the float "loss"/);
  });

  it('pythonFloat is repr(float)', () => {
    expect([1, 0.1, -2.5, 1e16, 1e22, 3e-5, 0].map(pythonFloat)).toEqual(['1.0', '0.1', '-2.5', '1e+16', '1e+22', '3e-05', '0.0']);
  });
});
