import { useBackend, type Backend, type BackendProvider, type Layer, type Tensor } from '@kfn/graph';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { tfjsProvider } from '../provider.js';
import { hostData, toHost, type HostTensor } from './data.js';

/**
 * tfjs's cpu kernels alone (none of kfn's) with tfjs's own registered gradients (no kfn
 * backward passes), over the same tfjs-core instance as every backend package: kfn's kernels
 * and custom gradients on every backend, cpu included, are checked against it.
 */
export const referenceCpu: BackendProvider = tfjsProvider(tf, 'cpu', {
  name: 'reference-cpu',
  customGradients: false,
  kfnKernels: false,
  loadGradients: () => import('../register-gradients.js'),
});

/** Runs `fn` on a backend and brings its tensors to the host, leaving nothing allocated. */
export async function runOn(provider: BackendProvider, fn: (ops: Backend) => Tensor | Tensor[]): Promise<HostTensor[]> {
  const ops = await useBackend(provider);
  return ops.tidy(() => {
    const out = fn(ops);
    return (Array.isArray(out) ? out : [out]).map((t) => toHost(ops, t));
  });
}

/** Deterministic weights in [-0.5, 0.5), so every backend (and tfjs-layers) computes with the same ones. */
export function setDeterministicWeights(layer: Layer<unknown>, seed = 1): void {
  layer.weights.forEach((w, i) => {
    w.assign(hostData({ shape: [...w.shape] }, seed * 1000 + i).map((v) => v / 4));
  });
}
