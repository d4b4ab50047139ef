// compile / fit / evaluate on cpu: the guide's sections 2 and 6 on small data, Keras's keys and
// orders, validation split, weights, callbacks, leaks, and errors before any step.
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cpu } from '@kfn/backend-cpu';
import { wasm } from '@kfn/backend-wasm';
import {
  BinaryCrossentropy, CategoricalCrossentropy, clearSession, concatenate, CSVLogger, Dense, EarlyStopping, Embedding, getBackend,
  Input, LambdaCallback, LearningRateScheduler, LSTM, Model, ReduceLROnPlateau, RMSprop, SGD, SparseCategoricalCrossentropy,
  TerminateOnNaN, useBackend, ValueError,
} from '@kfn/graph';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { rng } from '@kfn/graph/testing';

beforeAll(async () => {
  await useBackend(cpu);
});
beforeEach(() => clearSession());

const randomArray = (n: number, r: () => number) => Float32Array.from({ length: n }, r);
const labels = (n: number, classes: number, r: () => number) => Float32Array.from({ length: n }, () => Math.floor(r() * classes));

function mnistModel(): Model {
  const inputs = Input({ shape: [784] });
  let h = new Dense({ units: 64, activation: 'relu' }).apply(inputs);
  h = new Dense({ units: 64, activation: 'relu' }).apply(h);
  return new Model({ inputs, outputs: new Dense({ units: 10 }).apply(h), name: 'mnist_model' });
}

function ticketModel(): Model {
  const title = Input({ shape: [null], dtype: 'int32', name: 'title' });
  const body = Input({ shape: [null], dtype: 'int32', name: 'body' });
  const tags = Input({ shape: [12], name: 'tags' });
  const t = new LSTM({ units: 8 }).apply(new Embedding({ inputDim: 50, outputDim: 8 }).apply(title));
  const b = new LSTM({ units: 4 }).apply(new Embedding({ inputDim: 50, outputDim: 8 }).apply(body));
  const x = concatenate([t, b, tags]);
  const priority = new Dense({ units: 1, name: 'priority' }).apply(x);
  const department = new Dense({ units: 4, name: 'department' }).apply(x);
  return new Model({ inputs: [title, body, tags], outputs: { priority, department } });
}

function ticketData(n: number, r: () => number) {
  const ints = (len: number) => Array.from({ length: n }, () => Array.from({ length: len }, () => Math.floor(r() * 50)));
  const dept = new Float32Array(n * 4);
  for (let i = 0; i < n; i++) dept[i * 4 + Math.floor(r() * 4)] = 1;
  return {
    x: { title: ints(6), body: ints(10), tags: Float32Array.from({ length: n * 12 }, () => (r() < 0.3 ? 1 : 0)) },
    y: { priority: randomArray(n, r), department: dept },
  };
}

