import type { Backend } from '../backend/backend.js';
import { ValueError } from '../common/errors.js';
import { isPlainRecord } from '../common/nest.js';
import { formatShape } from '../common/shape.js';
import type { InputData } from '../engine/predict.js';
import { isSparseLoss } from '../losses/get.js';
import { isTensor, isTypedArray, sliceRows, splitStructure, toHost, type DataStructure, type HostArray } from './data-adapter.js';
import type { TrainableModel, TrainingState } from './trainer.js';

/** Sample weights: one array for every output, or one per output (array in output order, or record). */
export type SampleWeightData = InputData | readonly InputData[] | { readonly [output: string]: InputData };

/** Everything one pass over the data needs, on the host, checked. */
export interface PreparedData {
  readonly x: HostArray[];
  readonly y: HostArray[];
  /** Per output (`null`: unweighted). */
  readonly sw: (HostArray | null)[];
  readonly rows: number;
}

/**
 * Standardizes `x`, `y` and weights for `model` and checks them before any step runs: names,
 * counts, shapes against the model's inputs and outputs, row counts, sparse labels in range.
 */
export function prepareData(
  model: TrainableModel,
  state: TrainingState,
  x: DataStructure,
  y: DataStructure,
  sampleWeight: SampleWeightData | null | undefined,
  classWeight: Readonly<Record<number, number>> | null | undefined,
  ops: Backend,
): PreparedData {
  const m = model.name;
  const inputShapes = model.inputs.map((t) => t.shape);
  const xs = splitStructure(x, { what: 'input', model: m, names: model.inputNames, shapes: inputShapes, dtypes: model.inputs.map((t) => t.dtype) })
    .map((v, i) => {
      const where = `Input "${model.inputNames[i]}" of model "${m}"`;
      const input = model.inputs[i]!;
      const a = toHost(v, input.dtype, input.shape.slice(1), where, ops);
      const shape = [a.rows, ...a.rowShape];
      if (shape.length !== input.shape.length || input.shape.some((d, k) => k > 0 && d !== null && d !== shape[k])) {
        throw new ValueError(`${where} expected shape ${formatShape(input.shape)}; received data of shape ${formatShape(shape)}.`);
      }
      return a;
    });

  const out = state.outputs;
  const aliases = out.names.map((n, i) => (model.outputNames[i] !== n ? model.outputNames[i] : undefined));
  const ys = splitStructure(y, { what: 'target', model: m, names: out.names, aliases, shapes: out.shapes, dtypes: out.names.map(() => 'float32') })
    .map((v, i) => {
      const where = `Target "${out.names[i]}" of model "${m}"`;
      const entry = state.loss.entries.find((e) => e.index === i);
      const predShape = out.shapes[i]!;
      const sparse = entry !== undefined && isSparseLoss(entry.loss);
      const hint = sparse ? predShape.slice(1, -1) : predShape.slice(1);
      const a = toHost(v, 'float32', hint, where, ops);
      if (entry) checkTarget(a, predShape, sparse, entry.loss.name, where);
      return a;
    });

  let sw: (HostArray | null)[] = out.names.map(() => null);
  if (sampleWeight != null && classWeight != null) {
    throw new ValueError(`Model "${m}": fit() takes \`sampleWeight\` or \`classWeight\`, not both.`);
  }
  if (sampleWeight != null) {
    const single = isTypedArray(sampleWeight) || isTensor(sampleWeight) || (Array.isArray(sampleWeight) && typeof sampleWeight[0] === 'number');
    const list = single
      ? out.names.map(() => sampleWeight as InputData)
      : splitStructure(sampleWeight as DataStructure, {
          what: 'sample weights', model: m, names: out.names, aliases, shapes: out.names.map(() => [null]), dtypes: out.names.map(() => 'float32'),
        });
    sw = list.map((v, i) => toHost(v, 'float32', [], `Sample weights of output "${out.names[i]}" of model "${m}"`, ops));
  } else if (classWeight != null) {
    if (out.names.length !== 1) {
      throw new ValueError(`Model "${m}": \`classWeight\` is only supported for models with one output; this one has ${out.names.length} (${out.names.join(', ')}).`);
    }
    sw = [classWeights(ys[0]!, classWeight)];
  }

  const rows = xs[0]?.rows ?? 0;
  const all = [...xs, ...ys, ...sw.filter((s): s is HostArray => s !== null)];
  if (all.some((a) => a.rows !== rows)) {
    throw new ValueError(
      `Data cardinality is ambiguous for model "${m}": make sure all arrays contain the same number of samples. ` +
        `'x' sizes: ${xs.map((a) => a.rows).join(', ')}; 'y' sizes: ${ys.map((a) => a.rows).join(', ')}` +
        (sw.some((s) => s) ? `; 'sample_weight' sizes: ${sw.map((s) => s?.rows ?? '-').join(', ')}` : '') + '.',
    );
  }
  if (rows === 0) throw new ValueError(`Model "${m}" received no samples (0 rows).`);
  return { x: xs, y: ys, sw, rows };
}

