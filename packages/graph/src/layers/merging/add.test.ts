import { beforeEach, describe } from 'vitest';
import { Add, add, clearSession } from '../../index.js';
import { elementwiseMergeTests } from '../../testing/merge-layer-tests.js';

beforeEach(() => clearSession());

describe('Add', () => {
  elementwiseMergeTests({ layer: Add, className: 'Add', merge: add, name: 'add', expected: [5, 7, -5] });
});
