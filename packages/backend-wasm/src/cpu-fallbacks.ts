import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Kernels tfjs-backend-wasm 4.22 lacks (`Conv2DBackpropFilter`: conv weights cannot train;
 * `UnsortedSegmentSum`: Embedding cannot train) or gets wrong (`MaxPoolGrad` drops
 * gradients when batch > 1 or channels > 1). Each runs the cpu kernel on copies of its inputs.
 */
export const CPU_FALLBACK_KERNELS: Readonly<Record<string, 'missing' | 'wrong'>> = {
  Conv2DBackpropFilter: 'missing',
  UnsortedSegmentSum: 'missing',
  MaxPoolGrad: 'wrong',
};

type Info = tf.TensorInfo;

let registered = false;

/** Registers the cpu fallbacks for the wasm backend (once; both kernel sets must be registered). */
export function registerCpuFallbacks(): void {
  if (registered) return;
  registered = true;
  let cpu: MathBackendCPU | null = null;
  for (const [kernelName, why] of Object.entries(CPU_FALLBACK_KERNELS)) {
    const cpuKernel = tf.getKernel(kernelName, 'cpu');
    if (!cpuKernel) continue;
    if (tf.getKernel(kernelName, 'wasm')) {
      if (why === 'missing') continue; // a newer tfjs-backend-wasm has it
      tf.unregisterKernel(kernelName, 'wasm');
    }
    tf.registerKernel({
      kernelName,
      backendName: 'wasm',
      kernelFunc: ({ inputs, attrs, backend }) => {
        cpu ??= new MathBackendCPU();
        const host = cpu;
        const wasm = backend as tf.KernelBackend;
        const cpuInputs: Record<string, Info> = {};
        for (const [name, t] of Object.entries(inputs)) {
          const info = t as Info;
          cpuInputs[name] = { dataId: host.write(wasm.readSync(info.dataId), info.shape, info.dtype), shape: info.shape, dtype: info.dtype };
        }
        try {
          const out = cpuKernel.kernelFunc({ inputs: cpuInputs, attrs: attrs ?? {}, backend: host }) as Info | Info[];
          const toWasm = (o: Info): Info => {
            const values = host.readSync(o.dataId);
            host.disposeData(o.dataId);
            return { dataId: wasm.write(values, o.shape, o.dtype), shape: o.shape, dtype: o.dtype };
          };
          return Array.isArray(out) ? out.map(toWasm) : toWasm(out);
        } finally {
          for (const info of Object.values(cpuInputs)) host.disposeData(info.dataId);
        }
      },
    });
  }
}
