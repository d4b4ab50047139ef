import type { Backend, Tensor } from '../backend/backend.js';
import { ValueError } from '../common/errors.js';
import { isPlainRecord } from '../common/nest.js';
import type { Shape } from '../common/shape.js';
import type { SymbolicTensor } from '../engine/symbolic-tensor.js';
import type { ExecutionPlan } from '../engine/execution-plan.js';
import type { Weight } from '../engine/weight.js';
import { Loss } from '../losses/loss.js';
import { Mean } from '../metrics/mean.js';
import { Metric } from '../metrics/metric.js';
import { getOptimizer, type OptimizerIdentifier } from '../optimizers/get.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import { isKerasObject } from '../saving/keras-object.js';
import { CompiledLoss, CompiledMetrics, type LossSpec, type LossWeightsSpec, type MetricsSpec, type OutputInfo } from './compile-utils.js';

export interface CompileArgs {
  /** Default `'rmsprop'`, as Keras. */
  optimizer?: OptimizerIdentifier;
  loss: LossSpec;
  lossWeights?: LossWeightsSpec | null;
  metrics?: MetricsSpec | null;
}

/** What training needs from a model (kept structural so the trainer does not import `Model`). */
export interface TrainableModel {
  readonly name: string;
  readonly inputs: readonly SymbolicTensor[];
  readonly outputs: readonly SymbolicTensor[];
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly outputStructure: unknown;
  readonly inputStructure: unknown;
  readonly executionPlan: ExecutionPlan;
  readonly trainableWeights: Weight[];
  readonly weights: Weight[];
  stopTraining: boolean;
}

/** A compiled model's training state (Keras keeps it on the model; kfn beside it). */
export class TrainingState {
  readonly lossTracker = new Mean({ name: 'loss' });

  constructor(
    readonly optimizer: Optimizer,
    readonly loss: CompiledLoss,
    readonly metrics: CompiledMetrics,
    readonly outputs: OutputInfo,
    readonly config: Record<string, unknown>,
  ) {}

  /** Loss tracker, per-output loss trackers, then metrics: Keras's `model.metrics` order. */
  get trackers(): Metric[] {
    return [this.lossTracker, ...this.loss.trackers, ...this.metrics.list];
  }

  reset(ops: Backend): void {
    for (const m of this.trackers) m.resetState(ops);
  }

  /** One training step on a batch: forward and loss on the tape, the update, then metrics outside it. */
  trainStep(model: TrainableModel, x: Tensor[], y: Tensor[], sw: (Tensor | null)[], ops: Backend): void {
    const weights = model.trainableWeights;
    const variables = weights.map((w) => w.read());
    const batchSize = x[0]?.shape[0] ?? 0;
    ops.tidy(() => {
      let preds: Tensor[] = [];
      let parts: Tensor[] = [];
      const { value, grads } = ops.valueAndGrads(() => {
        const outs = model.executionPlan.run(x, ops, true);
        const r = this.loss.compute(y, outs, sw, ops);
        // Kept past the tape's scope, for the metrics below.
        preds = outs.map((t) => ops.keep(t));
        parts = r.parts.map((t) => ops.keep(t));
        return r.total;
      }, variables);
      this.optimizer.applyGradients(grads, weights);
      this.track(value, parts, y, preds, batchSize, ops);
      ops.dispose(preds);
      ops.dispose(parts);
    });
  }

  /** One evaluation step: forward in inference mode, losses and metrics. */
  testStep(model: TrainableModel, x: Tensor[], y: Tensor[], sw: (Tensor | null)[], ops: Backend): void {
    const batchSize = x[0]?.shape[0] ?? 0;
    ops.tidy(() => {
      const outs = model.executionPlan.run(x, ops, false);
      const { total, parts } = this.loss.compute(y, outs, sw, ops);
      this.track(total, parts, y, outs, batchSize, ops);
    });
  }

  private track(total: Tensor, parts: Tensor[], y: Tensor[], preds: Tensor[], batchSize: number, ops: Backend): void {
    this.lossTracker.updateValue(total, batchSize, ops);
    this.loss.entries.forEach((e, i) => e.tracker?.updateValue(parts[i] as Tensor, batchSize, ops));
    this.metrics.update(y, preds, ops);
  }

  /**
   * Every tracker's value, read from the device in one transfer, keyed as Keras's logs
   * (sorted; a later tracker with the same name wins, as Keras's dict update does).
   */
  async readLogs(ops: Backend): Promise<Record<string, number>> {
    const trackers = this.trackers;
    const stacked = ops.tidy(() => ops.stack(trackers.map((m) => m.result(ops)), 0));
    const values = await ops.read(stacked);
    ops.dispose(stacked);
    const logs: Record<string, number> = {};
    trackers.forEach((m, i) => (logs[m.name] = values[i] as number));
    const sorted: Record<string, number> = {};
    for (const k of Object.keys(logs).sort()) sorted[k] = logs[k] as number;
    return sorted;
  }
}

const states = new WeakMap<object, TrainingState>();

/** The output names compile and fit use: a record output's keys, else the output layers' names. */
export function outputInfo(model: TrainableModel): OutputInfo {
  const names = isPlainRecord(model.outputStructure) ? Object.keys(model.outputStructure).sort() : [...model.outputNames];
  return { model: model.name, names, shapes: model.outputs.map((t) => t.shape as Shape) };
}

/** Keras's `model.compile(...)`. */
export function compileModel(model: TrainableModel, args: CompileArgs): void {
  if (!args || args.loss === undefined || args.loss === null) {
    throw new ValueError(`compile() of model "${model.name}" needs a \`loss\` (e.g. 'mse' or new SparseCategoricalCrossentropy({ fromLogits: true })).`);
  }
  const out = outputInfo(model);
  const optimizer = getOptimizer(args.optimizer ?? 'rmsprop');
  const loss = new CompiledLoss(args.loss, args.lossWeights ?? null, out);
  const metrics = new CompiledMetrics(args.metrics ?? null, out);
  const previous = states.get(model);
  if (previous && previous.optimizer !== optimizer) previous.optimizer.dispose();
  states.set(model, new TrainingState(optimizer, loss, metrics, out, compileConfig(args, optimizer)));
}

export function getTrainingState(model: object): TrainingState | null {
  return states.get(model) ?? null;
}

export function requireTrainingState(model: TrainableModel, method: string): TrainingState {
  const state = states.get(model);
  if (!state) {
    throw new ValueError(`You must call compile() before ${method}() on model "${model.name}": model.compile({ optimizer, loss, metrics }).`);
  }
  return state;
}

/** Keras's `compile_config`: the arguments as given, objects serialized. */
function compileConfig(args: CompileArgs, optimizer: Optimizer): Record<string, unknown> {
  const ser = (v: unknown): unknown => {
    if (v instanceof Loss || v instanceof Metric) return v.serialize();
    if (Array.isArray(v)) return v.map(ser);
    if (isPlainRecord(v) && !isKerasObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, ser(x)]));
    return v ?? null;
  };
  return {
    optimizer: optimizer.serialize(),
    loss: ser(args.loss),
    loss_weights: ser(args.lossWeights),
    metrics: ser(args.metrics),
    weighted_metrics: null,
    run_eagerly: false,
    steps_per_execution: 1,
    jit_compile: false,
  };
}
