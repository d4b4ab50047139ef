import { Adam, type AdamArgs } from './adam.js';

/** Adam with decoupled weight decay (`var -= var·wd·lr` before each step), `weight_decay` 0.004 by default. */
export class AdamW extends Adam {
  static override className = 'AdamW';

  constructor(args: AdamArgs = {}) {
    super({ ...args, weightDecay: args.weightDecay ?? 0.004 });
  }
}
