// Registers kfn's own cpu kernels with tfjs-core, where `createTfjsBackend` finds them by name.
import type { TfjsCore } from '@kfn/backend-tfjs';
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { applyAdamKernel } from './apply-adam.js';
import { applyRMSPropKernel } from './apply-rmsprop.js';
import { conv2dBackpropFilterConfig } from './conv2d-backprop-filter.js';
import { conv2dConfig } from './conv2d.js';
import { cpuHostIO } from './kernel-io.js';
import { matMulConfig } from './mat-mul.js';

export const cpuKernelConfigs: readonly KernelConfig[] = [
  matMulConfig,
  conv2dConfig,
  conv2dBackpropFilterConfig,
  applyRMSPropKernel('cpu', cpuHostIO),
  applyAdamKernel('cpu', cpuHostIO),
];

/**
 * Registers KfnMatMul, KfnConv2D, KfnConv2DBackpropFilter, KfnApplyRMSProp and KfnApplyAdam for tfjs's 'cpu' backend.
 * Idempotent: a name already registered for 'cpu' is left alone (tfjs would warn and replace it).
 */
export function registerCpuKernels(tf: TfjsCore): void {
  for (const config of cpuKernelConfigs) {
    if (tf.getKernel(config.kernelName, config.backendName) == null) tf.registerKernel(config);
  }
}
