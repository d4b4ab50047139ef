import type * as tfc from '@tensorflow/tfjs-core';
import type { FusableActivation } from '@kfn/graph';
import { activationGrad, applyActivation, columnSums, customOp, matMul, matMulTA, type GradContext } from './custom-op.js';

type T = tfc.Tensor;

/**
 * `activation(x · kernel + bias)` for rank-2 `x`, with its own backward pass:
 * `dx = dz · kernelᵀ`, `dkernel = xᵀ · dz` (in the backend's fastest form, see
 * `GradContext.explicitTranspose`), `dbias = Σ dz`, where `dz` is the gradient through
 * the activation. tfjs's fused matMul gradient supports only linear and relu activations
 * and always uses `transposeA`.
 */
export function denseWithGrad(ctx: GradContext, x: T, kernel: T, bias: T | null, activation: FusableActivation): T {
  const { tf } = ctx;
  return customOp(
    ctx,
    'kfnDense',
    [x, kernel, bias],
    (save) => {
      const fused = ctx.fuseActivations ? activation : 'linear';
      const z = matMul(ctx, x, kernel, { bias, activation: fused });
      const y = fused === activation ? z : applyActivation(tf, z, activation);
      save(activation === 'linear' ? [x, kernel] : [x, kernel, y]);
      return y;
    },
    (dy, [xs, ks, y]) => {
      const dz = activationGrad(tf, dy, y, activation);
      return [
        () => matMul(ctx, dz, ks as T, { transposeB: true }),
        () => matMulTA(ctx, xs as T, dz),
        bias ? () => columnSums(ctx, dz) : null,
      ];
    },
  );
}