function checkTarget(a: HostArray, predShape: readonly (number | null)[], sparse: boolean, lossName: string, where: string): void {
  const rowShape = a.rowShape;
  const expected = predShape.slice(1);
  if (sparse) {
    const lead = expected.slice(0, -1);
    const ok =
      (rowShape.length === lead.length || (rowShape.length === lead.length + 1 && rowShape.at(-1) === 1)) &&
      lead.every((d, k) => d === null || d === rowShape[k]);
    if (!ok) {
      throw new ValueError(
        `${where} holds integer class labels for loss "${lossName}": expected shape ${formatShape([null, ...lead])} or ${formatShape([null, ...lead, 1])}; received ${formatShape([a.rows, ...rowShape])}.`,
      );
    }
    const classes = expected.at(-1);
    if (typeof classes === 'number') {
      for (let i = 0; i < a.data.length; i++) {
        const v = a.data[i] as number;
        if (!(Number.isInteger(v) && v >= 0 && v < classes)) {
          throw new ValueError(`${where}: label ${v} at position ${i} is out of range for loss "${lossName}"; expected integers in [0, ${classes - 1}] (the output has ${classes} classes).`);
        }
      }
    }
    return;
  }
  const ok = rowShape.length === expected.length && expected.every((d, k) => d === null || d === rowShape[k]);
  if (!ok) {
    throw new ValueError(
      `${where} expected shape ${formatShape([null, ...expected])} for loss "${lossName}" (the output's shape); received ${formatShape([a.rows, ...rowShape])}.`,
    );
  }
}

/** Keras's `class_weight_to_sample_weights`: class per row (arg-max, or the rounded label), then its weight. */
function classWeights(y: HostArray, classWeight: Readonly<Record<number, number>>): HostArray {
  const out = new Float32Array(y.rows);
  const width = y.rowSize;
  for (let r = 0; r < y.rows; r++) {
    let cls: number;
    if (width > 1) {
      let best = 0;
      for (let k = 1; k < width; k++) if ((y.data[r * width + k] as number) > (y.data[r * width + best] as number)) best = k;
      cls = best;
    } else {
      cls = Math.round(y.data[r] as number);
    }
    out[r] = classWeight[cls] ?? 1;
  }
  return { data: out, rowShape: [], rowSize: 1, rows: y.rows, dtype: 'float32' };
}

/** Keras's `train_validation_split`: the last `split` fraction, before any shuffling. */
export function splitValidation(data: PreparedData, split: number, model: string): { train: PreparedData; val: PreparedData } {
  if (!(split > 0 && split < 1)) {
    throw new ValueError(`Model "${model}": \`validationSplit\` must be between 0 and 1. Received: validationSplit=${split}`);
  }
  const at = Math.floor(data.rows * (1 - split));
  if (at === 0 || at === data.rows) {
    throw new ValueError(
      `Training data of model "${model}" contains ${data.rows} samples, which is not sufficient to split it into a validation and training set as specified by \`validationSplit=${split}\`. Either provide more data, or a different value for \`validationSplit\`.`,
    );
  }
  const part = (s: number, e: number): PreparedData => ({
    x: data.x.map((a) => sliceRows(a, s, e)),
    y: data.y.map((a) => sliceRows(a, s, e)),
    sw: data.sw.map((a) => (a ? sliceRows(a, s, e) : null)),
    rows: e - s,
  });
  return { train: part(0, at), val: part(at, data.rows) };
}
