import type * as tfc from '@tensorflow/tfjs-core';
import type { TfjsCore } from './tfjs-backend.js';

type T = tfc.Tensor;

/** A kernel input: a tensor, or a view of one's data under another shape. */
export interface KernelInput {
  readonly dataId: object;
  readonly shape: readonly number[];
  readonly dtype: tfc.DataType;
}

/** The parts of tfjs-core's engine this module uses (typed privately in tfjs-core 4.22). */
interface DirectEngine {
  isTapeOn(): boolean;
  readonly backend: tfc.KernelBackend;
  makeTensorFromTensorInfo(info: KernelInput, backend?: tfc.KernelBackend): T;
}

/**
 * Runs tfjs kernels by name, skipping tfjs's op wrappers. Those wrappers cost more than
 * small kernels do: `tf.fused.matMul` spends ~5 µs on argument conversion, rank-3 reshapes
 * and a `customGrad` scope around a 2 µs [1, 64]·[64, 10] product on wasm.
 * Only where no gradient tape would record the kernel (`untaped()`): kfn's custom ops call
 * this from their forward passes (which tfjs runs inside a kernel scope) and backward passes.
 */
export class DirectKernels {
  private readonly engine: DirectEngine;
  // Looked up once per name: backend packages register their kernels when imported, before use.
  private readonly found = new Map<string, tfc.KernelConfig | undefined>();

  constructor(
    private readonly tf: TfjsCore,
    private readonly backendName: string,
    /** Whether kfn's own kernels (names starting `Kfn`) may be used where registered. */
    private readonly kfnKernels = true,
  ) {
    this.engine = tf.engine() as unknown as DirectEngine;
  }

  /** Whether a kernel run now would escape the gradient tape (so calling it directly is sound). */
  untaped(): boolean {
    return !this.engine.isTapeOn();
  }

  /** Whether a kernel of that name is registered for this backend. */
  has(kernelName: string): boolean {
    return this.lookup(kernelName) !== undefined;
  }

  private lookup(kernelName: string): tfc.KernelConfig | undefined {
    if (!this.found.has(kernelName)) {
      const allowed = this.kfnKernels || !kernelName.startsWith('Kfn');
      this.found.set(kernelName, allowed ? this.tf.getKernel(kernelName, this.backendName) : undefined);
    }
    return this.found.get(kernelName);
  }

  /**
   * Runs `kernelName` on the active backend; each output becomes a tensor of the kernel's
   * shape, or of `outShapes[i]` (same size: a free reshape of the new data).
   */
  run(kernelName: string, inputs: Record<string, KernelInput>, attrs: object, outShapes?: readonly (readonly number[])[]): T[] {
    const kernel = this.lookup(kernelName);
    if (kernel === undefined) throw new Error(`Kernel "${kernelName}" is not registered for backend "${this.backendName}".`);
    const backend = this.engine.backend;
    const out = kernel.kernelFunc({ inputs: inputs as tfc.NamedTensorInfoMap, backend, attrs: attrs as tfc.NamedAttrMap });
    const infos = (Array.isArray(out) ? out : [out]) as KernelInput[];
    return infos.map((info, i) => {
      const shape = outShapes?.[i];
      return this.engine.makeTensorFromTensorInfo(shape ? { dataId: info.dataId, shape, dtype: info.dtype } : info, backend);
    });
  }
}

/** A view of `x`'s data under `shape` (same size), for kernels that want another rank. */
export const view = (x: T, shape: readonly number[]): KernelInput => ({ dataId: x.dataId, shape, dtype: x.dtype });
