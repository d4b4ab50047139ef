import { registerActivation } from '@kfn/graph';

/**
 * Keras 2 and tfjs define `hard_sigmoid` as `clip(0.2·x + 0.5, 0, 1)`; Keras 3 (kfn's
 * `hard_sigmoid`) as `relu6(x + 3) / 6`. A tfjs file's `hard_sigmoid` (LSTM's default
 * recurrent activation there) is loaded as this activation so it predicts as tfjs does.
 */
export const TFJS_HARD_SIGMOID = 'tfjs_hard_sigmoid';

let registered = false;

function ensureRegistered(): void {
  if (registered) return;
  registerActivation({
    name: TFJS_HARD_SIGMOID,
    apply: (x, ops) => ops.clip(ops.add(ops.mul(x, ops.scalar(0.2)), ops.scalar(0.5)), 0, 1),
  });
  registered = true;
}

const ACTIVATION_KEYS = new Set(['activation', 'recurrent_activation']);

function mapActivations(value: unknown, from: string, to: string): unknown {
  if (Array.isArray(value)) return value.map((v: unknown) => mapActivations(v, from, to));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = ACTIVATION_KEYS.has(k) && v === from ? to : mapActivations(v, from, to);
  return out;
}

/** A tfjs topology with its `hard_sigmoid`s made tfjs's. */
export function fromTfjsActivations(topology: unknown): unknown {
  ensureRegistered();
  return mapActivations(topology, 'hard_sigmoid', TFJS_HARD_SIGMOID);
}

/** Back to the name tfjs (and Keras 2) use. */
export function toTfjsActivations(topology: unknown): unknown {
  return mapActivations(topology, TFJS_HARD_SIGMOID, 'hard_sigmoid');
}

/** Whether a config uses tfjs's `hard_sigmoid`, which Keras 3 has no name for. */
export function usesTfjsHardSigmoid(config: unknown): boolean {
  return JSON.stringify(config).includes(`"${TFJS_HARD_SIGMOID}"`);
}
