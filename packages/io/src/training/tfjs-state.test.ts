// tfjs layers-models' training state: `trainingConfig` and `group: "optimizer"` weights, read
// against tfjs's own compiled_mlp step and written so that tfjs-layers 4.22 resumes training.
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { cpu } from '@kfn/backend-cpu';
import {
  Adam, clearSession, Dense, GlorotUniform, Input, Model, RMSprop, SGD, SparseCategoricalCrossentropy, useBackend, type Optimizer,
} from '@kfn/graph';
import * as tf from '@tensorflow/tfjs-core';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { NodeFileHandler } from '../handlers/node-file.js';
import { loadModel } from '../model-io.js';
import { encodeLayersModel } from '../tfjs/layers-model.js';
import { flat, readJson, tfjsFixtures } from '../testing/fixtures.js';
import { maxAbsDiff } from '../testing/predict.js';
import { getPendingTrainingState } from '../training-state.js';
import { optimizerFromTfjs, restoreTfjsTraining } from './tfjs-state.js';
import { loadInTfjs } from '../testing/tfjs-layers.js';

beforeAll(async () => {
  await useBackend(cpu);
  await tf.setBackend('cpu');
});
afterEach(() => vi.restoreAllMocks());

interface TfjsTrain {
  x: number[][];
  y: number[][];
  lossBeforeStep: number;
  trainOnBatchReturn: [number, number];
  lossAfterStep: number;
  accuracyAfterStep: number;
}
const t = readJson<TfjsTrain>(tfjsFixtures, 'compiled_mlp', 'train.json');
const compiledMlp = () => new NodeFileHandler(path.join(tfjsFixtures, 'compiled_mlp', 'model.json'));

