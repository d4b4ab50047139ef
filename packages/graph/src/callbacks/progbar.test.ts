import { describe, expect, it } from 'vitest';
import { formatTime, formatValue, Progbar } from './progbar.js';

describe('Progbar (Keras utils/progbar.py)', () => {
  it('formats values and times as Keras does', () => {
    expect(formatValue(2.50834, 2.50834)).toBe('2.5083');
    expect(formatValue(0.0001234, 0.0001234)).toBe('1.2340e-04');
    expect(formatValue(0, 0)).toBe('0.0000e+00');
    expect(formatTime(0.004, 'step')).toBe(' 4ms/step');
    expect(formatTime(2.2, 'step')).toBe(' 2s/step');
    expect(formatTime(0.00005, 'step')).toBe(' 50us/step');
  });

  it('draws the final bar with ANSI styles on a terminal', () => {
    const out: string[] = [];
    const bar = new Progbar({ target: 5, verbose: 1, dynamic: true, write: (s) => out.push(s) });
    bar.update(5, { accuracy: 0.1, loss: 2.50834 }, true);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(
      /^\r\x1b\[1m5\/5\x1b\[0m \x1b\[32m━{20}\x1b\[0m\x1b\[37m\x1b\[0m \x1b\[1m0s\x1b\[0m \d+(us|ms|s)\/step - accuracy: 0\.1000 - loss: 2\.5083\n$/,
    );
  });

  it('right-aligns the step count and prints nothing but the last line off a terminal', () => {
    const out: string[] = [];
    const bar = new Progbar({ target: 12, verbose: 1, dynamic: false, write: (s) => out.push(s) });
    bar.update(3, { loss: 1 });
    expect(out).toEqual([]);
    bar.update(12, { loss: 0.5 }, true);
    expect(out[0]).toMatch(/^12\/12 ━{20} 0s \d+(us|ms|s)\/step - loss: 0\.5000\n$/);
  });

  it('verbose 2: one line at the end', () => {
    const out: string[] = [];
    const bar = new Progbar({ target: 4, verbose: 2, write: (s) => out.push(s) });
    bar.update(2, { accuracy: 0, loss: 3 });
    bar.update(4, { accuracy: 0.21, loss: 2.2004 }, true);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^4\/4 - 0s - \d+(us|ms|s)\/step - accuracy: 0\.2100 - loss: 2\.2004\n$/);
  });

  it('shows values averaged over the steps so far, weighted by the steps each stands for, as Keras does', () => {
    const out: string[] = [];
    const bar = new Progbar({ target: 10, verbose: 1, dynamic: true, interval: 0, write: (s) => out.push(s) });
    bar.update(1, { loss: 4 }); // 4 over 1 step
    expect(out.at(-1)).toMatch(/ - loss: 4\.0000/);
    bar.update(2, { loss: 2 }); // (4 + 2) / 2
    expect(out.at(-1)).toMatch(/ - loss: 3\.0000/);
    bar.update(3); // no values read this step: the display keeps the average
    expect(out.at(-1)).toMatch(/ - loss: 3\.0000/);
    bar.update(4, { loss: 1 }); // stands for steps 3 and 4: (4 + 2 + 1·2) / 4
    expect(out.at(-1)).toMatch(/ - loss: 2\.0000/);
    bar.update(10, { loss: 0.25 }, true); // the final line shows the epoch's value as given
    expect(out.at(-1)).toMatch(/ - loss: 0\.2500\n$/);
  });
});
