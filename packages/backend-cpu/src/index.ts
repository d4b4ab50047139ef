// @kfn/backend-cpu: kfn on tfjs's pure-JavaScript kernels (registering them is this module's side effect).
import { tfjsProvider } from '@kfn/backend-tfjs';
import type { BackendProvider } from '@kfn/graph';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { registerCpuKernels } from './kernels/register.js';

export { registerCpuKernels };

// kfn's own faster cpu kernels (KfnMatMul, KfnConv2D, KfnApplyRMSProp, KfnApplyAdam), found by name.
registerCpuKernels(tf);

/** `await useBackend(cpu)`: runs anywhere JavaScript runs, no binary to fetch. */
export const cpu: BackendProvider = tfjsProvider(tf, 'cpu', {
  // Transposed convolutions and conv input gradients as convolutions: KfnConv2D is 3–4× faster
  // than tfjs-backend-cpu's Conv2D, which its Conv2DBackpropInput loop is no faster than.
  transposedConvAsConv: true,
  // Max-pool gradients from common kernels: tfjs-backend-cpu's MaxPoolGrad loop takes 207 ms of
  // the guide's autoencoder step (batch 32), these about 40 ms.
  maxPoolGradFromOps: true,
  // Conv bias gradients as ones-row products on KfnMatMul (tfjs-backend-cpu's Sum transposes first).
  largeSumsAsProducts: true,
  // tfjs-core's Node build registers no gradient functions: load ours on first use.
  loadGradients: () => import('@kfn/backend-tfjs/register-gradients'),
});
