import { ConfigError } from '../common/errors.js';
import { isPlainRecord } from '../common/nest.js';
import { deserializeLoss } from '../losses/get.js';
import type { MetricIdentifier } from '../metrics/get.js';
import { deserializeOptimizer, getOptimizer } from '../optimizers/get.js';
import { isKerasObject, type KerasObject } from '../saving/keras-object.js';
import type { LossSpec, LossWeightsSpec, MetricsSpec } from './compile-utils.js';
import type { CompileArgs } from './trainer.js';

/**
 * Keras's `compile_from_config`: the arguments of `model.compile` from a file's
 * `compile_config` (losses and optimizer deserialized; metrics by name).
 */
export function compileArgsFromConfig(config: Record<string, unknown>): CompileArgs {
  const loss = (v: unknown): unknown => {
    if (v === null || typeof v === 'string') return v;
    if (isKerasObject(v)) return deserializeLoss(v);
    if (Array.isArray(v)) return v.map(loss);
    if (isPlainRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, loss(x)]));
    throw new ConfigError(`compile_config: cannot read loss ${JSON.stringify(v)}.`);
  };
  const metric = (v: unknown): unknown => {
    if (typeof v === 'string' || v === null) return v;
    if (Array.isArray(v)) return v.map(metric);
    if (isKerasObject(v)) return (v as KerasObject).config.name as MetricIdentifier;
    if (isPlainRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, metric(x)]));
    throw new ConfigError(`compile_config: cannot read metric ${JSON.stringify(v)}.`);
  };
  const opt = config.optimizer;
  const optimizer = typeof opt === 'string' ? getOptimizer(opt) : isKerasObject(opt) ? deserializeOptimizer(opt) : undefined;
  if (config.loss === undefined || config.loss === null) throw new ConfigError('compile_config has no loss.');
  return {
    ...(optimizer ? { optimizer } : {}),
    loss: loss(config.loss) as LossSpec,
    lossWeights: (config.loss_weights ?? null) as LossWeightsSpec | null,
    metrics: (config.metrics == null ? null : metric(config.metrics)) as MetricsSpec | null,
  };
}