describe('the guide, section 2 (MNIST MLP)', () => {
  it('fits with validationSplit and evaluates, with Keras keys, params and shapes of results', async () => {
    const r = rng(1);
    const model = mnistModel();
    model.compile({ loss: new SparseCategoricalCrossentropy({ fromLogits: true }), optimizer: new RMSprop(), metrics: ['accuracy'] });
    const x = randomArray(200 * 784, r);
    const y = labels(200, 10, r);
    const history = await model.fit(x, y, { batchSize: 64, epochs: 2, validationSplit: 0.2, verbose: 0 });
    expect(Object.keys(history.history)).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
    expect(history.epoch).toEqual([0, 1]);
    expect(history.params).toEqual({ verbose: 0, epochs: 2, steps: 3 });
    for (const v of Object.values(history.history)) {
      expect(v).toHaveLength(2);
      for (const n of v) expect(Number.isFinite(n)).toBe(true);
    }
    const scores = await model.evaluate(randomArray(50 * 784, r), labels(50, 10, r), { verbose: 0 });
    expect(scores).toHaveLength(2);
    const dict = await model.evaluate(x, y, { verbose: 0, returnDict: true });
    expect(Object.keys(dict)).toEqual(['accuracy', 'loss']);
  });

  it('validationSplit validates on the last fraction, taken before shuffling', async () => {
    const r = rng(2);
    const x = randomArray(40 * 784, r);
    const y = labels(40, 10, r);
    const a = mnistModel();
    const b = mnistModel();
    b.weights.forEach((w, i) => w.assign(a.weights[i]!.dataSync()));
    for (const m of [a, b]) m.compile({ optimizer: new SGD({ learningRate: 0.01 }), loss: new SparseCategoricalCrossentropy({ fromLogits: true }) });
    const ha = await a.fit(x, y, { batchSize: 8, epochs: 1, validationSplit: 0.25, verbose: 0 });
    const hb = await b.fit(x.subarray(0, 30 * 784), y.subarray(0, 30), {
      batchSize: 8, epochs: 1, shuffle: false, verbose: 0, validationData: [x.subarray(30 * 784), y.subarray(30)],
    });
    // Shuffling changes the training order, not which rows validate: compare the untrained val loss.
    const c = mnistModel();
    c.weights.forEach((w, i) => w.assign(b.weights[i]!.dataSync()));
    expect(ha.history.val_loss).toHaveLength(1);
    expect(hb.history.val_loss![0]).toBeCloseTo((await c.compile({ loss: new SparseCategoricalCrossentropy({ fromLogits: true }) }), await c.evaluate(x.subarray(30 * 784), y.subarray(30), { verbose: 0 })) as number, 5);
  });

  it('classWeight gives the same step as the equivalent sampleWeight', async () => {
    const r = rng(3);
    const x = randomArray(16 * 784, r);
    const y = labels(16, 10, r);
    const run = async (opts: object) => {
      clearSession();
      const m = mnistModel();
      const init = rng(9);
      m.weights.forEach((w) => w.assign(Float32Array.from({ length: w.size }, () => init() * 0.1 - 0.05)));
      m.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: new SparseCategoricalCrossentropy({ fromLogits: true }) });
      return (await m.fit(x, y, { batchSize: 16, epochs: 2, shuffle: false, verbose: 0, ...opts })).history.loss!;
    };
    const sw = Float32Array.from(y, (c) => (c < 5 ? 2 : 0.5));
    const byClass = await run({ classWeight: { 0: 2, 1: 2, 2: 2, 3: 2, 4: 2, 5: 0.5, 6: 0.5, 7: 0.5, 8: 0.5, 9: 0.5 } });
    const bySample = await run({ sampleWeight: sw });
    const plain = await run({});
    byClass.forEach((v, i) => expect(v).toBeCloseTo(bySample[i]!, 6));
    expect(byClass[0]).not.toBeCloseTo(plain[0]!, 3);
  });
});

describe('the guide, section 6 (multi-input, multi-output ticket model)', () => {
  it('trains from records with losses and loss weights by output name', async () => {
    const r = rng(4);
    const model = ticketModel();
    model.compile({
      optimizer: new RMSprop({ learningRate: 1e-3 }),
      loss: { priority: new BinaryCrossentropy({ fromLogits: true }), department: new CategoricalCrossentropy({ fromLogits: true }) },
      lossWeights: { priority: 1.0, department: 0.2 },
      metrics: { priority: ['mae'], department: ['accuracy'] },
    });
    const { x, y } = ticketData(20, r);
    const h = await model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0 });
    expect(Object.keys(h.history)).toEqual(['department_accuracy', 'department_loss', 'loss', 'priority_loss', 'priority_mae']);
    // Evaluated on one batch, total = Σ wᵢ·lossᵢ exactly.
    const logs = (await model.evaluate(x, y, { batchSize: 20, verbose: 0, returnDict: true })) as Record<string, number>;
    expect(logs.loss).toBeCloseTo(logs.priority_loss! + 0.2 * logs.department_loss!, 5);
  });

  it('matches a loss array to record outputs in sorted-name order (the guide trap)', async () => {
    const r = rng(5);
    const model = ticketModel();
    model.compile({
      optimizer: new RMSprop({ learningRate: 1e-3 }),
      loss: [new BinaryCrossentropy({ fromLogits: true }), new CategoricalCrossentropy({ fromLogits: true })],
      lossWeights: [1.0, 0.2],
    });
    const { x, y } = ticketData(8, r);
    const h = await model.fit([x.title, x.body, x.tags], y, { epochs: 1, batchSize: 8, verbose: 0 });
    // Sorted outputs are (department, priority): CCE lands on the 1-unit priority output, which is always 0.
    expect(h.history.priority_loss).toEqual([0]);
    expect(h.history.department_loss![0]).toBeGreaterThan(0);
  });
});

