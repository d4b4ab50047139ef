// The IndexedDB handler, in Node on fake-indexeddb (a pure-JS IndexedDB).
import 'fake-indexeddb/auto';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { cpu } from '@kfn/backend-cpu';
import { clearSession, Dense, Input, Model, SGD, useBackend, ValueError } from '@kfn/graph';
import { IDBFactory } from 'fake-indexeddb';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelCheckpoint } from '../callbacks/model-checkpoint.js';
import { ModelFileError } from '../errors.js';
import { loadModel, saveModel } from '../model-io.js';
import { kerasFixtures, readBytes, readJson } from '../testing/fixtures.js';
import { maxAbsDiff, predictFlat } from '../testing/predict.js';
import { deleteIndexedDBModel, IndexedDBHandler, listIndexedDBModels } from './indexeddb.js';

beforeAll(async () => {
  await useBackend(cpu);
});

describe('indexeddb://', () => {
  it('saves a model as its .keras bytes and loads it back: same predictions, still compiled with its state', async () => {
    clearSession();
    const original = await loadModel(readBytes(kerasFixtures, 'compiled_mlp', 'model.keras'));
    await saveModel(original, 'indexeddb://mlp');
    const [info] = (await listIndexedDBModels()).filter((m) => m.name === 'mlp');
    expect(info?.byteLength).toBeGreaterThan(200_000);
    expect(Number.isNaN(Date.parse(info!.dateSaved))).toBe(false);
    const bytes = await new IndexedDBHandler('indexeddb://mlp').read();
    expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]); // a zip: the .keras file itself
    const loaded = await loadModel('indexeddb://mlp');
    const inputs = readJson<{ inputs: { data: unknown }[] }>(kerasFixtures, 'compiled_mlp', 'input.json').inputs.map((i) => i.data);
    const a = predictFlat(original, inputs);
    const b = predictFlat(loaded, inputs);
    expect(maxAbsDiff(a[0]!.data, b[0]!.data)).toBe(0);
    expect(loaded.optimizer!.iterations.dataSync()[0]).toBe(1);
  });

  it('replaces a model of the same name, lists and deletes models', async () => {
    clearSession();
    const inputs = Input({ shape: [3] });
    const model = new Model({ inputs, outputs: new Dense({ units: 2 }).apply(inputs), name: 'tiny' });
    await saveModel(model, 'indexeddb://tiny');
    model.weights[0]!.assign(new Float32Array(6).fill(0.5));
    await saveModel(model, 'indexeddb://tiny');
    expect((await listIndexedDBModels()).filter((m) => m.name === 'tiny')).toHaveLength(1);
    expect(Array.from((await loadModel('indexeddb://tiny')).weights[0]!.dataSync())).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(await deleteIndexedDBModel('indexeddb://tiny')).toBe(true);
    expect(await deleteIndexedDBModel('indexeddb://tiny')).toBe(false);
    await expect(loadModel('indexeddb://tiny')).rejects.toThrow(ModelFileError);
    await expect(loadModel('indexeddb://tiny')).rejects.toThrow(/file "indexeddb:\/\/tiny": no model named "tiny" in IndexedDB/);
  });

  it('ModelCheckpoint saves into IndexedDB during fit', async () => {
    clearSession();
    const inputs = Input({ shape: [2] });
    const model = new Model({ inputs, outputs: new Dense({ units: 1 }).apply(inputs) });
    model.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse' });
    const ckpt = new ModelCheckpoint({ filepath: 'indexeddb://ckpt-{epoch}' });
    await model.fit([[1, 2], [3, 4]], [[1], [2]], { epochs: 2, verbose: 0, callbacks: [ckpt] });
    const names = (await listIndexedDBModels()).map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(['ckpt-1', 'ckpt-2']));
    const last = await loadModel('indexeddb://ckpt-2');
    expect(Array.from(last.weights[0]!.dataSync())).toEqual(Array.from(model.weights[0]!.dataSync()));
  });

  it('takes another IDBFactory (a worker, a test), and refuses what it cannot hold', async () => {
    const factory = new IDBFactory();
    const handler = new IndexedDBHandler('elsewhere', factory);
    expect(handler.location).toBe('indexeddb://elsewhere');
    await handler.write(Uint8Array.of(0x50, 0x4b, 1, 2), new Map());
    expect(Array.from(await handler.read())).toEqual([0x50, 0x4b, 1, 2]);
    expect((await listIndexedDBModels(factory)).map((m) => m.name)).toEqual(['elsewhere']);
    expect((await listIndexedDBModels()).map((m) => m.name)).not.toContain('elsewhere');
    await expect(handler.write(new Uint8Array(1), new Map([['weights.bin', new Uint8Array(1)]]))).rejects.toThrow(/keeps .keras files only/);
    await expect(handler.read('weights.bin')).rejects.toThrow(ModelFileError);
    expect(() => new IndexedDBHandler('indexeddb://')).toThrow(ValueError);
  });
});
