import { beforeEach, describe } from 'vitest';
import { Minimum, minimum, clearSession } from '../../index.js';
import { elementwiseMergeTests } from '../../testing/merge-layer-tests.js';

beforeEach(() => clearSession());

describe('Minimum', () => {
  elementwiseMergeTests({ layer: Minimum, className: 'Minimum', merge: minimum, name: 'minimum', expected: [1, 2, -3] });
});
