import { beforeEach, describe } from 'vitest';
import { Multiply, multiply, clearSession } from '../../index.js';
import { elementwiseMergeTests } from '../../testing/merge-layer-tests.js';

beforeEach(() => clearSession());

describe('Multiply', () => {
  elementwiseMergeTests({ layer: Multiply, className: 'Multiply', merge: multiply, name: 'multiply', expected: [4, 10, 6] });
});