describe.each([['cpu', cpu], ['wasm', wasm]] as const)('on %s', (_name, provider) => {
  beforeAll(async () => {
    await useBackend(provider);
  });
  afterAll(async () => {
    await useBackend(cpu);
  });

  it('frees every tensor of fit and evaluate (after the first fit made the optimizer state)', async () => {
    const r = rng(6);
    const model = mnistModel();
    model.compile({ loss: new SparseCategoricalCrossentropy({ fromLogits: true }), optimizer: 'adam', metrics: ['accuracy'] });
    const x = randomArray(100 * 784, r);
    const y = labels(100, 10, r);
    await model.fit(x, y, { batchSize: 32, epochs: 1, verbose: 0 });
    const ops = getBackend();
    const before = ops.numTensors();
    await model.fit(x, y, { batchSize: 32, epochs: 3, validationSplit: 0.2, verbose: 0 });
    expect(ops.numTensors()).toBe(before);
    await model.evaluate(x, y, { verbose: 0 });
    expect(ops.numTensors()).toBe(before);
  });

  it('trains the guide MLP (RMSprop, sparse CE from logits): the loss goes down on a learnable task', async () => {
    const r = rng(10);
    const model = mnistModel();
    model.compile({ loss: new SparseCategoricalCrossentropy({ fromLogits: true }), optimizer: new RMSprop(), metrics: ['accuracy'] });
    // Class = which of 10 blocks of the image is brightest.
    const n = 256;
    const x = randomArray(n * 784, r);
    const y = labels(n, 10, r);
    for (let i = 0; i < n; i++) for (let k = 0; k < 78; k++) x[i * 784 + (y[i] as number) * 78 + k]! += 1;
    const h = await model.fit(x, y, { batchSize: 64, epochs: 4, validationSplit: 0.2, verbose: 0 });
    expect(h.history.loss![3]!).toBeLessThan(h.history.loss![0]!);
    expect(h.history.val_accuracy![3]!).toBeGreaterThan(0.5);
  });
});

describe('bad input fails before any step', () => {
  const setup = () => {
    const model = ticketModel();
    model.compile({ optimizer: new SGD(), loss: { priority: 'binary_crossentropy', department: 'categorical_crossentropy' } });
    return { model, ...ticketData(4, rng(7)) };
  };
  const expectNoStep = async (model: Model, run: () => Promise<unknown>, message: RegExp) => {
    const before = model.weights.map((w) => w.dataSync().slice());
    const tensors = getBackend().numTensors();
    await expect(run()).rejects.toThrow(ValueError);
    await expect(run()).rejects.toThrow(message);
    model.weights.forEach((w, i) => expect(w.dataSync()).toEqual(before[i]));
    expect(getBackend().numTensors()).toBe(tensors);
  };

  it('x and y of different lengths', async () => {
    const { model, x, y } = setup();
    await expectNoStep(model, () => model.fit(x, { ...y, priority: y.priority.subarray(0, 3) }, { verbose: 0 }), /cardinality.*'x' sizes: 4, 4, 4; 'y' sizes: 4, 3/);
  });
  it('unknown and missing names', async () => {
    const { model, x, y } = setup();
    await expectNoStep(model, () => model.fit({ ...x, tilte: x.title }, y, { verbose: 0 }), /unknown input name\(s\) "tilte"/);
    const { title: _t, ...noTitle } = x;
    await expectNoStep(model, () => model.fit(noTitle, y, { verbose: 0 }), /missing input for "title"/);
    await expectNoStep(model, () => model.fit(x, { priority: y.priority }, { verbose: 0 }), /missing target for "department"/);
  });
  it('a wrong last dimension', async () => {
    const { model, x, y } = setup();
    await expectNoStep(model, () => model.fit(x, { ...y, department: [[0, 0, 1], [0, 1, 0], [1, 0, 0], [0, 0, 1]] }, { verbose: 0 }), /Target "department" of model "functional" expected shape \(None, 4\) for loss "categorical_crossentropy".*received \(4, 3\)/);
    await expectNoStep(model, () => model.fit({ ...x, tags: x.tags.subarray(0, 44) }, y, { verbose: 0 }), /Input "tags".*12 values each/);
  });
  it('sparse labels out of range', async () => {
    const model = mnistModel();
    model.compile({ loss: 'sparse_categorical_crossentropy' });
    await expectNoStep(model, () => model.fit(new Float32Array(2 * 784), [3, 10], { verbose: 0 }), /label 10 at position 1 is out of range.*\[0, 9\]/);
  });
  it('fit before compile', async () => {
    await expect(mnistModel().fit(new Float32Array(784), [1], { verbose: 0 })).rejects.toThrow(/compile\(\) before fit\(\)/);
  });
});

