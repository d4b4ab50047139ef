import type { Backend, Tensor, Variable } from '../backend/backend.js';
import { Optimizer, type OptimizerArgs, type SlotGroups } from './optimizer.js';

export interface RMSpropArgs extends OptimizerArgs {
  rho?: number;
  momentum?: number;
  epsilon?: number;
  centered?: boolean;
}

/**
 * `vel = ρ·vel + (1−ρ)·g²; v −= lr·g / sqrt(vel + ε)` — Keras puts ε inside the square root
 * (tfjs-layers and PyTorch add it outside). Centered: `sqrt(vel − avg² + ε)`.
 */
export class RMSprop extends Optimizer {
  static override className = 'RMSprop';
  readonly rho: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;

  constructor(args: RMSpropArgs = {}) {
    super(args, 0.001);
    this.rho = args.rho ?? 0.9;
    this.momentum = args.momentum ?? 0;
    this.epsilon = args.epsilon ?? 1e-7;
    this.centered = args.centered ?? false;
  }

  protected override slotGroups(): SlotGroups {
    const groups: string[][] = [['velocity']];
    if (this.momentum > 0) groups.push(['momentum']);
    if (this.centered) groups.push(['average_gradient']);
    return groups;
  }

  protected override updateStep(grad: Tensor, variable: Variable, slots: Variable[], lr: Tensor, ops: Backend): void {
    const [velocity, ...rest] = slots as [Variable, ...Variable[]];
    const momentum = this.momentum > 0 ? rest.shift() : undefined;
    const averageGrad = this.centered ? rest.shift() : undefined;
    if (ops.applyRmsprop) {
      ops.applyRmsprop({
        variable,
        grad,
        lr,
        velocity,
        momentum: momentum ?? null,
        averageGradient: averageGrad ?? null,
        rho: this.rho,
        momentumDecay: this.momentum,
        epsilon: this.epsilon,
      });
      return;
    }
    const rho = this.constant(this.rho, ops);
    const oneMinusRho = this.constant(1 - this.rho, ops);
    const vel = ops.add(ops.mul(rho, velocity), ops.mul(oneMinusRho, ops.square(grad)));
    velocity.assign(vel);
    let denominator: Tensor;
    if (averageGrad) {
      const avg = ops.add(ops.mul(rho, averageGrad), ops.mul(oneMinusRho, grad));
      averageGrad.assign(avg);
      denominator = ops.add(ops.sub(vel, ops.square(avg)), this.constant(this.epsilon, ops));
    } else {
      denominator = ops.add(vel, this.constant(this.epsilon, ops));
    }
    const increment = ops.div(ops.mul(lr, grad), ops.sqrt(denominator));
    if (momentum) {
      const m = ops.add(ops.mul(this.constant(this.momentum, ops), momentum), increment);
      momentum.assign(m);
      variable.assign(ops.sub(variable, m));
    } else {
      variable.assign(ops.sub(variable, increment));
    }
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rho: this.rho, momentum: this.momentum, epsilon: this.epsilon, centered: this.centered };
  }
}
