// KfnApplyRMSProp as a host kernel: Keras 3's RMSprop step (packages/graph/src/optimizers/
// rmsprop.ts) in one pass over the elements, instead of ~10 element-wise tfjs kernels that each
// allocate an output (and, on tfjs-backend-cpu, go through its per-element broadcasting maths).
import type { KernelConfig, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import { KfnApplyRMSProp, type KfnApplyRMSPropAttrs } from '@kfn/backend-tfjs';
import { finiteAttrs, float32Values, readScalar, requireFloat32, requireInput, requireSameSize, sizeOf, type HostIO } from './host-io.js';

/** The element loop, apart from validation so that it stays optimized (monomorphic typed arrays). */
function rmspropStep(
  variable: Float32Array,
  grad: Float32Array,
  velocity: Float32Array,
  mom: Float32Array | null,
  avg: Float32Array | null,
  lr: number,
  { rho, momentum, epsilon }: KfnApplyRMSPropAttrs,
  varOut: Float32Array,
  velOut: Float32Array,
  momOut: Float32Array | null,
  avgOut: Float32Array | null,
): void {
  // Keras holds its hyperparameters as float32 scalars: round them the same way.
  const r = Math.fround(rho);
  const oneMinusR = Math.fround(1 - rho);
  const mu = Math.fround(momentum);
  const eps = Math.fround(epsilon);
  const size = varOut.length;
  for (let i = 0; i < size; i++) {
    const g = grad[i]!;
    // Slots are rounded to float32 before use, as the composed ops read them back from storage.
    const vel = Math.fround(r * velocity[i]! + oneMinusR * g * g);
    velOut[i] = vel;
    let denominator = vel + eps;
    if (avg !== null && avgOut !== null) {
      const a = Math.fround(r * avg[i]! + oneMinusR * g);
      avgOut[i] = a;
      denominator = vel - a * a + eps;
    }
    const increment = (lr * g) / Math.sqrt(denominator);
    if (mom !== null && momOut !== null) {
      const m = Math.fround(mu * mom[i]! + increment);
      momOut[i] = m;
      varOut[i] = variable[i]! - m;
    } else {
      varOut[i] = variable[i]! - increment;
    }
  }
}

/** The KfnApplyRMSProp kernel for one tfjs backend, reaching its data through `io`. */
export function applyRMSPropKernel(backendName: string, io: (backend: object) => HostIO): KernelConfig {
  const kernelFunc = ({ inputs, backend, attrs }: { inputs: NamedTensorInfoMap; backend: object; attrs?: NamedAttrMap }): TensorInfo[] => {
    const k = KfnApplyRMSProp;
    const host = io(backend);
    const hyper: KfnApplyRMSPropAttrs = finiteAttrs(k, attrs, ['rho', 'momentum', 'epsilon']);
    // Check everything, then allocate every output, then take views (see HostIO.values).
    const variable = requireFloat32(k, 'variable', requireInput(k, inputs, 'variable'));
    const size = sizeOf(variable.shape);
    const grad = requireSameSize(k, 'grad', requireInput(k, inputs, 'grad'), size);
    const velocity = requireSameSize(k, 'velocity', requireInput(k, inputs, 'velocity'), size);
    const lrInfo = requireInput(k, inputs, 'lr');
    const mom = inputs['momentum'] == null ? null : requireSameSize(k, 'momentum', inputs['momentum'], size);
    const avg = inputs['averageGradient'] == null ? null : requireSameSize(k, 'averageGradient', inputs['averageGradient'], size);
    const outputs = [variable, velocity, mom, avg].filter((x) => x !== null).map(() => host.allocate(variable.shape.slice()));
    const lr = readScalar(k, host, 'lr', lrInfo);
    const view = (name: string, info: TensorInfo | null): Float32Array | null => (info === null ? null : float32Values(k, host, name, info));
    const [varOut, velOut, ...rest] = outputs.map((o) => float32Values(k, host, 'output', o)) as [Float32Array, Float32Array, ...Float32Array[]];
    rmspropStep(
      view('variable', variable) as Float32Array,
      view('grad', grad) as Float32Array,
      view('velocity', velocity) as Float32Array,
      view('momentum', mom),
      view('averageGradient', avg),
      lr,
      hyper,
      varOut,
      velOut,
      mom === null ? null : (rest.shift() as Float32Array),
      avg === null ? null : (rest.shift() as Float32Array),
    );
    return outputs;
  };
  return { kernelName: KfnApplyRMSProp, backendName, kernelFunc };
}
