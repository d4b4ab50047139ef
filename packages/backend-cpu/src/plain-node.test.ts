import { describePlainNodeTraining } from '@kfn/backend-tfjs/testing';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

describePlainNodeTraining(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'), '@kfn/backend-cpu', 'cpu');
