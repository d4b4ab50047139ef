// The conformance suite every backend package runs (test-only: it imports vitest).
export { describeBackendConformance } from './conformance.js';
export type { ConformanceOptions } from './conformance.js';
export { referenceCpu, runOn, setDeterministicWeights } from './reference.js';
export { mnistMlp } from './inference.js';
export { readZipEntry } from './golden.js';
export { describePlainNodeTraining } from './plain-node.js';
