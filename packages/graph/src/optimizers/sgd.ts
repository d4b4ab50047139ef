import type { Backend, Tensor, Variable } from '../backend/backend.js';
import { ValueError } from '../common/errors.js';
import { Optimizer, type OptimizerArgs, type SlotGroups } from './optimizer.js';

export interface SGDArgs extends OptimizerArgs {
  momentum?: number;
  nesterov?: boolean;
}

/** `v -= lr·g`; with momentum `m = μm − lr·g; v += m` (nesterov: `v += μm − lr·g`). */
export class SGD extends Optimizer {
  static override className = 'SGD';
  readonly momentum: number;
  readonly nesterov: boolean;

  constructor(args: SGDArgs = {}) {
    super(args, 0.01);
    this.momentum = args.momentum ?? 0;
    this.nesterov = args.nesterov ?? false;
    if (!(this.momentum >= 0 && this.momentum <= 1)) {
      throw new ValueError(`SGD: \`momentum\` must be in [0, 1]. Received: momentum=${args.momentum}`);
    }
  }

  protected override slotGroups(): SlotGroups {
    return this.momentum !== 0 ? [['momentum']] : [];
  }

  protected override updateStep(grad: Tensor, variable: Variable, slots: Variable[], lr: Tensor, ops: Backend): void {
    const step = ops.mul(grad, lr);
    const m = slots[0];
    if (!m) {
      variable.assign(ops.sub(variable, step));
      return;
    }
    const mu = this.constant(this.momentum, ops);
    const next = ops.sub(ops.mul(m, mu), step);
    m.assign(next);
    variable.assign(ops.add(variable, this.nesterov ? ops.sub(ops.mul(next, mu), step) : next));
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), momentum: this.momentum, nesterov: this.nesterov };
  }
}
