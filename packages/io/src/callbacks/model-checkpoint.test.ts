// ModelCheckpoint in a real fit, on disk: every epoch, best only, weights only, every N batches.
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cpu } from '@kfn/backend-cpu';
import { clearSession, Dense, Input, LambdaCallback, Model, RMSprop, SGD, useBackend, ValueError } from '@kfn/graph';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadModel } from '../model-io.js';
import { listH5, readBytes } from '../testing/fixtures.js';
import { readKerasArchive } from '../keras/keras-file.js';
import { loadWeights } from '../weights-io.js';
import { ModelCheckpoint } from './model-checkpoint.js';
import { rng } from '@kfn/graph/testing';

beforeAll(async () => {
  await useBackend(cpu);
});
afterEach(() => vi.restoreAllMocks());

const r = rng(11);
const x = Array.from({ length: 40 }, () => Array.from({ length: 5 }, () => r() * 2 - 1));
const y = Float32Array.from(x, (row) => row[0]! - 2 * row[1]! + 0.5 * row[4]! + 0.3 * (r() - 0.5));

function regressor(): Model {
  clearSession();
  const inputs = Input({ shape: [5] });
  const h = new Dense({ units: 8, activation: 'tanh' }).apply(inputs);
  const model = new Model({ inputs, outputs: new Dense({ units: 1 }).apply(h), name: 'regressor' });
  model.compile({ optimizer: new RMSprop({ learningRate: 0.05 }), loss: 'mse', metrics: ['mae'] });
  return model;
}

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'kfn-ckpt-'));
const values = (m: Model) => m.weights.map((w) => Array.from(w.dataSync()));

