import type { Backend, Tensor, Variable } from '../backend/backend.js';
import { Optimizer, type OptimizerArgs, type SlotGroups } from './optimizer.js';

export interface AdamArgs extends OptimizerArgs {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  amsgrad?: boolean;
}

/**
 * Keras 3's Adam: `α = lr·sqrt(1−β₂ᵗ)/(1−β₁ᵗ); m += (g−m)(1−β₁); v += (g²−v)(1−β₂);
 * var −= α·m/(sqrt(v)+ε)` with `t = iterations + 1`.
 */
export class Adam extends Optimizer {
  static override className = 'Adam';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly amsgrad: boolean;

  constructor(args: AdamArgs = {}, defaultLearningRate = 0.001) {
    super(args, defaultLearningRate);
    this.beta1 = args.beta1 ?? 0.9;
    this.beta2 = args.beta2 ?? 0.999;
    this.epsilon = args.epsilon ?? 1e-7;
    this.amsgrad = args.amsgrad ?? false;
  }

  protected override slotGroups(): SlotGroups {
    return this.amsgrad ? [['momentum', 'velocity'], ['velocity_hat']] : [['momentum', 'velocity']];
  }

  protected override updateStep(grad: Tensor, variable: Variable, slots: Variable[], lr: Tensor, ops: Backend): void {
    const [m, v, vHat] = slots as [Variable, Variable, Variable | undefined];
    const t = this.localStep(ops);
    if (ops.applyAdam) {
      const { beta1, beta2, epsilon } = this;
      ops.applyAdam({ variable, grad, lr, step: t, m, v, vHat: vHat ?? null, beta1, beta2, epsilon });
      return;
    }
    // The same for every weight of a step: made once.
    const alpha = this.perStep('alpha', () => {
      const beta1Power = ops.pow(ops.scalar(this.beta1), t);
      const beta2Power = ops.pow(ops.scalar(this.beta2), t);
      const one = ops.scalar(1);
      return ops.div(ops.mul(lr, ops.sqrt(ops.sub(one, beta2Power))), ops.sub(one, beta1Power));
    });
    const mNext = ops.add(m, ops.mul(ops.sub(grad, m), this.constant(1 - this.beta1, ops)));
    const vNext = ops.add(v, ops.mul(ops.sub(ops.square(grad), v), this.constant(1 - this.beta2, ops)));
    m.assign(mNext);
    v.assign(vNext);
    let vUsed = vNext;
    if (vHat) {
      vUsed = ops.maximum(vHat, vNext);
      vHat.assign(vUsed);
    }
    variable.assign(ops.sub(variable, ops.div(ops.mul(mNext, alpha), ops.add(ops.sqrt(vUsed), this.constant(this.epsilon, ops)))));
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), beta_1: this.beta1, beta_2: this.beta2, epsilon: this.epsilon, amsgrad: this.amsgrad };
  }
}
