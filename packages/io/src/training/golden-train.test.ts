// Training on cpu against Keras 3's own numbers: every golden `train.json` (three full-batch
// SGD steps from `model.keras`'s initial weights) gives the same losses and final weights.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpu } from '@kfn/backend-cpu';
import { wasm } from '@kfn/backend-wasm';
import { clearSession, deserializeLoss, SGD, useBackend, type KerasObject, type Model } from '@kfn/graph';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const fixtures = path.resolve(repoRoot, '../shared/fixtures/keras');

interface Arr {
  shape: number[];
  dtype: string;
  data: unknown;
}
interface TrainJson {
  compile: { loss: unknown; loss_weights?: Record<string, number> | number[] };
  y: Arr | Arr[] | Record<string, Arr>;
  history: Record<string, number[]>;
  final_weights: { path: string; shape: number[]; data: unknown }[];
}

const flat = (d: unknown): number[] => (Array.isArray(d) ? (d.flat(Infinity) as number[]) : [d as number]);
const toTyped = (a: Arr) => (a.dtype.startsWith('int') ? Int32Array.from(flat(a.data)) : Float32Array.from(flat(a.data)));
const read = <T>(c: string, f: string): T => JSON.parse(readFileSync(path.join(fixtures, c, f), 'utf8')) as T;

function lossArg(loss: unknown): never {
  const one = (l: unknown) => (typeof l === 'string' ? l : deserializeLoss(l as KerasObject));
  if (Array.isArray(loss)) return loss.map(one) as never;
  if (typeof loss === 'object' && loss !== null && !('class_name' in loss)) {
    return Object.fromEntries(Object.entries(loss).map(([k, v]) => [k, one(v)])) as never;
  }
  return one(loss) as never;
}

async function trainCase(name: string): Promise<{ model: Model; history: Record<string, number[]>; t: TrainJson }> {
  clearSession();
  const t = read<TrainJson>(name, 'train.json');
  const input = read<{ inputs: (Arr & { name: string })[] }>(name, 'input.json');
  const model = await loadModel(path.join(fixtures, name, 'model.keras'));
  model.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: lossArg(t.compile.loss), lossWeights: t.compile.loss_weights ?? null });
  // Nested arrays: some inputs have unknown dims (sequences), which typed arrays cannot describe.
  const x = Object.fromEntries(input.inputs.map((i) => [i.name, i.data as never]));
  const y = Array.isArray(t.y)
    ? t.y.map((a) => a.data)
    : 'shape' in t.y
      ? toTyped(t.y as Arr)
      : Object.fromEntries(Object.entries(t.y as Record<string, Arr>).map(([k, v]) => [k, toTyped(v)]));
  const h = await model.fit(x, y as never, { batchSize: 4, epochs: 3, shuffle: false, verbose: 0 });
  return { model, history: h.history, t };
}

function compare(model: Model, history: Record<string, number[]>, t: TrainJson): void {
  expect(Object.keys(history)).toEqual(Object.keys(t.history).sort());
  for (const [k, v] of Object.entries(t.history)) {
    (history[k] as number[]).forEach((got, i) => expect(Math.abs(got - (v[i] as number)), `${k}[${i}]`).toBeLessThan(1e-4));
  }
  const byPath = new Map(model.weights.map((w) => [w.path, w]));
  for (const fw of t.final_weights) {
    const w = byPath.get(fw.path);
    expect(w, fw.path).toBeDefined();
    const got = w!.dataSync();
    const want = flat(fw.data);
    let maxErr = 0;
    want.forEach((v, i) => (maxErr = Math.max(maxErr, Math.abs((got[i] as number) - v))));
    expect(maxErr, fw.path).toBeLessThan(1e-4);
  }
}

// On wasm too: tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter nor UnsortedSegmentSum, and
// kfn's own backward passes (@kfn/backend-tfjs `gradients/`) need neither.
const CASES = ['mnist_mlp', 'encoder', 'autoencoder', 'nested_autoencoder', 'ensemble', 'ticket_model', 'shared_embedding'];

describe('golden train.json on cpu', () => {
  beforeAll(async () => {
    await useBackend(cpu);
  });
  for (const name of CASES) {
    it(`${name}: losses and final weights match Keras within 1e-4`, async () => {
      const { model, history, t } = await trainCase(name);
      compare(model, history, t);
    }, 60_000);
  }
});

describe('golden train.json on wasm', () => {
  beforeAll(async () => {
    await useBackend(wasm);
  });
  for (const name of CASES) {
    it(`${name}: losses and final weights match Keras within 1e-4`, async () => {
      const { model, history, t } = await trainCase(name);
      compare(model, history, t);
    }, 60_000);
  }
});

// The guide's toy ResNet has no train.json (its Dropout is random in training): it must train
// on both backends, to the same losses when Dropout is off, leaving no tensor behind.
describe('toy_resnet trains on cpu and wasm', () => {
  it('gives finite, equal losses (Dropout at rate 0) and leaks no tensor', async () => {
    const input = read<{ inputs: (Arr & { name: string })[] }>('toy_resnet', 'input.json');
    const x = Float32Array.from(flat(input.inputs[0]!.data));
    const y = Int32Array.from({ length: 4 }, (_, i) => (i * 3) % 10);
    const losses: number[][] = [];
    for (const provider of [cpu, wasm]) {
      const ops = await useBackend(provider);
      clearSession();
      const model = await loadModel(path.join(fixtures, 'toy_resnet', 'model.keras'));
      for (const layer of model.layers) if ('rate' in layer) (layer as unknown as { rate: number }).rate = 0;
      model.compile({ optimizer: new SGD({ learningRate: 0.01 }), loss: 'sparse_categorical_crossentropy' });
      const before = ops.numTensors();
      const h = await model.fit({ img: x }, y, { batchSize: 2, epochs: 2, shuffle: false, verbose: 0 });
      losses.push(h.history.loss as number[]);
      for (const w of model.weights) w.dispose();
      expect(ops.numTensors()).toBeLessThanOrEqual(before);
    }
    for (const l of losses.flat()) expect(Number.isFinite(l)).toBe(true);
    losses[0]!.forEach((l, i) => expect(Math.abs(l - (losses[1]![i] as number))).toBeLessThan(1e-4));
  }, 60_000);
});