describe('ModelCheckpoint', () => {
  it('saves every epoch to a templated path (creating its folder); each file loads compiled, as it was then', async () => {
    const dir = tmp();
    const model = regressor();
    const snapshots: number[][][] = [];
    const ckpt = new ModelCheckpoint({ filepath: path.join(dir, 'run', 'model-{epoch:02d}-{loss:.3f}.keras') });
    const h = await model.fit(x, y, {
      batchSize: 10, epochs: 3, shuffle: false, verbose: 0,
      callbacks: [ckpt, new LambdaCallback({ onEpochEnd: () => void snapshots.push(values(model)) })],
    });
    const names = h.history.loss!.map((l, e) => `model-${String(e + 1).padStart(2, '0')}-${l.toFixed(3)}.keras`);
    expect(readdirSync(path.join(dir, 'run')).sort()).toEqual(names); // no temp files left behind
    expect(ckpt.saved).toEqual(names.map((n) => path.join(dir, 'run', n)));
    for (let e = 0; e < 3; e++) {
      const loaded = await loadModel(ckpt.saved[e]!);
      expect(values(loaded)).toEqual(snapshots[e]);
      expect(loaded.optimizer!.iterations.dataSync()[0]).toBe(4 * (e + 1));
    }
  });

  it('saveBestOnly keeps the best epoch by val_loss, and prints what Keras prints', async () => {
    const dir = tmp();
    const model = regressor();
    const lines: string[] = [];
    const snapshots: number[][][] = [];
    const ckpt = new ModelCheckpoint({ filepath: path.join(dir, 'best.keras'), saveBestOnly: true, verbose: 1 }, (l) => lines.push(l));
    const h = await model.fit(x, y, {
      batchSize: 8, epochs: 6, shuffle: false, verbose: 0, validationSplit: 0.2,
      callbacks: [ckpt, new LambdaCallback({ onEpochEnd: () => void snapshots.push(values(model)) })],
    });
    const val = h.history.val_loss!;
    const improved = val.map((v, e) => val.slice(0, e).every((p) => v < p));
    expect(ckpt.saved).toHaveLength(improved.filter(Boolean).length);
    const best = val.indexOf(Math.min(...val));
    expect(ckpt.best).toBe(val[best]);
    expect(values(await loadModel(path.join(dir, 'best.keras')))).toEqual(snapshots[best]);
    expect(lines[0]).toBe(`\nEpoch 1: val_loss improved from inf to ${val[0]!.toFixed(5)}, saving model to ${path.join(dir, 'best.keras')}`);
    const firstMiss = improved.indexOf(false);
    if (firstMiss > 0) expect(lines[firstMiss]).toMatch(new RegExp(`^\\nEpoch ${firstMiss + 1}: val_loss did not improve from \\d\\.\\d{5}$`));
    expect(readdirSync(dir)).toEqual(['best.keras']);
  });

  it('mode max on an accuracy, and a missing monitor warns and skips', async () => {
    const model = regressor();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const ckpt = new ModelCheckpoint({ filepath: path.join(tmp(), 'm.keras'), saveBestOnly: true, monitor: 'val_accuracy' });
    await model.fit(x, y, { batchSize: 20, epochs: 1, verbose: 0, callbacks: [ckpt] });
    expect(ckpt.saved).toEqual([]);
    expect(String(warn.mock.calls[0]![0])).toMatch(/Can save best model only with val_accuracy available/);
    expect(ckpt.best).toBe(-Infinity);
  });

  it('saveWeightsOnly writes .weights.h5 files laid out like model.weights.h5, with the optimizer; loadWeights reads them', async () => {
    const dir = tmp();
    const model = regressor();
    const ckpt = new ModelCheckpoint({ filepath: path.join(dir, 'w-{epoch}.weights.h5'), saveWeightsOnly: true });
    await model.fit(x, y, { batchSize: 10, epochs: 2, shuffle: false, verbose: 0, callbacks: [ckpt] });
    expect(readdirSync(dir).sort()).toEqual(['w-1.weights.h5', 'w-2.weights.h5']);
    const asKeras = new ModelCheckpoint({ filepath: path.join(dir, 'full.keras') });
    await model.fit(x, y, { batchSize: 40, epochs: 1, verbose: 0, callbacks: [asKeras, new ModelCheckpoint({ filepath: path.join(dir, 'w-3.weights.h5'), saveWeightsOnly: true })] });
    const h5 = readBytes(dir, 'w-3.weights.h5');
    expect(await listH5(h5)).toEqual(await listH5(readKerasArchive(readBytes(dir, 'full.keras')).weights));
    expect((await listH5(h5)).some((i) => i.path === 'optimizer/vars/0')).toBe(true);
    // Into a fresh model of the same architecture, compiled: weights and optimizer state.
    const fresh = regressor();
    await loadWeights(fresh, path.join(dir, 'w-3.weights.h5'));
    expect(values(fresh)).toEqual(values(model));
    expect(fresh.optimizer!.iterations.dataSync()[0]).toBe(9);
    expect(Array.from(fresh.optimizer!.variables.at(-1)!.dataSync())).toEqual(Array.from(model.optimizer!.variables.at(-1)!.dataSync()));
  });

  it('saveFreq: a number of batches, with {batch} in the name', async () => {
    const dir = tmp();
    const model = regressor();
    const ckpt = new ModelCheckpoint({ filepath: path.join(dir, 'e{epoch}-b{batch}.keras'), saveFreq: 3 });
    await model.fit(x, y, { batchSize: 10, epochs: 2, shuffle: false, verbose: 0, callbacks: [ckpt] });
    // 4 batches an epoch: saves after the 3rd batch seen (epoch 1, batch 3) and the 6th (epoch 2, batch 2).
    expect(ckpt.saved.map((p) => path.basename(p))).toEqual(['e1-b3.keras', 'e2-b2.keras']);
  });

  it('checks its arguments as Keras does', () => {
    expect(() => new ModelCheckpoint({ filepath: 'model.h5' })).toThrow(ValueError);
    expect(() => new ModelCheckpoint({ filepath: 'model.h5' })).toThrow(/must end in `.keras`/);
    expect(() => new ModelCheckpoint({ filepath: 'm.keras', saveWeightsOnly: true })).toThrow(/must end in `.weights.h5`/);
    expect(() => new ModelCheckpoint({ filepath: 'm.keras', saveFreq: 0 })).toThrow(/Unrecognized save_freq: 0/);
    expect(() => new ModelCheckpoint({ filepath: 'indexeddb://ckpt' })).not.toThrow();
    expect(() => new ModelCheckpoint({ filepath: 'web/model.json' })).not.toThrow();
  });

  it('loadWeights refuses a file of another architecture before touching the model', async () => {
    const dir = tmp();
    const model = regressor();
    const ckpt = new ModelCheckpoint({ filepath: path.join(dir, 'a.weights.h5'), saveWeightsOnly: true });
    await model.fit(x, y, { batchSize: 40, epochs: 1, verbose: 0, callbacks: [ckpt] });
    clearSession();
    const inputs = Input({ shape: [5] });
    const other = new Model({ inputs, outputs: new Dense({ units: 2 }).apply(new Dense({ units: 8 }).apply(inputs)) });
    other.compile({ optimizer: new SGD(), loss: 'mse' });
    const before = values(other);
    await expect(loadWeights(other, path.join(dir, 'a.weights.h5'))).rejects.toThrow(/layers\/dense_1\/vars\/0.*shape \(8, 2\) but the file holds shape \(8, 1\)/);
    expect(values(other)).toEqual(before);
  });
});
