import {
  Adam,
  compileArgsFromConfig,
  ConfigError,
  getLoss,
  RMSprop,
  SGD,
  toSnakeCase,
  type Model,
  type Optimizer,
  type Weight,
} from '@kfn/graph';
import { ModelFileError, type FileLocation } from '../errors.js';
import type { RawVariable } from '../h5/weights-file.js';
import type { DecodedWeight } from '../tfjs/weights-manifest.js';

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** One kind of per-variable state: tfjs's name suffix, kfn's slot (null: kfn keeps none), and `kfn = tfjs · scale`. */
interface TfjsSlot {
  suffix: string;
  kfn: string | null;
  scale: number;
}

/** How a kfn optimizer is written in tfjs: tfjs's class and camelCase config, and its slots in tfjs's order. */
interface TfjsOptimizerLayout {
  className: string;
  config: Record<string, unknown>;
  slots: TfjsSlot[];
}

/**
 * The tfjs form of a kfn optimizer, or why there is none. tfjs keeps, after `iter`, one
 * block per slot kind (all variables' `rms`, then all `momentum`…), which is kfn's order
 * for RMSprop. tfjs's RMSProp always keeps `momentum`, which with momentum 0 kfn does not
 * need. tfjs's `Momentum` accumulates gradients (`a = μa + g; v −= lr·a`) where Keras
 * accumulates steps (`m = μm − lr·g`), so `m = −lr·a`.
 */
function tfjsLayout(opt: Optimizer): TfjsOptimizerLayout | string {
  const unsupported = (
    [['weight_decay', opt.weightDecay], ['clipnorm', opt.clipnorm], ['clipvalue', opt.clipvalue], ['global_clipnorm', opt.globalClipnorm]] as const
  ).filter(([, v]) => v !== null && v !== 0);
  if (unsupported.length > 0) return `tfjs optimizers have no ${unsupported.map(([k]) => k).join(', ')}`;
  const learningRate = opt.learningRate;
  if (opt instanceof RMSprop) {
    const slots: TfjsSlot[] = [
      { suffix: 'rms', kfn: 'velocity', scale: 1 },
      { suffix: 'momentum', kfn: opt.momentum > 0 ? 'momentum' : null, scale: 1 },
    ];
    if (opt.centered) slots.push({ suffix: 'mg', kfn: 'average_gradient', scale: 1 });
    const config = { learningRate, decay: opt.rho, momentum: opt.momentum, epsilon: opt.epsilon, centered: opt.centered };
    return { className: 'RMSProp', config, slots };
  }
  if (opt instanceof Adam && opt.className === 'Adam') {
    if (opt.amsgrad) return 'tfjs\'s Adam has no amsgrad';
    const config = { learningRate, beta1: opt.beta1, beta2: opt.beta2, epsilon: opt.epsilon };
    return { className: 'Adam', config, slots: [{ suffix: 'm', kfn: 'momentum', scale: 1 }, { suffix: 'v', kfn: 'velocity', scale: 1 }] };
  }
  if (opt instanceof SGD) {
    if (opt.momentum === 0) return { className: 'SGD', config: { learningRate }, slots: [] };
    const config = { learningRate, momentum: opt.momentum, useNesterov: opt.nesterov };
    return { className: 'Momentum', config, slots: [{ suffix: 'momentum', kfn: 'momentum', scale: -learningRate }] };
  }
  return `tfjs has no counterpart of kfn's ${opt.className}`;
}

/**
 * A kfn optimizer from tfjs's `optimizer_config` (`RMSProp` with camelCase keys and `decay`
 * for rho), or from the Keras 2 `training_config` the Python converter writes (snake_case).
 */
