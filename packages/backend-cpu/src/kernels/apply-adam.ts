// KfnApplyAdam as a host kernel: Keras 3's Adam step (packages/graph/src/optimizers/adam.ts) in
// one pass over the elements, instead of a dozen element-wise tfjs kernels.
import type { KernelConfig, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import { KfnApplyAdam, type KfnApplyAdamAttrs } from '@kfn/backend-tfjs';
import { finiteAttrs, float32Values, readScalar, requireFloat32, requireInput, requireSameSize, sizeOf, type HostIO } from './host-io.js';

/** The element loop, apart from validation so that it stays optimized (monomorphic typed arrays). */
function adamStep(
  variable: Float32Array,
  grad: Float32Array,
  m: Float32Array,
  v: Float32Array,
  vHat: Float32Array | null,
  lr: number,
  t: number,
  { beta1, beta2, epsilon }: KfnApplyAdamAttrs,
  varOut: Float32Array,
  mOut: Float32Array,
  vOut: Float32Array,
  vHatOut: Float32Array | null,
): void {
  // Keras holds β₁, β₂ and ε as float32 scalars and computes α in float32: round the same way.
  const b1 = Math.fround(beta1);
  const b2 = Math.fround(beta2);
  const oneMinusB1 = Math.fround(1 - beta1);
  const oneMinusB2 = Math.fround(1 - beta2);
  const eps = Math.fround(epsilon);
  const alpha = Math.fround((lr * Math.sqrt(1 - Math.fround(b2 ** t))) / (1 - Math.fround(b1 ** t)));
  const size = varOut.length;
  for (let i = 0; i < size; i++) {
    const g = grad[i]!;
    const mi = m[i]!;
    const vi = v[i]!;
    // Slots are rounded to float32 before use, as the composed ops read them back from storage.
    const mNext = Math.fround(mi + (g - mi) * oneMinusB1);
    const vNext = Math.fround(vi + (g * g - vi) * oneMinusB2);
    mOut[i] = mNext;
    vOut[i] = vNext;
    let vUsed = vNext;
    if (vHat !== null && vHatOut !== null) {
      const h = vHat[i]!;
      vUsed = h > vNext ? h : vNext;
      vHatOut[i] = vUsed;
    }
    varOut[i] = variable[i]! - (mNext * alpha) / (Math.sqrt(vUsed) + eps);
  }
}

/** The KfnApplyAdam kernel for one tfjs backend, reaching its data through `io`. */
export function applyAdamKernel(backendName: string, io: (backend: object) => HostIO): KernelConfig {
  const kernelFunc = ({ inputs, backend, attrs }: { inputs: NamedTensorInfoMap; backend: object; attrs?: NamedAttrMap }): TensorInfo[] => {
    const k = KfnApplyAdam;
    const host = io(backend);
    const hyper: KfnApplyAdamAttrs = finiteAttrs(k, attrs, ['beta1', 'beta2', 'epsilon']);
    // Check everything, then allocate every output, then take views (see HostIO.values).
    const variable = requireFloat32(k, 'variable', requireInput(k, inputs, 'variable'));
    const size = sizeOf(variable.shape);
    const grad = requireSameSize(k, 'grad', requireInput(k, inputs, 'grad'), size);
    const m = requireSameSize(k, 'm', requireInput(k, inputs, 'm'), size);
    const v = requireSameSize(k, 'v', requireInput(k, inputs, 'v'), size);
    const lrInfo = requireInput(k, inputs, 'lr');
    const stepInfo = requireInput(k, inputs, 'step');
    const vHat = inputs['vHat'] == null ? null : requireSameSize(k, 'vHat', inputs['vHat'], size);
    const outputs = [variable, m, v, vHat].filter((x) => x !== null).map(() => host.allocate(variable.shape.slice()));
    const lr = readScalar(k, host, 'lr', lrInfo);
    const t = readScalar(k, host, 'step', stepInfo);
    const [varOut, mOut, vOut, vHatOut = null] = outputs.map((o) => float32Values(k, host, 'output', o)) as [
      Float32Array,
      Float32Array,
      Float32Array,
      Float32Array?,
    ];
    adamStep(
      float32Values(k, host, 'variable', variable),
      float32Values(k, host, 'grad', grad),
      float32Values(k, host, 'm', m),
      float32Values(k, host, 'v', v),
      vHat === null ? null : float32Values(k, host, 'vHat', vHat),
      lr,
      t,
      hyper,
      varOut,
      mOut,
      vOut,
      vHatOut,
    );
    return outputs;
  };
  return { kernelName: KfnApplyAdam, backendName, kernelFunc };
}
