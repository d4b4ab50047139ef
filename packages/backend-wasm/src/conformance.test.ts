import { describeBackendConformance } from '@kfn/backend-tfjs/testing';
import { wasm } from './index.js';

describeBackendConformance(wasm);
