import { beforeEach, describe } from 'vitest';
import { Maximum, maximum, clearSession } from '../../index.js';
import { elementwiseMergeTests } from '../../testing/merge-layer-tests.js';

beforeEach(() => clearSession());

describe('Maximum', () => {
  elementwiseMergeTests({ layer: Maximum, className: 'Maximum', merge: maximum, name: 'maximum', expected: [4, 5, -2] });
});
