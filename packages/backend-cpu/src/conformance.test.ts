import { describeBackendConformance } from '@kfn/backend-tfjs/testing';
import { cpu } from './index.js';

describeBackendConformance(cpu);
