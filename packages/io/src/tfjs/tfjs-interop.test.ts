import { clearSession, useBackend } from '@kfn/graph';
import { cpu } from '@kfn/backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { NodeFileHandler } from '../handlers/node-file.js';
import { loadModel } from '../model-io.js';
import { fixtureCases, flat, kerasFixtures, readBytes, readJson, tfjsFixtures } from '../testing/fixtures.js';
import { maxAbsDiff, predictFlat } from '../testing/predict.js';
import { encodeLayersModel } from './layers-model.js';
import { loadInTfjs } from '../testing/tfjs-layers.js';

beforeAll(async () => {
  await useBackend(cpu);
  await tf.setBackend('cpu');
});

function tfjsPredict(model: tfl.LayersModel, inputs: unknown[]): Float32Array[] {
  const xs = inputs.map((x) => tf.tensor(x as number[]));
  const out = model.predict(xs.length === 1 ? xs[0]! : xs);
  const list = Array.isArray(out) ? out : [out];
  const data = list.map((t) => Float32Array.from(t.dataSync()));
  tf.dispose([...xs, ...list]);
  return data;
}

describe('layers-models kfn writes load in @tensorflow/tfjs-layers 4.22 with the same predictions', () => {
  for (const name of fixtureCases(tfjsFixtures, 'model.json')) {
    it(`tfjs/${name} (read by kfn, written by kfn, read by tfjs)`, async () => {
      clearSession();
      const model = await loadModel(new NodeFileHandler(path.join(tfjsFixtures, name, 'model.json')));
      const { json, weights } = await encodeLayersModel(model);
      const tfModel = await loadInTfjs(json, weights);
      const input = readJson<Record<string, unknown>>(tfjsFixtures, name, 'input.json');
      const want = Object.values(readJson<Record<string, unknown>>(tfjsFixtures, name, 'output.json'));
      const got = tfjsPredict(tfModel, Object.values(input));
      want.forEach((o, k) => expect(maxAbsDiff(got[k]!, flat(o))).toBeLessThan(1e-5));
      tfModel.dispose();
    }, 60_000);
  }

  for (const name of fixtureCases(kerasFixtures, 'model.keras')) {
    it(`keras/${name} (a Keras 3 file converted to a layers-model)`, async () => {
      clearSession();
      const model = await loadModel(readBytes(kerasFixtures, name, 'model.keras'));
      const { json, weights } = await encodeLayersModel(model);
      const inputs = readJson<{ inputs: { data: unknown }[] }>(kerasFixtures, name, 'input.json').inputs.map((i) => i.data);
      const ours = predictFlat(model, inputs);
      const tfModel = await loadInTfjs(json, weights);
      const theirs = tfjsPredict(tfModel, inputs);
      expect(theirs.length).toBe(ours.length);
      ours.forEach((o, k) => expect(maxAbsDiff(theirs[k]!, o.data)).toBeLessThan(1e-4));
      tfModel.dispose();
    }, 60_000);
  }
});
