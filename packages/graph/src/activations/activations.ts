import type { Backend, FusableActivation, Tensor } from '../backend/backend.js';
import { ValueError } from '../common/errors.js';

/** An activation: its Keras name and its math in backend operations. */
export interface Activation {
  readonly name: string;
  apply(x: Tensor, ops: Backend): Tensor;
  /** Set when a backend can fuse it into `dense`/`conv`. */
  readonly fusable?: FusableActivation;
}

function def(name: string, apply: (x: Tensor, ops: Backend) => Tensor, fusable?: FusableActivation): Activation {
  return fusable ? { name, apply, fusable } : { name, apply };
}

// Keras's `activations/activations.py`, one line each.
const ACTIVATIONS: Activation[] = [
  def('linear', (x) => x, 'linear'),
  def('relu', (x, ops) => ops.relu(x), 'relu'),
  def('relu6', (x, ops) => ops.relu6(x), 'relu6'),
  def('sigmoid', (x, ops) => ops.sigmoid(x), 'sigmoid'),
  def('tanh', (x, ops) => ops.tanh(x)),
  def('softmax', (x, ops) => ops.softmax(x, -1)),
  def('log_softmax', (x, ops) => ops.logSoftmax(x, -1)),
  def('elu', (x, ops) => ops.elu(x), 'elu'),
  def('selu', (x, ops) => ops.selu(x)),
  def('softplus', (x, ops) => ops.softplus(x)),
  def('softsign', (x, ops) => ops.div(x, ops.add(ops.abs(x), ops.scalar(1)))),
  def('exponential', (x, ops) => ops.exp(x)),
  def('silu', (x, ops) => ops.mul(x, ops.sigmoid(x))),
  def('leaky_relu', (x, ops) => ops.leakyRelu(x, 0.2)),
  // Keras 3's hard_sigmoid is relu6(x + 3) / 6.
  def('hard_sigmoid', (x, ops) => ops.div(ops.relu6(ops.add(x, ops.scalar(3))), ops.scalar(6))),
  // Exact (erf) gelu, Keras's default `approximate=False`.
  def('gelu', (x, ops) =>
    ops.mul(ops.mul(x, ops.scalar(0.5)), ops.add(ops.scalar(1), ops.erf(ops.mul(x, ops.scalar(Math.SQRT1_2)))))),
];

const BY_NAME = new Map(ACTIVATIONS.map((a) => [a.name, a]));
BY_NAME.set('swish', BY_NAME.get('silu') as Activation);

export type ActivationIdentifier = string | Activation | null | undefined;

export function getActivation(identifier: ActivationIdentifier, layerName?: string): Activation {
  if (identifier === null || identifier === undefined) return BY_NAME.get('linear') as Activation;
  if (typeof identifier !== 'string') return identifier;
  const found = BY_NAME.get(identifier) ?? BY_NAME.get(identifier.replace(/([A-Z])/g, '_$1').toLowerCase());
  if (!found) {
    const where = layerName ? ` in layer "${layerName}"` : '';
    throw new ValueError(
      `Unknown activation${where}: activation=${JSON.stringify(identifier)}. Expected one of ${[...BY_NAME.keys()].join(', ')}.`,
    );
  }
  return found;
}

/** Registers a custom activation by name, so configs that name it can be loaded. */
export function registerActivation(activation: Activation): void {
  BY_NAME.set(activation.name, activation);
}
