import { beforeEach, describe, expect, it } from 'vitest';
import type { Tensor } from '../backend/backend.js';
import { useBackend } from '../backend/registry.js';
import { flatten, isPlainRecord } from '../common/nest.js';
import { clearSession, type Model } from '../index.js';
import { ensemble, sharedEmbedding, TICKET_SIZES, ticketModel } from '../testing/guide-models.js';
import { flatValues, readFixtureJson, type FixtureArray, type FixtureWeight } from '../testing/keras-fixtures.js';
import { referenceBackend as ops } from '../testing/reference-backend.js';
import { goldenSummaryRows, modelSummaryRows } from '../testing/summary-rows.js';

beforeEach(() => clearSession());

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
    const model = ticketModel(TICKET_SIZES.guide);
    expect(modelSummaryRows(model)).toEqual([
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
    const model = ticketModel(TICKET_SIZES.fixture);
    expect(modelSummaryRows(model)).toEqual(goldenSummaryRows('ticket_model').rows);
    expect(model.layers.map((l) => l.name)).toEqual(['title', 'body', 'embedding', 'embedding_1', 'lstm', 'lstm_1', 'tags', 'concatenate', 'department', 'priority']);
    expect(model.countParams()).toBe(10537);
    expect(model.outputNames).toEqual(['department', 'priority']);
    expect(Object.keys(model.outputStructure)).toEqual(['priority', 'department']);
    expect(model.inputNames).toEqual(['title', 'body', 'tags']);
  });

  it('predicts what Keras predicts after training (float32 ids, LSTM math, dict outputs)', async () => {
    const model = ticketModel(TICKET_SIZES.fixture);
    await checkTrainedPredictions('ticket_model', model);
  });
});

describe('the guide\'s ensemble (section 5)', () => {
  it('matches the golden summary: names, shapes, 387 parameters', () => {
    const model = ensemble();
    expect(modelSummaryRows(model)).toEqual(goldenSummaryRows('ensemble').rows);
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
  it('is one layer with two nodes', () => {
    const model = sharedEmbedding();
    const embedding = model.getLayer('embedding');
    expect(modelSummaryRows(model)).toEqual(goldenSummaryRows('shared_embedding').rows);
    expect(embedding.inboundNodes.length).toBe(2);
    expect(model.outputNames).toEqual(['embedding', 'embedding']);
    expect(model.countParams()).toBe(800);
    expect(model.weights.length).toBe(1);
  });

  it('predicts what Keras predicts after training', async () => {
    await checkTrainedPredictions('shared_embedding', sharedEmbedding());
  });
});