describe('reading tfjs\'s trainingConfig and optimizer weights (fixtures/tfjs/compiled_mlp)', () => {
  it('loads compiled, with tfjs\'s RMSProp state restored by position', async () => {
    clearSession();
    const model = await loadModel(compiledMlp());
    expect(getPendingTrainingState(model)).toBeNull();
    const opt = model.optimizer as RMSprop;
    expect(opt).toBeInstanceOf(RMSprop);
    expect([opt.learningRate, opt.rho, opt.momentum, opt.epsilon, opt.centered]).toEqual([0.001, 0.9, 0, 1e-7, false]);
    expect(model.compileConfig).toMatchObject({ loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
    expect(opt.iterations.dataSync()[0]).toBe(1);
    // The velocities are the manifest's `<var>/rms` weights.
    const raw = await loadModel(compiledMlp(), { compile: false });
    const rms = getPendingTrainingState(raw)!.tfjsOptimizerWeights!.filter((w) => w.name.endsWith('/rms'));
    model.trainableWeights.forEach((v, i) => expect(Array.from(opt.slotsOf(v)[0]!.dataSync())).toEqual(Array.from(rms[i]!.value.data)));
    // tfjs's loss after its step.
    const [lossAfter, acc] = (await model.evaluate(t.x, t.y, { batchSize: 8, verbose: 0 })) as number[];
    expect(Math.abs(lossAfter! - t.lossAfterStep)).toBeLessThan(1e-5);
    expect(acc).toBe(t.accuracyAfterStep);
  });

  it('one step from mnist_mlp\'s weights, compiled from the trainingConfig, gives tfjs\'s weights and optimizer state', async () => {
    clearSession();
    const start = await loadModel(new NodeFileHandler(path.join(tfjsFixtures, 'mnist_mlp', 'model.json')));
    const model = await loadModel(compiledMlp(), { compile: false });
    const pending = getPendingTrainingState(model)!;
    model.weights.forEach((w, i) => w.assign(start.weights[i]!.dataSync()));
    restoreTfjsTraining(model, pending.compileConfig!, [], { file: 'model.json' });
    const before = (await model.evaluate(t.x, t.y, { batchSize: 8, verbose: 0 })) as number[];
    expect(Math.abs(before[0]! - t.lossBeforeStep)).toBeLessThan(1e-5);
    const h = await model.fit(t.x, t.y, { batchSize: 8, epochs: 1, shuffle: false, verbose: 0 });
    expect(Math.abs(h.history.loss![0]! - t.trainOnBatchReturn[0])).toBeLessThan(1e-5);
    expect(h.history.accuracy![0]).toBe(t.trainOnBatchReturn[1]);
    const tfjsStep = await loadModel(compiledMlp());
    tfjsStep.weights.forEach((w, i) => expect(maxAbsDiff(model.weights[i]!.dataSync(), w.dataSync()), w.path).toBeLessThan(1e-5));
    const mine = model.optimizer!;
    tfjsStep.optimizer!.variables.forEach((v, i) => {
      if (i === 1) return; // the learning rate: tfjs keeps it in the config
      expect(maxAbsDiff(mine.variables[i]!.dataSync(), v.dataSync()), v.path).toBeLessThan(1e-7);
    });
  });
});

function softmaxMlp(): Model {
  const inputs = Input({ shape: [784] });
  // Seeded, so every run compares the same numbers.
  const h = new Dense({ units: 16, activation: 'relu', kernelInitializer: new GlorotUniform({ seed: 1 }) }).apply(inputs);
  const out = new Dense({ units: 10, activation: 'softmax', kernelInitializer: new GlorotUniform({ seed: 2 }) }).apply(h);
  return new Model({ inputs, outputs: out, name: 'mlp' });
}

describe('writing a compiled model as a layers-model that tfjs-layers 4.22 resumes', () => {
  // tfjs's Adam adds ε to the bias-corrected √v̂ where Keras adds it to √v: with β₂ small the two
  // agree, so what is left to compare is the restored state. tfjs's centered RMSProp computes
  // √(ms − mg² − ε) (NaN where a gradient is zero), so only its layout is checked here.
  const cases: [string, () => Optimizer, string, number, boolean][] = [
    ['RMSprop', () => new RMSprop({ learningRate: 0.01 }), 'RMSProp', 1 + 2 * 4, true],
    ['RMSprop (momentum)', () => new RMSprop({ learningRate: 0.01, momentum: 0.5 }), 'RMSProp', 1 + 2 * 4, true],
    ['RMSprop (centered)', () => new RMSprop({ learningRate: 0.01, centered: true }), 'RMSProp', 1 + 3 * 4, false],
    ['Adam', () => new Adam({ learningRate: 0.01, beta2: 0.01 }), 'Adam', 1 + 2 * 4, true],
    ['SGD with momentum (tfjs Momentum)', () => new SGD({ learningRate: 0.05, momentum: 0.9 }), 'Momentum', 1 + 4, true],
  ];
  for (const [name, make, tfjsClass, count, step] of cases) {
    it(`${name}: tfjs loads the optimizer and its next step matches kfn's`, async () => {
      clearSession();
      const model = softmaxMlp();
      model.compile({ optimizer: make(), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
      await model.fit(t.x, t.y, { batchSize: 8, epochs: 2, shuffle: false, verbose: 0 });
      const { json, weights } = await encodeLayersModel(model);
      const written = JSON.parse(new TextDecoder().decode(json));
      expect(written.trainingConfig).toMatchObject({ loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'], optimizer_config: { class_name: tfjsClass } });
      const specs = written.weightsManifest[0].weights as { name: string; group?: string }[];
      expect(specs.filter((s) => s.group === 'optimizer')).toHaveLength(count);
      // kfn's reference step, read before tfjs takes the engine's variables.
      await model.fit(t.x, t.y, { batchSize: 8, epochs: 1, shuffle: false, verbose: 0 });
      const reference = model.weights.map((w) => Float32Array.from(w.dataSync()));
      // Back into kfn, too: the same state restored from what was just written.
      const tfModel = await loadInTfjs(json, weights);
      expect(tfModel.optimizer?.getClassName()).toBe(tfjsClass);
      expect((await tfModel.optimizer.getWeights()).map((w) => w.name)).toEqual(specs.filter((s) => s.group === 'optimizer').map((s) => s.name));
      if (!step) return tfModel.dispose();
      const xs = tf.tensor(t.x);
      const ys = tf.tensor(t.y);
      await tfModel.trainOnBatch(xs, ys);
      const after = tfModel.getWeights().map((w) => w.dataSync());
      // Float rounding differs between tfjs and kfn (Adam's ratios of tiny moments most); a fresh state would be off by ~lr.
      const tol = tfjsClass === 'Adam' ? 2e-5 : 1e-5;
      after.forEach((w, i) => expect(maxAbsDiff(w, reference[i]!), `weight ${i}`).toBeLessThan(tol));
      tf.dispose([xs, ys]);
      tfModel.dispose();
    });
  }

  it('reads back what it wrote: the same optimizer state in kfn', async () => {
    clearSession();
    const model = softmaxMlp();
    model.compile({ optimizer: new SGD({ learningRate: 0.05, momentum: 0.9, nesterov: true }), loss: 'sparse_categorical_crossentropy' });
    await model.fit(t.x, t.y, { batchSize: 4, epochs: 1, shuffle: false, verbose: 0 });
    const { json, weights } = await encodeLayersModel(model);
    const { MemoryHandler } = await import('../handlers/memory.js');
    const loaded = await loadModel(new MemoryHandler('model.json', { 'model.json': json, 'weights.bin': weights }));
    const a = model.optimizer!;
    const b = loaded.optimizer as SGD;
    expect([b.className, b.momentum, b.nesterov, b.learningRate]).toEqual(['SGD', 0.9, true, 0.05]);
    expect(b.iterations.dataSync()[0]).toBe(2);
    a.variables.forEach((v, i) => expect(maxAbsDiff(b.variables[i]!.dataSync(), v.dataSync()), v.path).toBeLessThan(1e-7));
  });

  it('says what tfjs cannot express and writes no trainingConfig: fromLogits, loss weights, Huber', async () => {
    clearSession();
    const model = softmaxMlp();
    model.compile({ optimizer: new RMSprop(), loss: new SparseCategoricalCrossentropy({ fromLogits: true }) });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { json, weights } = await encodeLayersModel(model);
    expect(String(warn.mock.calls[0]![0])).toMatch(
      /model "mlp" is saved as a tfjs layers-model without its training configuration \(tfjs's loss names cannot say SparseCategoricalCrossentropy\(\{ fromLogits: true \}\)\)/,
    );
    const written = JSON.parse(new TextDecoder().decode(json));
    expect(written.trainingConfig).toBeUndefined();
    expect((written.weightsManifest[0].weights as { group?: string }[]).some((s) => s.group === 'optimizer')).toBe(false);
    const tfModel = await loadInTfjs(json, weights);
    expect(tfModel.optimizer).toBeFalsy();
    tfModel.dispose();

    clearSession();
    const other = softmaxMlp();
    other.compile({ optimizer: new RMSprop(), loss: ['huber'], lossWeights: [2] });
    warn.mockClear();
    await encodeLayersModel(other);
    expect(String(warn.mock.calls[0]![0])).toMatch(/tfjs has no Huber loss; tfjs cannot load loss weights/);
  });

  it('the tfjs fixture written back by kfn keeps its trainingConfig', async () => {
    clearSession();
    const model = await loadModel(compiledMlp());
    const { json } = await encodeLayersModel(model);
    const written = JSON.parse(new TextDecoder().decode(json));
    const original = readJson<{ trainingConfig: unknown }>(tfjsFixtures, 'compiled_mlp', 'model.json');
    expect(written.trainingConfig).toEqual(original.trainingConfig);
    expect(flat(written.weightsManifest[0].weights.map((s: { shape: number[] }) => s.shape.length))).toHaveLength(19);
  });
});

describe('optimizerFromTfjs', () => {
  it("reads tfjs's camelCase configs and a converter's Keras 2 snake_case ones", () => {
    const rms = optimizerFromTfjs({ class_name: 'RMSProp', config: { learningRate: 0.01, decay: 0.8, momentum: 0.1, epsilon: 1e-6, centered: true } }) as RMSprop;
    expect([rms.learningRate, rms.rho, rms.momentum, rms.epsilon, rms.centered]).toEqual([0.01, 0.8, 0.1, 1e-6, true]);
    const adam = optimizerFromTfjs({ class_name: 'Adam', config: { learning_rate: 0.002, beta_1: 0.8, beta_2: 0.99, epsilon: null } }) as Adam;
    expect([adam.learningRate, adam.beta1, adam.beta2, adam.epsilon]).toEqual([0.002, 0.8, 0.99, 1e-7]);
    const keras2 = optimizerFromTfjs({ class_name: 'RMSprop', config: { lr: 0.003, rho: 0.95, decay: 0.0 } }) as RMSprop;
    expect([keras2.learningRate, keras2.rho]).toEqual([0.003, 0.95]);
    expect(() => optimizerFromTfjs({ class_name: 'RMSprop', config: { rho: 0.9, decay: 0.01 } })).toThrow(/learning-rate decay/);
    expect(() => optimizerFromTfjs({ class_name: 'Adagrad', config: {} })).toThrow(/the tfjs optimizer "Adagrad" has no kfn counterpart/);
  });

  it('a tfjs optimizer kfn lacks: the model loads uncompiled with a warning and writes its state back', async () => {
    clearSession();
    const raw = await loadModel(compiledMlp(), { compile: false });
    const { json, weights } = await encodeLayersModel(raw);
    const parsed = JSON.parse(new TextDecoder().decode(json));
    parsed.trainingConfig.optimizer_config = { class_name: 'Adagrad', config: { learningRate: 0.1, initialAccumulatorValue: 0.1 } };
    const { MemoryHandler } = await import('../handlers/memory.js');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const model = await loadModel(new MemoryHandler('model.json', { 'model.json': new TextEncoder().encode(JSON.stringify(parsed)), 'weights.bin': weights }));
    expect(String(warn.mock.calls[0]![0])).toMatch(/was loaded uncompiled: its trainingConfig cannot be used \(.*Adagrad/);
    expect(model.optimizer).toBeNull();
    const again = JSON.parse(new TextDecoder().decode((await encodeLayersModel(model)).json));
    expect(again.trainingConfig).toEqual(parsed.trainingConfig);
    expect(again.weightsManifest[0].weights.filter((w: { group?: string }) => w.group === 'optimizer')).toHaveLength(13);
  });
});
