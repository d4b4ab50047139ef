// RMSprop against Keras 3: the first step of `compiled_mlp` (from `mnist_mlp`'s initial weights)
// and, from the saved optimizer state, the resumed second step.
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpu } from '@kfn/backend-cpu';
import { wasm } from '@kfn/backend-wasm';
import { clearSession, RMSprop, SparseCategoricalCrossentropy, useBackend } from '@kfn/graph';
import { beforeAll, describe, expect, it } from 'vitest';
import { getPendingTrainingState, loadModel } from '../index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const fixtures = path.resolve(repoRoot, '../shared/fixtures/keras');
const flat = (d: unknown): number[] => (Array.isArray(d) ? (d.flat(Infinity) as number[]) : [d as number]);

interface CompiledTrain {
  x: { data: number[][] }[];
  y: { data: unknown };
  history_before_save: Record<string, number[]>;
  resume: {
    history: Record<string, number[]>;
    weights_digest: { path: string; sum: number; abs_sum: number; first: number[] }[];
    last_layer_weights: { path: string; data: unknown }[];
    optimizer_iterations: number;
  };
}
const t = JSON.parse(readFileSync(path.join(fixtures, 'compiled_mlp', 'train.json'), 'utf8')) as CompiledTrain;
const x = t.x[0]!.data;
const y = Float32Array.from(flat(t.y.data));

beforeAll(async () => {
  await useBackend(cpu);
});

describe('compiled_mlp (RMSprop, sparse CE from logits, accuracy)', () => {
  it('reproduces the first step from mnist_mlp initial weights: history, weights and optimizer state', async () => {
    clearSession();
    const model = await loadModel(path.join(fixtures, 'mnist_mlp', 'model.keras'));
    model.compile({ optimizer: new RMSprop(), loss: new SparseCategoricalCrossentropy({ fromLogits: true }), metrics: ['accuracy'] });
    const h = await model.fit(x, y, { batchSize: 4, epochs: 1, shuffle: false, verbose: 0 });
    expect(Object.keys(h.history)).toEqual(['accuracy', 'loss']);
    expect(h.history.accuracy).toEqual(t.history_before_save.accuracy);
    expect(Math.abs(h.history.loss![0]! - t.history_before_save.loss![0]!)).toBeLessThan(1e-4);

    // Uncompiled: the file's compile_config and optimizer/vars stay as they are in the file.
    const saved = await loadModel(path.join(fixtures, 'compiled_mlp', 'model.keras'), { compile: false });
    expect(saved.optimizer).toBeNull();
    saved.weights.forEach((w, i) => {
      const got = model.weights[i]!.dataSync();
      const want = w.dataSync();
      let err = 0;
      want.forEach((v, k) => (err = Math.max(err, Math.abs(v - (got[k] as number)))));
      expect(err, w.path).toBeLessThan(1e-5);
    });
    // Optimizer state: Keras's names, order and values.
    const opt = model.optimizer!;
    expect(opt.name).toBe('rm_sprop');
    expect(opt.variables.map((v) => v.path)).toEqual([
      'rm_sprop/iteration', 'rm_sprop/learning_rate',
      ...['dense', 'dense_1', 'dense_2'].flatMap((l) => [`rm_sprop/${l}_kernel_velocity`, `rm_sprop/${l}_bias_velocity`]),
    ]);
    expect(opt.serialize().config).toEqual(JSON.parse(JSON.stringify((getPendingTrainingState(saved)!.compileConfig!.optimizer as { config: unknown }).config)));
    const file = getPendingTrainingState(saved)!.optimizer!;
    expect(file.name).toBe('rm_sprop');
    expect(file.variables.length).toBe(opt.variables.length);
    opt.variables.forEach((v, i) => {
      const got = v.dataSync();
      const want = file.variables[i]!.data;
      let err = 0;
      want.forEach((w, k) => (err = Math.max(err, Math.abs(w - (got[k] as number)))));
      expect(err, v.path).toBeLessThan(1e-6);
    });
    expect(model.compileConfig).toMatchObject({ loss: { class_name: 'SparseCategoricalCrossentropy' }, metrics: ['accuracy'] });
  });

  it.each([['cpu', cpu], ['wasm', wasm]] as const)('on %s, loadModel returns it compiled, with the RMSprop state restored: one fit step matches Keras\'s resume', async (_name, backend) => {
    await useBackend(backend);
    clearSession();
    const model = await loadModel(path.join(fixtures, 'compiled_mlp', 'model.keras'));
    expect(getPendingTrainingState(model)).toBeNull();
    expect(model.optimizer).toBeInstanceOf(RMSprop);
    expect(model.optimizer!.iterations.dataSync()[0]).toBe(1);
    expect(model.compileConfig).toMatchObject({ loss: { class_name: 'SparseCategoricalCrossentropy', config: { from_logits: true } }, metrics: ['accuracy'] });
    const h = await model.fit(x, y, { batchSize: 4, epochs: 1, shuffle: false, verbose: 0 });
    expect(h.history.accuracy).toEqual(t.resume.history.accuracy);
    expect(Math.abs(h.history.loss![0]! - t.resume.history.loss![0]!)).toBeLessThan(1e-4);
    expect(model.optimizer!.iterations.dataSync()[0]).toBe(t.resume.optimizer_iterations);
    const byPath = new Map(model.weights.map((w) => [w.path, w]));
    for (const d of t.resume.weights_digest) {
      const got = Array.from(byPath.get(d.path)!.dataSync());
      const sum = got.reduce((a, b) => a + b, 0);
      expect(Math.abs(sum - d.sum), d.path).toBeLessThan(1e-3);
      got.slice(0, d.first.length).forEach((v, i) => expect(Math.abs(v - d.first[i]!)).toBeLessThan(1e-5));
    }
    for (const w of t.resume.last_layer_weights) {
      const got = byPath.get(w.path)!.dataSync();
      flat(w.data).forEach((v, i) => expect(Math.abs(v - (got[i] as number))).toBeLessThan(1e-5));
    }
  });
});
