import { ConfigError } from '../common/errors.js';
import { builtinObject, isKerasObject, type KerasObject } from '../saving/keras-object.js';
import { snakeToCamel } from '../common/naming.js';
import { Constant, Identity, Ones, Zeros } from './constant.js';
import { Initializer } from './initializer.js';
import {
  GlorotNormal,
  GlorotUniform,
  HeNormal,
  HeUniform,
  LecunNormal,
  LecunUniform,
  Orthogonal,
  RandomNormal,
  RandomUniform,
  TruncatedNormal,
  VarianceScaling,
} from './random.js';

type InitializerClass = new (args?: never) => Initializer;

const BY_CLASS_NAME = new Map<string, InitializerClass>(
  (
    [
      Zeros, Ones, Constant, Identity, RandomUniform, RandomNormal, TruncatedNormal, VarianceScaling,
      GlorotUniform, GlorotNormal, HeUniform, HeNormal, LecunUniform, LecunNormal, Orthogonal,
    ] as unknown as (InitializerClass & { className: string })[]
  ).map((c) => [c.className, c]),
);

// Keras's string aliases (`initializers/__init__.py`), plus the ones Keras 2 files use.
const ALIASES: Record<string, string> = {
  zeros: 'Zeros', ones: 'Ones', constant: 'Constant', identity: 'Identity',
  uniform: 'RandomUniform', random_uniform: 'RandomUniform',
  normal: 'RandomNormal', random_normal: 'RandomNormal', truncated_normal: 'TruncatedNormal',
  variance_scaling: 'VarianceScaling', glorot_uniform: 'GlorotUniform', glorot_normal: 'GlorotNormal',
  he_uniform: 'HeUniform', he_normal: 'HeNormal', lecun_uniform: 'LecunUniform', lecun_normal: 'LecunNormal',
  orthogonal: 'Orthogonal', Identity: 'Identity', OrthogonalInitializer: 'Orthogonal',
};

export type InitializerIdentifier = string | Initializer | KerasObject;

/** Resolves an initializer from a name (`'glorot_uniform'`), a serialized object, or an instance. */
export function getInitializer(identifier: InitializerIdentifier, argName = 'initializer'): Initializer {
  if (identifier instanceof Initializer) return identifier;
  if (typeof identifier === 'string') {
    const cls = BY_CLASS_NAME.get(ALIASES[identifier] ?? identifier);
    if (!cls) throw new ConfigError(`Could not interpret initializer identifier: ${argName}=${JSON.stringify(identifier)}.`);
    return new cls();
  }
  if (isKerasObject(identifier)) {
    const cls = BY_CLASS_NAME.get(ALIASES[identifier.class_name] ?? identifier.class_name);
    if (!cls) throw new ConfigError(`Unknown initializer class "${identifier.class_name}" in ${argName}.`);
    const args: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(identifier.config ?? {})) {
      // Keras 2 and tfjs spell VarianceScaling's mode `fanAvg`; Keras 3 `fan_avg`.
      args[snakeToCamel(k)] = typeof v === 'string' && k === 'mode' ? v.replace(/([A-Z])/g, '_$1').toLowerCase() : v;
    }
    return new cls(args as never);
  }
  throw new ConfigError(`Could not interpret initializer identifier: ${argName}=${JSON.stringify(identifier)}.`);
}

export function serializeInitializer(init: Initializer): KerasObject {
  return builtinObject('keras.initializers', init.className, init.getConfig());
}
