import { beforeEach, describe, expect, it } from 'vitest';
import { Subtract, subtract, clearSession, Input, ValueError } from '../../index.js';
import { elementwiseMergeTests } from '../../testing/merge-layer-tests.js';

beforeEach(() => clearSession());

describe('Subtract', () => {
  elementwiseMergeTests({ layer: Subtract, className: 'Subtract', merge: subtract, name: 'subtract', expected: [-3, 3, 1] });

  it('takes exactly two inputs', () => {
    const xs = [Input({ shape: [2] }), Input({ shape: [2] }), Input({ shape: [2] })];
    expect(() => subtract(xs)).toThrow(ValueError);
    expect(() => new Subtract({ name: 'diff' }).apply(xs)).toThrow(/Layer "diff" \(Subtract\) should be called on exactly 2 inputs. Received: 3/);
  });
});
