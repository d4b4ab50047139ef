// Saving and loading a compiled model as `.keras`: Keras's compile_config and optimizer/vars,
// a loaded model that resumes training exactly, and what happens when the state does not fit.
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { cpu } from '@kfn/backend-cpu';
import {
  Adam, clearSession, Dense, Input, Model, RMSprop, SGD, SparseCategoricalCrossentropy, useBackend, type Optimizer,
} from '@kfn/graph';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { H5Reader } from '../h5/h5-file.js';
import { MemoryHandler } from '../handlers/memory.js';
import { encodeKerasFile, readKerasArchive } from '../keras/keras-file.js';
import { loadModel, saveModel } from '../model-io.js';
import { rebuildKeras } from '../testing/archives.js';
import { kerasFixtures, listH5, readBytes, readJson } from '../testing/fixtures.js';
import { getPendingTrainingState } from '../training-state.js';
import { restoreOptimizerVariables } from './keras-state.js';
import { rng } from '@kfn/graph/testing';

beforeAll(async () => {
  await useBackend(cpu);
});
afterEach(() => vi.restoreAllMocks());


function smallModel(): Model {
  const inputs = Input({ shape: [6] });
  const h = new Dense({ units: 5, activation: 'tanh' }).apply(inputs);
  return new Model({ inputs, outputs: new Dense({ units: 3 }).apply(h), name: 'small' });
}

const r = rng(7);
const x = Array.from({ length: 8 }, () => Array.from({ length: 6 }, () => r() * 2 - 1));
const y = Float32Array.from({ length: 8 }, () => Math.floor(r() * 3));
const fitOnce = (m: Model) => m.fit(x, y, { batchSize: 4, epochs: 1, shuffle: false, verbose: 0 });
const loss = () => new SparseCategoricalCrossentropy({ fromLogits: true });

async function saveToBytes(model: Model): Promise<Uint8Array> {
  const handler = new MemoryHandler('model.keras');
  await saveModel(model, handler);
  return handler.main!;
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs((a[i] as number) - (b[i] as number)));
  return d;
}

describe('a compiled model saved as .keras, loaded, resumes exactly', () => {
  const optimizers: [string, () => Optimizer][] = [
    ['RMSprop', () => new RMSprop({ learningRate: 0.01 })],
    ['RMSprop (momentum, centered)', () => new RMSprop({ learningRate: 0.01, momentum: 0.5, centered: true })],
    ['Adam', () => new Adam({ learningRate: 0.02 })],
    ['SGD (nesterov momentum)', () => new SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true })],
  ];
  for (const [name, make] of optimizers) {
    it(`${name}: fit 2 epochs, save, load, fit 1 == fit 3 epochs`, async () => {
      clearSession();
      const model = smallModel();
      model.compile({ optimizer: make(), loss: loss(), metrics: ['accuracy'] });
      await fitOnce(model);
      await fitOnce(model);
      const bytes = await saveToBytes(model);
      const warn = vi.spyOn(console, 'warn');
      const loaded = await loadModel(bytes);
      expect(warn).not.toHaveBeenCalled();
      expect(loaded.optimizer?.className).toBe(model.optimizer!.className);
      expect(loaded.optimizer!.iterations.dataSync()[0]).toBe(4);
      const h1 = await fitOnce(model);
      const h2 = await fitOnce(loaded);
      expect(h2.history).toEqual(h1.history);
      loaded.weights.forEach((w, i) => expect(maxDiff(w.dataSync(), model.weights[i]!.dataSync()), w.path).toBeLessThanOrEqual(1e-6));
      loaded.optimizer!.variables.forEach((v, i) => {
        expect(v.path).toBe(model.optimizer!.variables[i]!.path);
        expect(maxDiff(v.dataSync(), model.optimizer!.variables[i]!.dataSync()), v.path).toBeLessThanOrEqual(1e-6);
      });
    });
  }
});

