import { beforeEach, describe, expect, it } from 'vitest';
import type { Tensor } from '../../backend/backend.js';
import { useBackend } from '../../backend/registry.js';
import { clearSession, LSTMCell, ShapeError, ValueError } from '../../index.js';
import { referenceBackend as ops } from '../../testing/reference-backend.js';
import { runLayerTest } from '../../testing/run-layer-test.js';

beforeEach(() => clearSession());

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

describe('LSTMCell', () => {
  it('passes the layer test, called on [x, h, c]', () => {
    runLayerTest({
      layer: () => new LSTMCell({ units: 8 }),
      inputShape: [[null, 16], [null, 8], [null, 8]],
      expectedOutputShape: [[null, 8], [null, 8], [null, 8]],
      expectedParams: 800,
      expectedTrainableWeights: 3,
      expectedWeightShapes: [[16, 32], [8, 32], [32]],
    });
  });

  it('starts the forget-gate bias at 1 with unitForgetBias, else from biasInitializer', async () => {
    await useBackend(ops);
    const cell = new LSTMCell({ units: 2 });
    cell.maybeBuild([null, 3]);
    expect(Array.from(cell.bias?.dataSync() ?? [])).toEqual([0, 0, 1, 1, 0, 0, 0, 0]);
    const plain = new LSTMCell({ units: 2, unitForgetBias: false, biasInitializer: 'ones' });
    plain.maybeBuild([null, 3]);
    expect(Array.from(plain.bias?.dataSync() ?? [])).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    const noBias = new LSTMCell({ units: 2, useBias: false });
    noBias.maybeBuild([null, 3]);
    expect(noBias.weights.map((w) => w.name)).toEqual(['kernel', 'recurrent_kernel']);
  });

  it('computes one step with gates in the order i, f, c, o', async () => {
    await useBackend(ops);
    const cell = new LSTMCell({ units: 1 });
    cell.maybeBuild([null, 1]);
    // Gates i, f, c, o get x·K + h·R + b with distinct weights per gate.
    const K = [0.5, -0.3, 0.8, 0.1];
    const R = [0.2, 0.4, -0.6, 0.9];
    const b = [0.1, 1.0, -0.2, 0.3];
    cell.kernel?.assign(K);
    cell.recurrentKernel?.assign(R);
    cell.bias?.assign(b);
    const [x, h0, c0] = [0.7, -0.4, 0.25];
    const z = K.map((k, g) => k * x + (R[g] as number) * h0 + (b[g] as number));
    const [i, f, cc, o] = [sigmoid(z[0]!), sigmoid(z[1]!), Math.tanh(z[2]!), sigmoid(z[3]!)];
    const c1 = f * c0 + i * cc;
    const h1 = o * Math.tanh(c1);
    const out = cell.apply([ops.tensor([x], [1, 1]), ops.tensor([h0], [1, 1]), ops.tensor([c0], [1, 1])]) as Tensor[];
    expect(out.map((t) => ops.readSync(t)[0])).toEqual([h1, h1, c1].map((v) => expect.closeTo(v, 6)));
  });

  it('writes its config, and refuses bad arguments naming the layer', () => {
    const cell = new LSTMCell({ units: 4, recurrentActivation: 'hard_sigmoid', dropout: 0.25 });
    expect(cell.getConfig()).toMatchObject({
      name: 'lstm_cell',
      units: 4,
      activation: 'tanh',
      recurrent_activation: 'hard_sigmoid',
      unit_forget_bias: true,
      dropout: 0.25,
      recurrent_dropout: 0,
      seed: null,
    });
    expect(() => new LSTMCell({ units: 0 })).toThrow(ValueError);
    expect(() => new LSTMCell({ units: 2, dropout: 1 })).toThrow(/`dropout` must be in \[0, 1\). Received: dropout=1/);
    expect(() => new LSTMCell({ units: 2, name: 'c' }).maybeBuild([null, 3, 4])).toThrow(ShapeError);
  });
});
