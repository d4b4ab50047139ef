import type { Backend, Tensor } from '../backend/backend.js';
import { getBackend } from '../backend/registry.js';
import { ValueError } from '../common/errors.js';
import { Callback, CallbackList, type Logs } from '../callbacks/callback.js';
import { History } from '../callbacks/history.js';
import { ProgbarLogger } from '../callbacks/progbar-logger.js';
import { TerminateOnNaN } from '../callbacks/terminate-on-nan.js';
import { BatchFeeder, shuffledOrder, type DataStructure, type HostArray } from './data-adapter.js';
import { prepareData, splitValidation, type PreparedData, type SampleWeightData } from './prepare-data.js';
import { requireTrainingState, type TrainableModel, type TrainingState } from './trainer.js';

export type Verbosity = 0 | 1 | 2 | 'auto';

export interface FitOptions {
  /** Rows per step (default 32); the last step takes the remainder. */
  batchSize?: number;
  epochs?: number;
  /** 0 silent, 1 progress bar (one line per epoch when not a terminal), 2 one line per epoch. Default `'auto'` (1). */
  verbose?: Verbosity;
  callbacks?: readonly Callback[];
  /** Fraction of the samples, taken from the end before shuffling, used to validate after each epoch. */
  validationSplit?: number;
  /** `[x, y]` or `[x, y, sampleWeight]`; overrides `validationSplit`. */
  validationData?: readonly [DataStructure, DataStructure] | readonly [DataStructure, DataStructure, SampleWeightData];
  validationBatchSize?: number;
  /** Validate every `validationFreq` epochs (default 1). */
  validationFreq?: number;
  /** Shuffle the training rows before each epoch (default true). */
  shuffle?: boolean;
  initialEpoch?: number;
  sampleWeight?: SampleWeightData | null;
  /** Class index → weight, for single-output models. */
  classWeight?: Readonly<Record<number, number>> | null;
}

export interface EvaluateOptions {
  batchSize?: number;
  verbose?: Verbosity;
  sampleWeight?: SampleWeightData | null;
  callbacks?: readonly Callback[];
  /** Return `{loss, ...metrics}` instead of `[loss, ...metrics]`. */
  returnDict?: boolean;
}

function positiveInt(value: number | undefined, fallback: number, arg: string, model: string, allowZero = false): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < (allowZero ? 0 : 1)) {
    throw new ValueError(`Model "${model}": \`${arg}\` must be a ${allowZero ? 'non-negative' : 'positive'} integer. Received: ${arg}=${String(value)}`);
  }
  return v;
}

function verbosity(v: Verbosity | undefined): number {
  return v === undefined || v === 'auto' ? 1 : v;
}

/** Host arrays of one pass, flattened for a `BatchFeeder`: x, then y, then sample weights. */
function feederFor(data: PreparedData, batchSize: number): { feeder: BatchFeeder; nx: number; ny: number; swIndex: (number | null)[] } {
  const arrays: HostArray[] = [...data.x, ...data.y];
  const swIndex = data.sw.map((s) => (s ? arrays.push(s) - 1 : null));
  return { feeder: new BatchFeeder(arrays, batchSize), nx: data.x.length, ny: data.y.length, swIndex };
}

function runSteps(
  pass: ReturnType<typeof feederFor>,
  step: number,
  order: Int32Array | null,
  ops: Backend,
  fn: (x: Tensor[], y: Tensor[], sw: (Tensor | null)[]) => void,
): void {
  const tensors = pass.feeder.batch(step, order, ops);
  try {
    const x = tensors.slice(0, pass.nx);
    const y = tensors.slice(pass.nx, pass.nx + pass.ny);
    fn(x, y, pass.swIndex.map((i) => (i === null ? null : (tensors[i] as Tensor))));
  } finally {
    ops.dispose(tensors);
  }
}

