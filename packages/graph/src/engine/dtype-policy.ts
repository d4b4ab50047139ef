import { standardizeDtype, type DType } from '../common/dtype.js';
import { ConfigError } from '../common/errors.js';
import { builtinObject, isKerasObject, type KerasObject } from '../saving/keras-object.js';

/**
 * Keras's dtype policy: the dtype of a layer's weights and of its computations.
 * `mixed_float16` keeps float32 weights and computes in float16.
 */
export class DTypePolicy {
  readonly name: string;
  readonly variableDtype: DType;
  readonly computeDtype: DType;

  constructor(name = 'float32') {
    this.name = name;
    if (name.startsWith('mixed_')) {
      this.variableDtype = 'float32';
      this.computeDtype = standardizeDtype(name.slice('mixed_'.length));
    } else {
      this.variableDtype = this.computeDtype = standardizeDtype(name);
    }
  }

  toConfig(): KerasObject {
    return builtinObject('keras', 'DTypePolicy', { name: this.name });
  }

  /** Accepts a dtype string, a Keras 3 `DTypePolicy` object, or a Keras 2 `Policy` object. */
  static from(identifier: string | DTypePolicy | KerasObject | null | undefined): DTypePolicy {
    if (identifier === null || identifier === undefined) return new DTypePolicy();
    if (identifier instanceof DTypePolicy) return identifier;
    if (typeof identifier === 'string') return new DTypePolicy(identifier);
    if (isKerasObject(identifier) && typeof identifier.config?.name === 'string') {
      return new DTypePolicy(identifier.config.name);
    }
    throw new ConfigError(`Could not interpret dtype policy: ${JSON.stringify(identifier)}.`);
  }
}
