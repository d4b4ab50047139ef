// @kfn/backend-cpu: kfn on tfjs's pure-JavaScript kernels (registering them is this module's side effect).
import { tfjsProvider } from '@kfn/backend-tfjs';
import type { BackendProvider } from '@kfn/graph';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { registerCpuKernels } from './kernels/register.js';

export { registerCpuKernels };

// kfn's own faster cpu kernels (KfnMatMul, KfnApplyRMSProp, KfnApplyAdam), found by name.
registerCpuKernels(tf);

/** `await useBackend(cpu)`: runs anywhere JavaScript runs, no binary to fetch. */
export const cpu: BackendProvider = tfjsProvider(tf, 'cpu', {
  // tfjs-core's Node build registers no gradient functions: load ours on first use.
  loadGradients: () => import('@kfn/backend-tfjs/register-gradients'),
});