/** Keras's `model.fit`: checks all data first, then trains epoch by epoch, returning a `History`. */
export async function fitModel(model: TrainableModel, x: DataStructure, y: DataStructure, options: FitOptions = {}): Promise<History> {
  const ops = getBackend();
  const state = requireTrainingState(model, 'fit');
  const batchSize = positiveInt(options.batchSize, 32, 'batchSize', model.name);
  const epochs = positiveInt(options.epochs, 1, 'epochs', model.name);
  const initialEpoch = positiveInt(options.initialEpoch, 0, 'initialEpoch', model.name, true);
  const validationFreq = positiveInt(options.validationFreq, 1, 'validationFreq', model.name);
  const verbose = verbosity(options.verbose);

  let train = prepareData(model, state, x, y, options.sampleWeight, options.classWeight, ops);
  let val: PreparedData | null = null;
  if (options.validationData) {
    const [vx, vy, vsw] = options.validationData;
    val = prepareData(model, state, vx, vy, vsw ?? null, null, ops);
  } else if (options.validationSplit) {
    ({ train, val } = splitValidation(train, options.validationSplit, model.name));
  }
  state.metrics.build(train.y.map((a) => [null, ...a.rowShape]));
  state.optimizer.build(model.trainableWeights);

  const pass = feederFor(train, batchSize);
  const steps = pass.feeder.steps;
  const valPass = val ? feederFor(val, options.validationBatchSize ?? batchSize) : null;
  const history = new History();
  const userCallbacks = options.callbacks ?? [];
  const callbacks = new CallbackList([...userCallbacks, history, ...(verbose ? [new ProgbarLogger()] : [])]);
  for (const c of callbacks.callbacks) {
    c.setModel(model as never);
    c.setParams({ verbose, epochs, steps });
  }
  const watchesNaN = userCallbacks.some((c) => c instanceof TerminateOnNaN);
  let nanReported = false;

  model.stopTraining = false;
  await callbacks.call('onTrainBegin');
  let logs: Logs = {};
  try {
    for (let epoch = initialEpoch; epoch < epochs; epoch++) {
      state.reset(ops);
      await callbacks.call('onEpochBegin', epoch);
      const order = options.shuffle === false ? null : shuffledOrder(train.rows);
      for (let step = 0; step < steps; step++) {
        await callbacks.call('onTrainBatchBegin', step);
        runSteps(pass, step, order, ops, (bx, by, bsw) => state.trainStep(model, bx, by, bsw, ops));
        // Values are read from the device only when a callback needs them now.
        await callbacks.call('onTrainBatchEnd', step, callbacks.wantsBatchLogs(step, true) ? await state.readLogs(ops) : undefined);
        if (model.stopTraining) break;
      }
      logs = await state.readLogs(ops);
      if (valPass && (epoch + 1) % validationFreq === 0) {
        const valLogs = await evaluatePass(model, state, valPass, callbacks, ops);
        for (const [k, v] of Object.entries(valLogs)) logs[`val_${k}`] = v;
      }
      if (!Number.isFinite(logs.loss) && !watchesNaN && !nanReported) {
        nanReported = true;
        console.warn(`Model "${model.name}": the loss is ${logs.loss} at epoch ${epoch + 1}; check the data and the learning rate (add TerminateOnNaN to stop at the first bad batch).`);
      }
      await callbacks.call('onEpochEnd', epoch, logs);
      if (model.stopTraining) break;
    }
    await callbacks.call('onTrainEnd', logs);
  } finally {
    state.reset(ops);
  }
  return history;
}

async function evaluatePass(
  model: TrainableModel,
  state: TrainingState,
  pass: ReturnType<typeof feederFor>,
  callbacks: CallbackList,
  ops: Backend,
): Promise<Logs> {
  state.reset(ops);
  await callbacks.call('onTestBegin');
  for (let step = 0; step < pass.feeder.steps; step++) {
    await callbacks.call('onTestBatchBegin', step);
    runSteps(pass, step, null, ops, (bx, by, bsw) => state.testStep(model, bx, by, bsw, ops));
    await callbacks.call('onTestBatchEnd', step, callbacks.wantsBatchLogs(step, false) ? await state.readLogs(ops) : undefined);
  }
  const logs = await state.readLogs(ops);
  state.reset(ops);
  await callbacks.call('onTestEnd', logs);
  return logs;
}

/** Keras's `model.evaluate`: `[loss, ...metrics]` (just the loss if there is nothing else), or a record with `returnDict`. */
export async function evaluateModel(
  model: TrainableModel,
  x: DataStructure,
  y: DataStructure,
  options: EvaluateOptions = {},
): Promise<number | number[] | Logs> {
  const ops = getBackend();
  const state = requireTrainingState(model, 'evaluate');
  const batchSize = positiveInt(options.batchSize, 32, 'batchSize', model.name);
  const verbose = verbosity(options.verbose);
  const data = prepareData(model, state, x, y, options.sampleWeight, null, ops);
  state.metrics.build(data.y.map((a) => [null, ...a.rowShape]));
  const pass = feederFor(data, batchSize);
  const callbacks = new CallbackList([...(options.callbacks ?? []), ...(verbose ? [new ProgbarLogger()] : [])]);
  const params = { verbose, epochs: 1, steps: pass.feeder.steps };
  for (const c of callbacks.callbacks) {
    c.setModel(model as never);
    c.setParams(params);
  }
  const logs = await evaluatePass(model, state, pass, callbacks, ops);
  if (options.returnDict) return logs;
  const values = ['loss', ...Object.keys(logs).filter((k) => k !== 'loss').sort()].map((k) => logs[k] as number);
  return values.length === 1 ? (values[0] as number) : values;
}