describe('what a compiled model writes, compared with Keras', () => {
  it('mnist_mlp after the golden first step writes compiled_mlp\'s compile_config and HDF5 layout (optimizer/vars too)', async () => {
    clearSession();
    const model = await loadModel(`${kerasFixtures}/mnist_mlp/model.keras`);
    model.compile({ optimizer: new RMSprop(), loss: loss(), metrics: ['accuracy'] });
    const t = readJson<{ x: { data: number[][] }[]; y: { data: number[] } }>(kerasFixtures, 'compiled_mlp', 'train.json');
    await model.fit(t.x[0]!.data, Float32Array.from(t.y.data), { batchSize: 4, epochs: 1, shuffle: false, verbose: 0 });
    const mine = readKerasArchive(await encodeKerasFile(model));
    const golden = readKerasArchive(readBytes(kerasFixtures, 'compiled_mlp', 'model.keras'));
    // Keras under torch names a torch-specific module for the optimizer; kfn writes the one JAX/TF Keras write.
    const { module: _m, registered_name: _r, ...goldenOptimizer } = (golden.config.compile_config as { optimizer: Record<string, unknown> }).optimizer;
    const cc = mine.config.compile_config as Record<string, unknown>;
    expect(cc.optimizer).toMatchObject({ module: 'keras.optimizers', registered_name: null, ...goldenOptimizer });
    expect({ ...cc, optimizer: null }).toEqual({ ...(golden.config.compile_config as object), optimizer: null });
    expect(await listH5(mine.weights)).toEqual(await listH5(golden.weights));
    // The values too: iterations = 1, the learning rate, the velocities.
    const a = await H5Reader.open(mine.weights, {});
    const b = await H5Reader.open(golden.weights, {});
    try {
      expect(a.attr('optimizer/vars', 'name')).toBe('rm_sprop');
      expect(Array.from(a.read('optimizer/vars/0'))).toEqual([1]);
      for (let i = 1; i < 8; i++) expect(maxDiff(a.read(`optimizer/vars/${i}`), b.read(`optimizer/vars/${i}`))).toBeLessThan(1e-6);
    } finally {
      a.close();
      b.close();
    }
  });

  it('a compiled model never trained writes iteration and learning_rate, and loads with a fresh state, silently', async () => {
    clearSession();
    const model = smallModel();
    model.compile({ optimizer: new Adam({ learningRate: 0.003 }), loss: 'mse' });
    const bytes = await saveToBytes(model);
    const h5 = await H5Reader.open(readKerasArchive(bytes).weights, {});
    try {
      expect(h5.keys('optimizer/vars')).toEqual(['0', '1']);
      expect(Array.from(h5.read('optimizer/vars/1'))).toEqual([Math.fround(0.003)]);
    } finally {
      h5.close();
    }
    const warn = vi.spyOn(console, 'warn');
    const loaded = await loadModel(bytes);
    expect(warn).not.toHaveBeenCalled();
    expect(loaded.optimizer).toBeInstanceOf(Adam);
    expect(loaded.optimizer!.variables).toHaveLength(2 + 2 * 4);
    expect(loaded.optimizer!.learningRate).toBe(Math.fround(0.003));
  });

  it('saves the learning rate as it is now (changed by a callback), in compile_config and optimizer/vars', async () => {
    clearSession();
    const model = smallModel();
    model.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: loss() });
    await fitOnce(model);
    model.optimizer!.learningRate = 0.025;
    const bytes = await saveToBytes(model);
    const cc = readKerasArchive(bytes).config.compile_config as { optimizer: { config: { learning_rate: number } } };
    expect(cc.optimizer.config.learning_rate).toBe(Math.fround(0.025));
    const loaded = await loadModel(bytes);
    expect(loaded.optimizer!.learningRate).toBe(Math.fround(0.025));
  });
});