export function optimizerFromTfjs(optimizerConfig: unknown): Optimizer {
  if (!isRecord(optimizerConfig) || typeof optimizerConfig.class_name !== 'string') {
    throw new ConfigError(`trainingConfig.optimizer_config: expected {class_name, config}. Received: ${JSON.stringify(optimizerConfig)}`);
  }
  const className = optimizerConfig.class_name;
  const c = isRecord(optimizerConfig.config) ? optimizerConfig.config : {};
  const pick = (...keys: string[]): number | undefined => {
    for (const k of keys) if (typeof c[k] === 'number') return c[k];
    return undefined;
  };
  const learningRate = pick('learningRate', 'learning_rate', 'lr');
  switch (className.toLowerCase()) {
    case 'rmsprop': {
      // tfjs's RMSProp calls rho `decay`; Keras 2's `decay` is a learning-rate decay.
      const rho = pick('rho') ?? (className === 'RMSProp' ? pick('decay') : undefined);
      if (className !== 'RMSProp' && (pick('decay') ?? 0) !== 0) {
        throw new ConfigError(`optimizer "${className}": learning-rate decay (decay=${c.decay}) is not supported.`);
      }
      return new RMSprop({ learningRate, rho, momentum: pick('momentum'), epsilon: pick('epsilon'), centered: c.centered === true });
    }
    case 'adam':
      return new Adam({ learningRate, beta1: pick('beta1', 'beta_1'), beta2: pick('beta2', 'beta_2'), epsilon: pick('epsilon'), amsgrad: c.amsgrad === true });
    case 'sgd':
      return new SGD({ learningRate, momentum: pick('momentum'), nesterov: c.nesterov === true });
    case 'momentum':
      return new SGD({ learningRate, momentum: pick('momentum'), nesterov: c.useNesterov === true || c.use_nesterov === true });
    default:
      throw new ConfigError(`the tfjs optimizer "${className}" has no kfn counterpart (kfn reads SGD, Momentum, RMSProp and Adam).`);
  }
}

/** tfjs's loss and metric names are camelCase (`sparseCategoricalCrossentropy`); Keras's are snake_case. */
function snakeNames(v: unknown): unknown {
  if (typeof v === 'string') return toSnakeCase(v);
  if (Array.isArray(v)) return v.map(snakeNames);
  if (isRecord(v) && !('class_name' in v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, snakeNames(x)]));
  return v;
}

/**
 * Compiles `model` from tfjs's `trainingConfig` (or a converter's Keras 2 `training_config`)
 * and restores tfjs's optimizer weights (`iter`, then each slot block), by position as tfjs does.
 */
export function restoreTfjsTraining(
  model: Model,
  trainingConfig: Record<string, unknown>,
  optimizerWeights: readonly { name: string; value: RawVariable }[],
  where: FileLocation,
): void {
  const optimizer = optimizerFromTfjs(trainingConfig.optimizer_config);
  const args = compileArgsFromConfig({
    loss: snakeNames(trainingConfig.loss),
    loss_weights: trainingConfig.loss_weights ?? null,
    metrics: snakeNames(trainingConfig.metrics ?? null),
  });
  model.compile({ ...args, optimizer });
  const trainable = model.trainableWeights;
  optimizer.build(trainable);
  if (optimizerWeights.length === 0) return;
  const layout = tfjsLayout(optimizer);
  if (typeof layout === 'string') throw new ConfigError(layout);
  const n = trainable.length;
  const expected = 1 + layout.slots.length * n;
  if (optimizerWeights.length !== expected) {
    console.warn(
      `kfn: skipping the optimizer weights of "${where.file ?? 'model.json'}": ${layout.className} over ${n} variables keeps ${expected} (iter + ${layout.slots.map((s) => s.suffix).join(', ')} per variable) but the manifest has ${optimizerWeights.length}. Training continues with a fresh optimizer state.`,
    );
    return;
  }
  // Check every shape before assigning anything.
  const assignments: [Weight, Float32Array][] = [];
  layout.slots.forEach((slot, g) => {
    trainable.forEach((v, i) => {
      const saved = optimizerWeights[1 + g * n + i]!;
      const same = saved.value.shape.length === v.shape.length && saved.value.shape.every((d, k) => d === v.shape[k]);
      if (!same) {
        throw new ModelFileError(
          { ...where, member: saved.name },
          `optimizer weight "${saved.name}" (restored by position, as tfjs does) has shape [${saved.value.shape.join(', ')}] but the variable it belongs to, "${v.path}", has shape [${v.shape.join(', ')}].`,
        );
      }
      if (slot.kfn === null) return;
      const target = optimizer.slotsOf(v).find((w) => w.name.endsWith(`_${slot.kfn}`));
      if (target) assignments.push([target, Float32Array.from(saved.value.data, (x) => x * slot.scale)]);
    });
  });
  optimizer.iterations.assign(Int32Array.from(optimizerWeights[0]!.value.data));
  for (const [w, data] of assignments) w.assign(data);
}

