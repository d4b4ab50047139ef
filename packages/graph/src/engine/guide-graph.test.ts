import { beforeEach, describe, expect, it } from 'vitest';
import {
  clearSession,
  Conv2D,
  Dense,
  Embedding,
  GlobalMaxPooling2D,
  Input,
  Model,
  Reshape,
  ValueError,
  type SymbolicTensor,
} from '../index.js';

beforeEach(() => clearSession());

describe("the guide's graph sections", () => {
  it('two models over one graph share layers and weights (encoder and autoencoder)', () => {
    const img = Input({ shape: [28, 28, 1], name: 'img' });
    let x = new Conv2D({ filters: 16, kernelSize: 3, activation: 'relu' }).apply(img);
    const encoded = new GlobalMaxPooling2D().apply(x);
    const encoder = new Model(img, encoded, { name: 'encoder' });
    x = new Reshape({ targetShape: [4, 4, 1] }).apply(encoded);
    const autoencoder = new Model(img, x, { name: 'autoencoder' });
    expect(autoencoder.layers.slice(0, 3)).toEqual(encoder.layers);
    expect(autoencoder.getLayer('conv2d').weights[0]).toBe(encoder.getLayer('conv2d').weights[0]);
    expect(encoder.countParams()).toBe(160);
    expect(autoencoder.countParams()).toBe(160);
  });

  it('a shared layer has one node per call; `output` is the first call\'s', () => {
    const a = Input({ shape: [null], dtype: 'int32' });
    const b = Input({ shape: [null], dtype: 'int32' });
    const shared = new Embedding({ inputDim: 1000, outputDim: 128 });
    const ea = shared.apply(a);
    const eb = shared.apply(b);
    expect(shared.inboundNodes).toHaveLength(2);
    expect(shared.output).toBe(ea);
    expect(shared.input).toBe(a);
    expect(eb.history?.nodeIndex).toBe(1);
    const model = new Model([a, b], [ea, eb]);
    expect(model.outputNames).toEqual(['embedding', 'embedding']);
    expect(model.countParams()).toBe(128_000);
  });

  it('extracts features: a model of every layer output (layer.output)', () => {
    const inputs = Input({ shape: [8] });
    let x = new Dense({ units: 4, activation: 'relu' }).apply(inputs);
    x = new Dense({ units: 2 }).apply(x);
    const base = new Model(inputs, x);
    const features = new Model({ inputs: base.inputs, outputs: base.layers.map((l) => l.output) });
    expect(features.outputs.map((t) => t.shape)).toEqual([[null, 8], [null, 4], [null, 2]]);
    expect(features.layers).toEqual(base.layers);
    expect(features.getLayer(1)).toBe(base.getLayer(1));
  });

  it('getLayer reports what exists, as Keras does', () => {
    const inputs = Input({ shape: [3] });
    const model = new Model(inputs, new Dense({ units: 1 }).apply(inputs));
    expect(() => model.getLayer('nope')).toThrow(ValueError);
    expect(() => model.getLayer('nope')).toThrow("No such layer: nope. Existing layers are: ['input_layer', 'dense'].");
    expect(() => model.getLayer(5)).toThrow('Was asked to retrieve layer at index 5 but model only has 2 layers.');
    expect(model.inputNames).toEqual(['input_layer']);
  });

  it('a layer never called has no output, and says so', () => {
    expect(() => new Dense({ units: 2, name: 'lonely' }).output).toThrow(
      'The layer lonely has never been called and thus has no defined output.',
    );
  });

  it('a nested model called on a new input keeps the outer graph separate', () => {
    const inner = Input({ shape: [4] });
    const sub = new Model(inner, new Dense({ units: 2 }).apply(inner), { name: 'sub' });
    expect(sub.inboundNodes).toHaveLength(0);
    const x1 = Input({ shape: [4] });
    const x2 = Input({ shape: [4] });
    const y1 = sub.apply(x1) as SymbolicTensor;
    const y2 = sub.apply(x2) as SymbolicTensor;
    expect(sub.inboundNodes).toHaveLength(2);
    const outer = new Model([x1, x2], [y1, y2]);
    expect(outer.layers.map((l) => l.name)).toEqual(['input_layer_1', 'input_layer_2', 'sub']);
    expect(outer.countParams()).toBe(10);
  });
});
