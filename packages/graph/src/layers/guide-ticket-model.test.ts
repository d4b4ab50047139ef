import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Tensor } from '../backend/backend.js';
import { useBackend } from '../backend/registry.js';
import { flatten, isPlainRecord } from '../common/nest.js';
import {
  average,
  clearSession,
  concatenate,
  Dense,
  Embedding,
  formatShape,
  Input,
  LSTM,
  Model,
  type SymbolicTensor,
} from '../index.js';
import { flatValues, kerasFixtures, readFixtureJson, type FixtureArray, type FixtureWeight } from '../testing/keras-fixtures.js';
import { referenceBackend as ops } from '../testing/reference-backend.js';

beforeEach(() => clearSession());

/** The guide's section 6 ticket model, with its sizes as arguments. */
function ticketModel(s: { words: number; embed: number; titleUnits: number; bodyUnits: number; tags: number; departments: number }) {
  const title = Input({ shape: [null], name: 'title' });
  const body = Input({ shape: [null], name: 'body' });
  const tags = Input({ shape: [s.tags], name: 'tags' });
  const titleFeatures = new LSTM({ units: s.titleUnits }).apply(new Embedding({ inputDim: s.words, outputDim: s.embed }).apply(title));
  const bodyFeatures = new LSTM({ units: s.bodyUnits }).apply(new Embedding({ inputDim: s.words, outputDim: s.embed }).apply(body));
  const x = concatenate([titleFeatures, bodyFeatures, tags]);
  const priority = new Dense({ units: 1, name: 'priority' }).apply(x);
  const department = new Dense({ units: s.departments, name: 'department' }).apply(x);
  return new Model({ inputs: [title, body, tags], outputs: { priority, department } });
}

/** `[name, class, output shape, params]` rows of a golden `summary.txt`. */
function summaryRows(caseName: string): [string, string, string, number][] {
  const text = readFileSync(path.join(kerasFixtures, caseName, 'summary.txt'), 'utf8');
  const rows: [string, string, string, number][] = [];
  for (const line of text.split('\n')) {
    const cells = line.split('│').slice(1, -1).map((c) => c.trim());
    const m = /^(\S+) \((\w+)\)$/.exec(cells[0] ?? '');
    if (m) rows.push([m[1] as string, m[2] as string, cells[1] as string, Number((cells[2] as string).replace(/,/g, ''))]);
  }
  return rows;
}

function ourRows(model: Model): [string, string, string, number][] {
  return model.layers.map((l) => {
    const node = l.inboundNodes.filter((n) => model.nodes.includes(n)).at(-1);
    return [l.name, l.className, formatShape((node?.outputs[0] as SymbolicTensor).shape), l.countParams()];
  });
}

/** Loads `train.json`'s final weights by Keras variable path, predicts `input.json`, compares to Keras. */
async function checkTrainedPredictions(caseName: string, model: Model) {
  await useBackend(ops);
  const train = readFixtureJson<{ final_weights: FixtureWeight[]; predictions_after_training: FixtureArray[] }>(caseName, 'train.json');
  const byPath = new Map(model.weights.map((w) => [w.path, w]));
  expect([...byPath.keys()].sort()).toEqual(train.final_weights.map((w) => w.path).sort());
  for (const w of train.final_weights) byPath.get(w.path)?.assign(flatValues(w.data));
  const input = readFixtureJson<{ inputs: FixtureArray[] }>(caseName, 'input.json');
  expect(input.inputs.map((i) => i.name)).toEqual(model.inputNames);
  const xs = input.inputs.map((i) => ops.tensor(flatValues(i.data), i.shape, i.dtype as 'float32' | 'int32'));
  const ys = flatten(model.predict(xs), (x): x is Tensor => !Array.isArray(x) && !isPlainRecord(x));
  const want = train.predictions_after_training;
  expect(ys.map((y) => y.shape)).toEqual(want.map((w) => w.shape));
  ys.forEach((y, i) => {
    expect(Array.from(ops.readSync(y))).toEqual(flatValues(want[i]?.data).map((v) => expect.closeTo(v, 5)));
  });
}

