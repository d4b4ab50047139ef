import { beforeEach, describe, expect, it } from 'vitest';
import { clearSession, concatenate, Dense, GraphError, Input, Model, ShapeError } from '../index.js';

beforeEach(() => clearSession());

describe('Model (functional API)', () => {
  it('builds the guide mnist_model with Keras names and parameter counts', () => {
    const inputs = Input({ shape: [784] });
    expect(inputs.shape).toEqual([null, 784]);
    expect(inputs.dtype).toBe('float32');
    const dense = new Dense({ units: 64, activation: 'relu' });
    let x = dense.apply(inputs);
    x = new Dense({ units: 64, activation: 'relu' }).apply(x);
    const outputs = new Dense({ units: 10 }).apply(x);
    const model = new Model({ inputs, outputs, name: 'mnist_model' });
    expect(model.layers.map((l) => l.name)).toEqual(['input_layer', 'dense', 'dense_1', 'dense_2']);
    expect(model.countParams()).toBe(55050);
    expect(model.outputNames).toEqual(['dense_2']);
    expect(outputs.shape).toEqual([null, 10]);
  });

  it('orders a multi-input, dict-output model as Keras does', () => {
    const title = Input({ shape: [8], name: 'title' });
    const body = Input({ shape: [4], name: 'body' });
    const tags = Input({ shape: [12], name: 'tags' });
    const t1 = new Dense({ units: 3 }).apply(title);
    const a = new Dense({ units: 3 }).apply(t1);
    const b = new Dense({ units: 3 }).apply(body);
    const x = concatenate([a, b, tags]);
    const priority = new Dense({ units: 1, name: 'priority' }).apply(x);
    const department = new Dense({ units: 4, name: 'department' }).apply(x);
    const model = new Model({ inputs: [title, body, tags], outputs: { priority, department } });
    expect(model.name).toBe('functional');
    expect(model.outputNames).toEqual(['department', 'priority']);
    expect(model.layers.map((l) => l.name)).toEqual(['title', 'dense', 'body', 'dense_1', 'dense_2', 'tags', 'concatenate', 'department', 'priority']);
  });

  it('rejects disconnected graphs, naming the missing input', () => {
    const a = Input({ shape: [4], name: 'a' });
    const b = Input({ shape: [4], name: 'b' });
    const y = new Dense({ units: 2 }).apply(b);
    expect(() => new Model(a, y)).toThrow(GraphError);
    expect(() => new Model(a, y)).toThrow(/"b"/);
  });

  it('rejects incompatible shapes at definition time', () => {
    const a = Input({ shape: [128] });
    const b = Input({ shape: [32, 5] });
    expect(() => concatenate([a, b])).toThrow(ShapeError);
  });

  it('calls a model as a layer, sharing its weights', () => {
    const inner = Input({ shape: [128] });
    const m1 = new Model(inner, new Dense({ units: 1 }).apply(inner));
    const x = Input({ shape: [128] });
    const y = m1.apply(x);
    expect(y.shape).toEqual([null, 1]);
    const outer = new Model(x, y);
    expect(outer.layers.map((l) => l.className)).toEqual(['InputLayer', 'Functional']);
    expect(outer.weights).toEqual(m1.weights);
  });

  it('builds a 10,000-layer chain without recursion', () => {
    const x0 = Input({ shape: [4] });
    let x = x0;
    for (let i = 0; i < 10_000; i++) x = new Dense({ units: 4 }).apply(x);
    const model = new Model(x0, x);
    expect(model.layers.length).toBe(10_001);
  });
});
