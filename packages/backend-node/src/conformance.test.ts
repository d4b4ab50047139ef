import { describeBackendConformance } from '@kfn/backend-tfjs/testing';
import { describe, it } from 'vitest';
import { node } from './index.js';

// The suite runs wherever tfjs-node's native binding loads; elsewhere it is skipped, saying why.
const unavailable = await node.load().then(
  () => null,
  (e: unknown) => (e as Error).message,
);

if (unavailable === null) {
  describeBackendConformance(node);
} else {
  console.log(`[backend-node] conformance skipped: ${unavailable}`);
  describe.skip(`backend conformance: node (skipped: ${unavailable.split('. Fix:')[0]})`, () => {
    it('needs @tensorflow/tfjs-node with its native library', () => {});
  });
}
