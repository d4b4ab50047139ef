import { beforeEach, describe, expect, it } from 'vitest';
import type { Tensor } from '../../backend/backend.js';
import { useBackend } from '../../backend/registry.js';
import { clearSession, Embedding, Input, LSTM, Model, ShapeError, ValueError, type SymbolicTensor } from '../../index.js';
import { readKerasConfig } from '../../testing/keras-fixtures.js';
import { referenceBackend as ops } from '../../testing/reference-backend.js';
import { runLayerTest } from '../../testing/run-layer-test.js';

beforeEach(() => clearSession());

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** A plain-JS LSTM over `x[b][t][f]` with Keras's weight layout, to check the layer against. */
function referenceLstm(x: number[][][], K: number[], R: number[], bias: number[], u: number, backwards: boolean) {
  return x.map((seq) => {
    const f = (seq[0] as number[]).length;
    let h = Array<number>(u).fill(0);
    let c = Array<number>(u).fill(0);
    const hs: number[][] = [];
    for (const xt of backwards ? [...seq].reverse() : seq) {
      const z = Array.from({ length: 4 * u }, (_, j) => {
        let s = bias[j] as number;
        for (let k = 0; k < f; k++) s += (xt[k] as number) * (K[k * 4 * u + j] as number);
        for (let k = 0; k < u; k++) s += (h[k] as number) * (R[k * 4 * u + j] as number);
        return s;
      });
      c = c.map((cv, j) => sigmoid(z[u + j]!) * cv + sigmoid(z[j]!) * Math.tanh(z[2 * u + j]!));
      h = c.map((cv, j) => sigmoid(z[3 * u + j]!) * Math.tanh(cv));
      hs.push(h);
    }
    return { hs, h, c };
  });
}

describe('LSTM', () => {
  it('passes the layer test (LSTM(32) on 16 features: 6,272 params)', () => {
    runLayerTest({
      layer: () => new LSTM({ units: 32 }),
      inputShape: [null, null, 16],
      expectedOutputShape: [null, 32],
      expectedParams: 6272,
      expectedTrainableWeights: 3,
      expectedWeightShapes: [[16, 128], [32, 128], [128]],
    });
  });

  it('returns sequences and states', () => {
    runLayerTest({
      layer: () => new LSTM({ units: 8, returnSequences: true, returnState: true }),
      inputShape: [null, 10, 16],
      expectedOutputShape: [[null, 10, 8], [null, 8], [null, 8]],
      expectedParams: 800,
    });
  });

  it('counts the guide sizes', () => {
    const count = (units: number, features: number) => {
      const layer = new LSTM({ units });
      layer.apply(Input({ shape: [null, features] }));
      return layer.countParams();
    };
    expect(count(128, 64)).toBe(98816);
    expect(count(32, 64)).toBe(12416);
    expect(count(8, 16)).toBe(800);
  });

  it('matches the golden ticket_model LSTM entry: config, build config, node kwargs, weight paths', () => {
    const golden = (readKerasConfig('ticket_model').config as { layers: Record<string, unknown>[] }).layers;
    const entry = golden.find((l) => l.name === 'lstm') as { config: unknown; build_config: unknown; inbound_nodes: { kwargs: unknown }[] };
    const x = new Embedding({ inputDim: 100, outputDim: 16 }).apply(Input({ shape: [null], name: 'title' }));
    const lstm = new LSTM({ units: 32 });
    lstm.apply(x);
    expect(JSON.parse(JSON.stringify(lstm.getConfig()))).toEqual(JSON.parse(JSON.stringify(entry.config)));
    expect(Object.keys(lstm.getConfig())).toEqual(Object.keys(entry.config as object));
    expect(lstm.getBuildConfig()).toEqual(entry.build_config);
    expect(lstm.inboundNodes[0]?.callKwargs).toEqual(entry.inbound_nodes[0]?.kwargs);
    expect(lstm.weights.map((w) => w.path)).toEqual(['lstm/lstm_cell/kernel', 'lstm/lstm_cell/recurrent_kernel', 'lstm/lstm_cell/bias']);
    expect(lstm.sublayers).toEqual([lstm.cell]);
    expect(lstm.cell.name).toBe('lstm_cell');
    // The cell's fixed name takes no automatic name from the session.
    expect(new LSTM({ units: 2 }).name).toBe('lstm_1');
  });

  it('types returnState outputs as a list in a model', () => {
    const inputs = Input({ shape: [5, 3] });
    const [seq, h, c] = new LSTM<SymbolicTensor[]>({ units: 4, returnState: true }).apply(inputs) as [SymbolicTensor, SymbolicTensor, SymbolicTensor];
    const model = new Model(inputs, [seq, h, c]);
    expect(model.outputs.map((t) => t.shape)).toEqual([[null, 4], [null, 4], [null, 4]]);
    expect(model.countParams()).toBe(4 * (3 * 4 + 4 * 4 + 4));
  });

  it('refuses inputs that are not (batch, time, features) and stateful, naming the layer', () => {
    expect(() => new LSTM({ units: 4, name: 'enc' }).apply(Input({ shape: [7] }))).toThrow(ShapeError);
    expect(() => new LSTM({ units: 4, name: 'enc' }).apply(Input({ shape: [7] }))).toThrow(/Layer "enc" expected its input to have ndim=3/);
    expect(() => new LSTM({ units: 4, name: 'enc' }).apply(Input({ shape: [7, null] }))).toThrow(/"enc" \(LSTM\) needs a known feature dimension/);
    expect(() => new LSTM({ units: 4, stateful: true })).toThrow(ValueError);
  });

  for (const goBackwards of [false, true]) {
    it(`computes like a plain LSTM (goBackwards=${goBackwards})`, async () => {
      await useBackend(ops);
      const [B, T, F, u] = [2, 4, 3, 2];
      const layer = new LSTM({ units: u, returnSequences: true, returnState: true, goBackwards });
      layer.maybeBuild([null, null, F]);
      const x = Array.from({ length: B }, (_, b) => Array.from({ length: T }, (_, t) => Array.from({ length: F }, (_, f) => Math.sin(1 + b * 7 + t * 3 + f))));
      const K = Array.from({ length: F * 4 * u }, (_, i) => Math.cos(i) * 0.5);
      const R = Array.from({ length: u * 4 * u }, (_, i) => Math.sin(i * 1.3) * 0.5);
      const bias = Array.from({ length: 4 * u }, (_, i) => (i % 3) * 0.1 - 0.1);
      const [kw, rw, bw] = layer.weights;
      kw?.assign(K);
      rw?.assign(R);
      bw?.assign(bias);
      const [seq, h, c] = layer.apply(ops.tensor(x.flat(2), [B, T, F])) as Tensor[];
      const want = referenceLstm(x, K, R, bias, u, goBackwards);
      expect(seq?.shape).toEqual([B, T, u]);
      const close = (a: Tensor | undefined, b: number[]) => expect(Array.from(ops.readSync(a as Tensor))).toEqual(b.map((v) => expect.closeTo(v, 5)));
      close(seq, want.flatMap((w) => w.hs.flat()));
      close(h, want.flatMap((w) => w.h));
      close(c, want.flatMap((w) => w.c));
    });
  }
});