describe('when the saved state does not fit', () => {
  it('warns and starts a fresh optimizer when the counts differ (as Keras does)', async () => {
    clearSession();
    const model = smallModel();
    model.compile({ optimizer: new RMSprop(), loss: loss() });
    await fitOnce(model);
    // The file says momentum 0.5 (two slots per variable) but holds one slot per variable.
    const bytes = rebuildKeras(await saveToBytes(model), {
      config: (c) => {
        ((c.compile_config as { optimizer: { config: Record<string, unknown> } }).optimizer.config).momentum = 0.5;
      },
    });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const loaded = await loadModel(bytes);
    expect(warn).toHaveBeenCalledOnce();
    expect(String(warn.mock.calls[0]![0])).toMatch(/skipping variable loading for optimizer "rm_sprop", because it has 10 variables whereas the saved optimizer "rm_sprop" has 6/);
    expect(loaded.optimizer!.iterations.dataSync()[0]).toBe(0);
    // The model's own weights are loaded all the same.
    loaded.weights.forEach((w, i) => expect(Array.from(w.dataSync())).toEqual(Array.from(model.weights[i]!.dataSync())));
  });

  it('a compile_config kfn cannot use: loads uncompiled with a warning, and a save writes the file\'s state back', async () => {
    clearSession();
    const model = smallModel();
    model.compile({ optimizer: new RMSprop(), loss: loss() });
    await fitOnce(model);
    const bytes = rebuildKeras(await saveToBytes(model), {
      config: (c) => {
        (c.compile_config as { loss: unknown }).loss = { module: 'my_losses', class_name: 'FocalLoss', config: {}, registered_name: 'my>FocalLoss' };
      },
    });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const loaded = await loadModel(bytes);
    expect(String(warn.mock.calls[0]![0])).toMatch(/model "small" was loaded uncompiled: its compile_config cannot be used \(.*FocalLoss/);
    expect(loaded.optimizer).toBeNull();
    const pending = getPendingTrainingState(loaded)!;
    expect(pending.optimizer!.variables).toHaveLength(6);
    const again = readKerasArchive(await saveToBytes(loaded));
    expect(again.config.compile_config).toEqual(readKerasArchive(bytes).config.compile_config);
    expect((await listH5(again.weights)).filter((i) => i.path.startsWith('optimizer'))).toHaveLength(1 + 6 + 1);
  });

  it('compile: false keeps the state pending; compiling by hand then uses a fresh optimizer', async () => {
    clearSession();
    const loaded = await loadModel(`${kerasFixtures}/compiled_mlp/model.keras`, { compile: false });
    expect(loaded.optimizer).toBeNull();
    expect(getPendingTrainingState(loaded)?.optimizer?.name).toBe('rm_sprop');
  });
});

describe('restoreOptimizerVariables', () => {
  it('a count that matches with a shape that does not is a broken file: ModelFileError with the HDF5 path', async () => {
    clearSession();
    const model = smallModel();
    model.compile({ optimizer: new SGD({ momentum: 0.9 }), loss: 'mse' });
    const vars = model.optimizer!.variables.length; // 2 + 4 slots after build
    model.optimizer!.build(model.trainableWeights);
    const saved = {
      name: 'sgd',
      variables: Array.from({ length: model.optimizer!.variables.length }, (_, i) => ({
        shape: i < 2 ? [] : [2, 2], dtype: i === 0 ? ('int32' as const) : ('float32' as const), data: new Float32Array(i < 2 ? 1 : 4),
      })),
    };
    expect(vars).toBe(2);
    expect(() => restoreOptimizerVariables(model.optimizer!, saved, model.trainableWeights, { file: 'x.keras' })).toThrow(
      /file "x.keras", HDF5 path "\/optimizer\/vars\/2": optimizer variable "sgd\/dense_kernel_momentum" has shape \(6, 5\) but the file holds shape \(2, 2\)/,
    );
    expect(model.optimizer!.iterations.dataSync()[0]).toBe(0);
  });
});
