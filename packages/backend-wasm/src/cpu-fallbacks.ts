import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Kernels tfjs-backend-wasm 4.22 lacks (`Conv2DBackpropFilter`, `UnsortedSegmentSum`) or gets
 * wrong (`MaxPoolGrad` drops gradients when batch > 1 or channels > 1). kfn's training never
 * runs them: @kfn/backend-tfjs computes conv, conv-transpose, gather and (on wasm) max-pool
 * gradients with kernels wasm has. So they are opt-in (`registerCpuFallbacks()`), for code
 * that differentiates tfjs ops directly on wasm: each runs the cpu kernel on copies of its
 * inputs, slowly, and says so once.
 */
export const CPU_FALLBACK_KERNELS: Readonly<Record<string, 'missing' | 'wrong'>> = {
  Conv2DBackpropFilter: 'missing',
  UnsortedSegmentSum: 'missing',
  MaxPoolGrad: 'wrong',
};

type Info = tf.TensorInfo;

let registered = false;
const warned = new Set<string>();

/** Registers the cpu fallbacks for the wasm backend (once; idempotent). */
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
        if (!warned.has(kernelName)) {
          warned.add(kernelName);
          console.warn(
            `@kfn/backend-wasm: running ${kernelName} on tfjs's cpu kernels (tfjs-backend-wasm 4.22 ${why === 'missing' ? 'lacks it' : 'computes it wrongly'}); this is slow.`,
          );
        }
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