describe('the guide\'s ticket model (section 6)', () => {
  it('has the guide sizes: 10,000 words, Embedding 64, LSTM 128/32', () => {
    const model = ticketModel({ words: 10000, embed: 64, titleUnits: 128, bodyUnits: 32, tags: 12, departments: 4 });
    expect(ourRows(model)).toEqual([
      ['title', 'InputLayer', '(None, None)', 0],
      ['body', 'InputLayer', '(None, None)', 0],
      ['embedding', 'Embedding', '(None, None, 64)', 640000],
      ['embedding_1', 'Embedding', '(None, None, 64)', 640000],
      ['lstm', 'LSTM', '(None, 128)', 98816],
      ['lstm_1', 'LSTM', '(None, 32)', 12416],
      ['tags', 'InputLayer', '(None, 12)', 0],
      ['concatenate', 'Concatenate', '(None, 172)', 0],
      ['department', 'Dense', '(None, 4)', 692],
      ['priority', 'Dense', '(None, 1)', 173],
    ]);
    expect(model.countParams()).toBe(1392097);
  });

  it('matches the golden fixture\'s summary: order, shapes, parameters (10,537)', () => {
    const model = ticketModel({ words: 100, embed: 16, titleUnits: 32, bodyUnits: 8, tags: 12, departments: 4 });
    expect(ourRows(model)).toEqual(summaryRows('ticket_model'));
    expect(model.layers.map((l) => l.name)).toEqual(['title', 'body', 'embedding', 'embedding_1', 'lstm', 'lstm_1', 'tags', 'concatenate', 'department', 'priority']);
    expect(model.countParams()).toBe(10537);
    expect(model.outputNames).toEqual(['department', 'priority']);
    expect(Object.keys(model.outputStructure)).toEqual(['priority', 'department']);
    expect(model.inputNames).toEqual(['title', 'body', 'tags']);
  });

  it('predicts what Keras predicts after training (float32 ids, LSTM math, dict outputs)', async () => {
    const model = ticketModel({ words: 100, embed: 16, titleUnits: 32, bodyUnits: 8, tags: 12, departments: 4 });
    await checkTrainedPredictions('ticket_model', model);
  });
});

describe('the guide\'s ensemble (section 5)', () => {
  function ensemble() {
    const getModel = () => {
      const inputs = Input({ shape: [128] });
      return new Model(inputs, new Dense({ units: 1 }).apply(inputs));
    };
    const models = [getModel(), getModel(), getModel()];
    const inputs = Input({ shape: [128] });
    const outputs = average(models.map((m) => m.apply(inputs)));
    return new Model({ inputs, outputs });
  }

  it('matches the golden summary: names, shapes, 387 parameters', () => {
    const model = ensemble();
    expect(ourRows(model)).toEqual(summaryRows('ensemble'));
    expect(model.layers.map((l) => l.name)).toEqual(['input_layer_3', 'functional', 'functional_1', 'functional_2', 'average']);
    expect(model.name).toBe('functional_3');
    expect(model.countParams()).toBe(387);
    expect(model.getLayer('average').getBuildConfig()).toEqual({ input_shape: [[null, 1], [null, 1], [null, 1]] });
  });

  it('predicts what Keras predicts after training', async () => {
    await checkTrainedPredictions('ensemble', ensemble());
  });
});

describe('the guide\'s shared embedding (section 8)', () => {
  function shared() {
    const a = Input({ shape: [null], dtype: 'int32' });
    const b = Input({ shape: [null], dtype: 'int32' });
    const embedding = new Embedding({ inputDim: 100, outputDim: 8 });
    return { embedding, model: new Model([a, b], [embedding.apply(a), embedding.apply(b)]) };
  }

  it('is one layer with two nodes', () => {
    const { embedding, model } = shared();
    expect(ourRows(model)).toEqual(summaryRows('shared_embedding'));
    expect(embedding.inboundNodes.length).toBe(2);
    expect(model.outputNames).toEqual(['embedding', 'embedding']);
    expect(model.countParams()).toBe(800);
    expect(model.weights.length).toBe(1);
  });

  it('predicts what Keras predicts after training', async () => {
    await checkTrainedPredictions('shared_embedding', shared().model);
  });
});