describe('callbacks', () => {
  const data = () => {
    const r = rng(8);
    return { x: randomArray(32 * 784, r), y: labels(32, 10, r) };
  };

  it('TerminateOnNaN stops at the first bad batch; without it, a NaN loss is reported', async () => {
    const { x, y } = data();
    x[5] = Number.NaN;
    const model = mnistModel();
    model.compile({ optimizer: new SGD(), loss: new SparseCategoricalCrossentropy({ fromLogits: true }) });
    const lines: string[] = [];
    const h = await model.fit(x, y, { batchSize: 8, epochs: 3, shuffle: false, verbose: 0, callbacks: [new TerminateOnNaN((l) => lines.push(l))] });
    expect(lines).toEqual(['Batch 0: Invalid loss, terminating training']);
    expect(h.epoch).toEqual([0]);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const h2 = await model.fit(x, y, { batchSize: 8, epochs: 2, verbose: 0 });
    expect(h2.epoch).toEqual([0, 1]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/loss is NaN at epoch 1/);
    warn.mockRestore();
  });

  it('EarlyStopping, ReduceLROnPlateau, LearningRateScheduler, LambdaCallback and CSVLogger', async () => {
    const { x, y } = data();
    const model = mnistModel();
    model.compile({ optimizer: new SGD({ learningRate: 0 }), loss: new SparseCategoricalCrossentropy({ fromLogits: true }) });
    const seen: string[] = [];
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'kfn-csv-')), 'log.csv');
    // lr 0: the loss never improves, so patience 1 stops after epoch 2.
    const h = await model.fit(x, y, {
      batchSize: 16, epochs: 10, shuffle: false, verbose: 0,
      callbacks: [
        new EarlyStopping({ monitor: 'loss', patience: 1 }),
        new ReduceLROnPlateau({ monitor: 'loss', patience: 1, factor: 0.5, minDelta: 0 }),
        new LambdaCallback({ onEpochEnd: (e) => void seen.push(`end ${e}`), onTrainBatchEnd: (b, logs) => void seen.push(`batch ${b} ${typeof logs?.loss}`) }),
        new CSVLogger(file),
      ],
    });
    expect(h.epoch).toEqual([0, 1]);
    expect(seen).toEqual(['batch 0 number', 'batch 1 number', 'end 0', 'batch 0 number', 'batch 1 number', 'end 1']);
    expect(h.history.learning_rate).toEqual([0, 0]);
    const csv = readFileSync(file, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('epoch,learning_rate,loss');
    expect(csv).toHaveLength(3);

    model.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: new SparseCategoricalCrossentropy({ fromLogits: true }) });
    const h2 = await model.fit(x, y, { epochs: 3, verbose: 0, callbacks: [new LearningRateScheduler((epoch, lr) => (epoch === 0 ? lr : lr / 2))] });
    expect(h2.history.learning_rate).toEqual([0.1, 0.05, 0.025].map(Math.fround));
    expect(model.optimizer!.learningRate).toBeCloseTo(0.025, 7);
  });

  it('verbose 2 prints one Keras line per epoch', async () => {
    const { x, y } = data();
    const model = mnistModel();
    model.compile({ loss: new SparseCategoricalCrossentropy({ fromLogits: true }), metrics: ['accuracy'] });
    const out: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    try {
      await model.fit(x, y, { batchSize: 8, epochs: 2, verbose: 2, validationSplit: 0.25 });
    } finally {
      write.mockRestore();
    }
    expect(out[0]).toBe('Epoch 1/2\n');
    const v = String.raw`(\d\.\d{4}|\d\.\d{4}e[-+]\d\d)`;
    expect(out[1]).toMatch(new RegExp(String.raw`^3/3 - \d+s - \d+(m|u)?s/step - accuracy: ${v} - loss: ${v} - val_accuracy: ${v} - val_loss: ${v}\n$`));
    expect(out[2]).toBe('Epoch 2/2\n');
    expect(out).toHaveLength(4);
  });
});

describe('memory over many epochs', () => {
  it('stays flat over 20 epochs: the same tensor count and bytes after every epoch', async () => {
    const ops = getBackend();
    const r = rng(20);
    const model = mnistModel();
    model.compile({ optimizer: new RMSprop(), loss: new SparseCategoricalCrossentropy({ fromLogits: true }), metrics: ['accuracy'] });
    const counts: number[] = [];
    const bytes: number[] = [];
    const memory = () => tf.memory().numBytes;
    const callback = new LambdaCallback({
      onEpochEnd: () => {
        counts.push(ops.numTensors());
        bytes.push(memory());
      },
    });
    await model.fit(randomArray(96 * 784, r), labels(96, 10, r), {
      epochs: 20, batchSize: 32, validationSplit: 0.25, verbose: 0, callbacks: [callback],
    });
    expect(counts).toHaveLength(20);
    // After the first epoch has made the optimizer's slots, nothing accumulates.
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(new Set(bytes.slice(1)).size).toBe(1);
  });
});