const TFJS_LOSSES: Record<string, string> = {
  MeanSquaredError: 'mean_squared_error',
  MeanAbsoluteError: 'mean_absolute_error',
  BinaryCrossentropy: 'binary_crossentropy',
  CategoricalCrossentropy: 'categorical_crossentropy',
  SparseCategoricalCrossentropy: 'sparse_categorical_crossentropy',
};

/** tfjs's name for one compiled loss, or throws why it has none (tfjs serializes loss names only). */
function tfjsLoss(loss: unknown): string {
  const obj = typeof loss === 'string' ? getLoss(loss).serialize() : loss;
  if (!isRecord(obj) || typeof obj.class_name !== 'string') throw new Error(`the loss ${JSON.stringify(loss)} has no tfjs name`);
  const name = TFJS_LOSSES[obj.class_name];
  if (name === undefined) throw new Error(`tfjs has no ${obj.class_name} loss`);
  const c = isRecord(obj.config) ? obj.config : {};
  const differs: string[] = [];
  if (c.from_logits === true) differs.push('fromLogits: true');
  if (typeof c.label_smoothing === 'number' && c.label_smoothing !== 0) differs.push(`labelSmoothing: ${c.label_smoothing}`);
  if (c.ignore_class != null) differs.push(`ignoreClass: ${String(c.ignore_class)}`);
  if (c.reduction !== undefined && c.reduction !== 'sum_over_batch_size') differs.push(`reduction: ${String(c.reduction)}`);
  if (c.axis !== undefined && c.axis !== -1) differs.push(`axis: ${String(c.axis)}`);
  if (differs.length > 0) throw new Error(`tfjs's loss names cannot say ${obj.class_name}({ ${differs.join(', ')} })`);
  return name;
}

function mapLosses(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(mapLosses);
  if (isRecord(v) && !('class_name' in v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapLosses(x)]));
  return tfjsLoss(v);
}

/** tfjs's `trainingConfig` and optimizer weights for a compiled model, as `model.save({includeOptimizer})` writes them. */
export interface TfjsTrainingState {
  trainingConfig: Record<string, unknown>;
  weights: DecodedWeight[];
}

/**
 * What a layers-model of a compiled `model` holds for training, or null (with a warning
 * saying why) when tfjs cannot express it: tfjs loads that file uncompiled.
 * `names` gives tfjs's `layer/weight` name of each trainable variable.
 */
export async function tfjsTrainingState(model: Model, names: ReadonlyMap<Weight, string>): Promise<TfjsTrainingState | null> {
  const opt = model.optimizer;
  const config = model.compileConfig;
  if (opt === null || config === null) return null;
  const problems: string[] = [];
  const layout = tfjsLayout(opt);
  if (typeof layout === 'string') problems.push(layout);
  let loss: unknown = null;
  try {
    loss = mapLosses(config.loss);
  } catch (e) {
    problems.push((e as Error).message);
  }
  if (config.loss_weights != null) problems.push('tfjs cannot load loss weights');
  if (problems.length > 0 || typeof layout === 'string') {
    console.warn(
      `kfn: model "${model.name}" is saved as a tfjs layers-model without its training configuration (${problems.join('; ')}). ` +
        'tfjs loads it uncompiled: call model.compile() there before training.',
    );
    return null;
  }
  const metrics = config.metrics;
  const simpleMetrics = metrics == null || (Array.isArray(metrics) && metrics.every((m) => typeof m === 'string'));
  if (!simpleMetrics) console.warn(`kfn: model "${model.name}": tfjs reads a list of metric names only; the metrics ${JSON.stringify(metrics)} are not written.`);
  const trainingConfig: Record<string, unknown> = {
    loss,
    metrics: simpleMetrics ? (metrics ?? null) : null,
    optimizer_config: { class_name: layout.className, config: layout.config },
  };
  const weights: DecodedWeight[] = [
    { name: 'iter', shape: [], group: 'optimizer', data: Int32Array.from(await opt.iterations.data()) },
  ];
  if (opt.built) {
    for (const slot of layout.slots) {
      for (const v of model.trainableWeights) {
        const source = slot.kfn === null ? undefined : opt.slotsOf(v).find((w) => w.name.endsWith(`_${slot.kfn}`));
        const data = source ? Float32Array.from(await source.data(), (x) => (slot.scale === 0 ? 0 : x / slot.scale)) : new Float32Array(v.size);
        weights.push({ name: `${names.get(v) ?? v.path}/${slot.suffix}`, shape: [...v.shape], group: 'optimizer', data });
      }
    }
  }
  return { trainingConfig, weights };
}
