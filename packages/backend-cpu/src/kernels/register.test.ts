import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { cpuKernelConfigs, registerCpuKernels } from './register.js';

describe('registerCpuKernels', () => {
  it('registers every kfn cpu kernel once, however often it runs', () => {
    registerCpuKernels(tf);
    const registered = cpuKernelConfigs.map((c) => tf.getKernel(c.kernelName, 'cpu'));
    expect(registered.every((k) => k !== undefined)).toBe(true);
    registerCpuKernels(tf);
    expect(cpuKernelConfigs.map((c) => tf.getKernel(c.kernelName, 'cpu'))).toEqual(registered);
    expect(cpuKernelConfigs.map((c) => c.kernelName).sort()).toEqual(
      ['KfnApplyAdam', 'KfnApplyRMSProp', 'KfnConv2D', 'KfnConv2DBackpropFilter', 'KfnMatMul'],
    );
  });
});
