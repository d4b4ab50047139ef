import { clearSession, Dense, Input, Model, useBackend } from '@kfn/graph';
import { cpu } from '@kfn/backend-cpu';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelFileError } from '../errors.js';
import { convertModel, loadModel, saveModel } from '../model-io.js';
import { kerasFixtures, readJson } from '../testing/fixtures.js';
import { predictFlat } from '../testing/predict.js';
import { NodeFileHandler } from './node-file.js';

beforeAll(async () => {
  await useBackend(cpu);
});

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'kfn-io-node-'));
}

function mlp(): Model {
  clearSession();
  const x = Input({ shape: [4], name: 'x' });
  const h = new Dense({ units: 8, activation: 'relu' }).apply(x);
  return new Model({ inputs: x, outputs: new Dense({ units: 2 }).apply(h), name: 'mlp' });
}

const batch = [[[0.1, 0.2, 0.3, 0.4], [-1, 0, 1, 2]]];

describe('Node paths', () => {
  it("the guide's section 3: save, delete the model, load, same predictions (.keras and model.json)", async () => {
    const dir = tempDir();
    for (const file of ['my_model.keras', 'model.json']) {
      let model: Model | null = mlp();
      const before = predictFlat(model, batch);
      await saveModel(model, path.join(dir, file));
      model = null;
      clearSession();
      const loaded = await loadModel(path.join(dir, file));
      expect(predictFlat(loaded, batch)[0]!.data).toEqual(before[0]!.data);
    }
    expect(readdirSync(dir).sort()).toEqual(['model.json', 'my_model.keras', 'weights.bin']);
  });

  it('a save that fails mid-way leaves the old file as it was, and no temporary file', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'model.keras');
    await saveModel(mlp(), file);
    const old = readFileSync(file);

    const broken = mlp();
    const dense = broken.layers[2] as Dense;
    // Serialization throws half-way through the layers' configs...
    dense.getConfig = () => {
      throw new Error('boom in getConfig');
    };
    await expect(saveModel(broken, file)).rejects.toThrow('boom in getConfig');
    // ...or while the weights are read out.
    const broken2 = mlp();
    const w = broken2.weights[3]!;
    w.data = async () => {
      throw new Error('boom in weights');
    };
    await expect(saveModel(broken2, file)).rejects.toThrow('boom in weights');
    expect(readFileSync(file).equals(old)).toBe(true);
    expect(readdirSync(dir)).toEqual(['model.keras']);
  });

  it('a write that fails (missing folder) reports it and leaves nothing behind', async () => {
    const dir = tempDir();
    await expect(saveModel(mlp(), path.join(dir, 'nope', 'm.keras'))).rejects.toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses other extensions, as Keras does', async () => {
    await expect(saveModel(mlp(), path.join(tempDir(), 'model.h5'))).rejects.toThrow(/must end in `\.keras`/);
  });

  it('a missing file is a ModelFileError naming the path', async () => {
    const missing = path.join(tempDir(), 'absent.keras');
    await expect(loadModel(missing)).rejects.toThrow(ModelFileError);
    await expect(loadModel(missing)).rejects.toThrow(/absent\.keras.*no such file/);
  });

  it('a manifest cannot make kfn read outside the model folder', async () => {
    const dir = tempDir();
    await saveModel(mlp(), path.join(dir, 'model.json'));
    const json = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8'));
    json.weightsManifest[0].paths = ['../../etc/passwd'];
    writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json));
    await expect(loadModel(path.join(dir, 'model.json'))).rejects.toThrow(/"\.\." is not allowed/);
    rmSync(dir, { recursive: true });
  });

  it('convertModel: .keras → model.json → .keras keeps the predictions', async () => {
    const dir = tempDir();
    const src = path.join(kerasFixtures, 'ticket_model', 'model.keras');
    clearSession();
    const original = await loadModel(src);
    const inputs = readJson<{ inputs: { data: unknown }[] }>(kerasFixtures, 'ticket_model', 'input.json').inputs.map((i) => i.data);
    const want = predictFlat(original, inputs);
    await convertModel(src, path.join(dir, 'model.json'));
    await convertModel(new NodeFileHandler(path.join(dir, 'model.json')), path.join(dir, 'back.keras'));
    clearSession();
    const back = await loadModel(path.join(dir, 'back.keras'));
    predictFlat(back, inputs).forEach((p, i) => expect(Array.from(p.data)).toEqual(Array.from(want[i]!.data)));
  });
});
