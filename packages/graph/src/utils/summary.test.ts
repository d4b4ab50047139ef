import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearSession, Dense, Input, Model, ValueError } from '../index.js';
import { mnistMlp } from '../testing/guide-models.js';
import { formatCount, formatLayerShape, readableBytes } from './summary.js';

beforeEach(() => clearSession());
afterEach(() => vi.restoreAllMocks());

function bodyRows(text: string): string[] {
  return text.split('\n').filter((l) => l.startsWith('│'));
}

describe('model.summary()', () => {
  it('prints with console.log (without the final newline) unless printFn is given, and returns the text', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const text = mnistMlp().summary();
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]?.[0]).toBe(text.slice(0, -1));
    expect(text.startsWith('Model: "mnist_model"\n┏')).toBe(true);
    expect(text.endsWith(' Non-trainable params: 0 (0.00 B)\n')).toBe(true);

    // With printFn the text is the captured one (never narrowed to a terminal): the golden layout.
    clearSession();
    const printFn = vi.fn();
    const captured = mnistMlp().summary({ printFn });
    expect(printFn).toHaveBeenCalledWith(captured);
    expect(captured.split('\n')[1]).toHaveLength(88);
    expect(printFn).toHaveBeenCalledTimes(1);
    expect(log).toHaveBeenCalledTimes(1);
  });

  it('honours lineLength and positions', () => {
    const text = mnistMlp().summary({ printFn: () => {}, lineLength: 60, positions: [0.5, 0.75, 1] });
    const lines = text.split('\n');
    // 60 wide -> columns 30, 15, 15 (+2 padding each), shrunk by rich to fit 60 minus 4 borders.
    expect(lines[1]).toBe(`┏${'━'.repeat(29)}┳${'━'.repeat(13)}┳${'━'.repeat(14)}┓`);
    expect(() => mnistMlp().summary({ printFn: () => {}, lineLength: 10 })).toThrow(ValueError);
    expect(() => mnistMlp().summary({ printFn: () => {}, lineLength: 10 })).toThrow(/insufficient width.*lineLength=10/);
    expect(() => mnistMlp().summary({ printFn: () => {}, positions: [0.5, 1] })).toThrow(/positions must have 3 entries/);
  });

  it('selects rows with layerRange (regexes anchored at the start, inclusive)', () => {
    const model = mnistMlp();
    const names = (range: [string, string]): string[] =>
      bodyRows(model.summary({ printFn: () => {}, layerRange: range })).map((l) => (l.split('│')[1] as string).trim());
    expect(names(['dense', 'dense_1'])).toEqual(['dense (Dense)', 'dense_1 (Dense)']);
    expect(names(['dense_1', 'dense_2'])).toEqual(['dense_1 (Dense)', 'dense_2 (Dense)']);
    expect(names(['input', 'input'])).toEqual(['input_layer (InputLayer)']);
    expect(() => names(['nope', 'dense'])).toThrow(/layerRange does not match.*'dense_1'/);
  });

  it('shows a layer used twice as one row, connected to both calls, with the last call shape', () => {
    const inputs = Input({ shape: [4] });
    const shared = new Dense({ units: 4, name: 'shared' });
    const outputs = shared.apply(shared.apply(inputs));
    const text = new Model(inputs, outputs).summary({ printFn: () => {} });
    expect(text.split('\n')[2]).toContain('Connected to');
    expect(bodyRows(text)[1]).toMatch(/^│ shared \(Dense\) +│ \(None, 4\) +│ +20 │ input_layer\[0\]\[0\], +│$/);
    expect(bodyRows(text)[2]).toMatch(/^│ +│ +│ +│ shared\[0\]\[0\] +│$/);
  });

  it('marks frozen layers N in the Trainable column and counts their weights as non-trainable', () => {
    const model = mnistMlp();
    model.getLayer('dense').trainable = false;
    const text = model.summary({ printFn: () => {}, showTrainable: true });
    const trainable = bodyRows(text).map((l) => (l.split('│')[4] as string).trim());
    expect(trainable).toEqual(['-', 'N', 'Y', 'Y']);
    expect(text).toContain(' Trainable params: 4,810 (18.79 KB)\n');
    expect(text).toContain(' Non-trainable params: 50,240 (196.25 KB)\n');
  });

  it('prints the outputs of a multi-output nested model as a list', () => {
    const inner = Input({ shape: [8] });
    const twoHeads = new Model(inner, [new Dense({ units: 4 }).apply(inner), new Dense({ units: 1 }).apply(inner)], { name: 'heads' });
    const x = Input({ shape: [8] });
    const outer = new Model(x, twoHeads.apply(x) as never);
    expect(formatLayerShape(twoHeads)).toBe('[(None, 4), (None, 1)]');
    expect(outer.summary({ printFn: () => {} })).toContain('│ heads (Functional)                   │ [(None, 4), (None, 1)]      │              45 │');
  });

  it("prints '?' for a layer that was never called nor built", () => {
    expect(formatLayerShape(new Dense({ units: 3 }))).toBe('?');
  });
});

describe('summary number formats', () => {
  it('groups thousands like Python', () => {
    expect([0, 999, 1000, 55050, 1234567].map(formatCount)).toEqual(['0', '999', '1,000', '55,050', '1,234,567']);
  });

  it('formats byte sizes with 1024 steps and Python rounding', () => {
    expect(readableBytes(0)).toBe('0.00 B');
    expect(readableBytes(1023)).toBe('1023.00 B');
    expect(readableBytes(1024)).toBe('1.00 KB');
    expect(readableBytes(220200)).toBe('215.04 KB');
    // 1152 B = 1.125 KB: Python's "{:.2f}" rounds the tie to even (toFixed would give 1.13).
    expect(readableBytes(1152)).toBe('1.12 KB');
    expect(readableBytes(1408)).toBe('1.38 KB');
    expect(readableBytes(1.5 * 1024 ** 2)).toBe('1.50 MB');
    // Past PB Keras divides once more than it labels: kept for byte-identical output.
    expect(readableBytes(3 * 1024 ** 6)).toBe('3.00 PB');
  });
});
