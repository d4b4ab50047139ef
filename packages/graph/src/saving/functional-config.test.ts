import { beforeEach, describe, expect, it } from 'vitest';
import {
  clearSession,
  concatenate,
  ConfigError,
  Dense,
  getLayerClass,
  Input,
  loadedCompileConfig,
  Model,
  modelFromConfig,
  modelFromJSON,
  modelToJSON,
  serializeModel,
  type LayerConfig,
} from '../index.js';

beforeEach(() => clearSession());

/** getConfig → JSON → fromConfig → getConfig must be the identity. */
function roundTrip(model: Model): Model {
  const config = JSON.parse(JSON.stringify(model.getConfig())) as LayerConfig;
  const revived = Model.fromConfig(config);
  expect(revived).toBeInstanceOf(Model);
  expect(revived.getConfig()).toEqual(model.getConfig());
  expect(JSON.stringify(revived.getConfig())).toBe(JSON.stringify(model.getConfig()));
  expect(revived.countParams()).toBe(model.countParams());
  return revived;
}

type Entry = { name: string; inbound_nodes: { args: unknown[]; kwargs: Record<string, unknown> }[] };
type KT = { config: { keras_history: unknown } };
/** The keras_history of a node's tensor argument (the i-th one for merge layers). */
const history = (node: { args: unknown[] }, i = 0): unknown => {
  const arg = node.args[0] as KT | KT[];
  return (Array.isArray(arg) ? (arg[i] as KT) : arg).config.keras_history;
};

describe('functional getConfig / fromConfig round trip', () => {
  it('writes Keras 3 entries and rebuilds a plain stack', () => {
    const x = Input({ shape: [784] });
    const h = new Dense({ units: 64, activation: 'relu' }).apply(x);
    const y = new Dense({ units: 10 }).apply(h);
    const model = new Model({ inputs: x, outputs: y, name: 'mnist_model' });
    const config = model.getConfig();
    expect(Object.keys(config)).toEqual(['name', 'trainable', 'layers', 'input_layers', 'output_layers']);
    expect(config.input_layers).toEqual(['input_layer', 0, 0]);
    expect(config.output_layers).toEqual(['dense_1', 0, 0]);
    const dense = (config.layers as Record<string, unknown>[])[1] as Record<string, unknown>;
    expect(Object.keys(dense)).toEqual(['module', 'class_name', 'config', 'registered_name', 'build_config', 'name', 'inbound_nodes']);
    expect(dense.inbound_nodes).toEqual([
      {
        args: [{ class_name: '__keras_tensor__', config: { shape: [null, 784], dtype: 'float32', keras_history: ['input_layer', 0, 0] } }],
        kwargs: {},
      },
    ]);
    roundTrip(model);
    expect(modelToJSON(modelFromJSON(modelToJSON(model)))).toBe(modelToJSON(model));
  });

  it('keeps shared layers, with one inbound node per call, even at different depths', () => {
    const a = Input({ shape: [4], name: 'a' });
    const b = Input({ shape: [4], name: 'b' });
    const shared = new Dense({ units: 4, name: 'shared' });
    const other = new Dense({ units: 4, name: 'other' });
    // shared(other(shared(a))): node 1 of `shared` needs node 0 of `other`, which comes later in config order.
    const deep = shared.apply(other.apply(shared.apply(a)));
    const side = shared.apply(b);
    const model = new Model({ inputs: [a, b], outputs: [deep, side] });
    const config = model.getConfig();
    expect(config.output_layers).toEqual([['shared', 1, 0], ['shared', 2, 0]]);
    const entry = (config.layers as Entry[]).find((l) => l.name === 'shared') as Entry;
    expect(entry.inbound_nodes.map((n) => history(n))).toEqual([['a', 0, 0], ['other', 0, 0], ['b', 0, 0]]);
    const revived = roundTrip(model);
    expect(revived.getLayer('shared').inboundNodes).toHaveLength(3);
  });

  it('re-indexes nodes to count only the ones inside the model', () => {
    const x1 = Input({ shape: [3], name: 'x1' });
    const x2 = Input({ shape: [3], name: 'x2' });
    const d = new Dense({ units: 2, name: 'd' });
    d.apply(x1); // node 0, outside the model below
    const y = d.apply(x2); // node 1
    const model = new Model(x2, y);
    const config = model.getConfig();
    expect(config.output_layers).toEqual(['d', 0, 0]);
    const entry = (config.layers as Entry[]).find((l) => l.name === 'd') as Entry;
    expect(entry.inbound_nodes).toHaveLength(1);
    roundTrip(model);
  });

  it('writes nested models with Keras’s +1 in input/output layers but not in inbound nodes', () => {
    const inner = Input({ shape: [8], name: 'inner_in' });
    const encoder = new Model(inner, new Dense({ units: 2, name: 'code' }).apply(inner), { name: 'encoder' });
    const p = Input({ shape: [8], name: 'p' });
    const q = Input({ shape: [8], name: 'q' });
    const ep = encoder.apply(p);
    const eq = encoder.apply(q);
    const joined = concatenate([ep, eq], { name: 'joined' });
    const model = new Model({ inputs: [p, q], outputs: { joined, second: eq }, name: 'siamese' });
    const config = model.getConfig();
    expect(config.output_layers).toEqual({ joined: ['joined', 0, 0], second: ['encoder', 2, 0] });
    const joinedEntry = (config.layers as Entry[]).find((l) => l.name === 'joined') as Entry;
    expect([history(joinedEntry.inbound_nodes[0]!, 0), history(joinedEntry.inbound_nodes[0]!, 1)]).toEqual([
      ['encoder', 0, 0],
      ['encoder', 1, 0],
    ]);
    const encEntry = (config.layers as (Entry & Record<string, unknown>)[]).find((l) => l.name === 'encoder')!;
    expect(encEntry.inbound_nodes[0]!.kwargs).toEqual({ mask: null });
    expect(encEntry.build_config).toEqual({ input_shape: null });
    expect(encEntry.compile_config).toEqual({});
    expect(encEntry.registered_name).toBe('Functional');
    const revived = roundTrip(model);
    expect(Object.keys(revived.outputStructure)).toEqual(['joined', 'second']);
    expect(revived.getLayer('encoder')).toBeInstanceOf(Model);
  });

  it('keeps record inputs and outputs in the user’s key order', () => {
    const z = Input({ shape: [2], name: 'z' });
    const a = Input({ shape: [2], name: 'a' });
    const sum = concatenate([z, a]);
    const model = new Model({ inputs: { z, a }, outputs: { zz: new Dense({ units: 1 }).apply(sum), aa: sum } });
    expect(Object.keys(model.getConfig().input_layers as object)).toEqual(['z', 'a']);
    roundTrip(model);
  });

  it('is what the registry uses for nested Functional entries, and passes customObjects down', () => {
    class Scale extends Dense {
      static override className = 'Scale';
    }
    const i = Input({ shape: [4], name: 'i' });
    const inner = new Model(i, new Scale({ units: 4, name: 'scale' }).apply(i), { name: 'inner' });
    const o = Input({ shape: [4], name: 'o' });
    const model = new Model(o, inner.apply(o), { name: 'outer' });
    const json = JSON.parse(JSON.stringify(serializeModel(model))) as unknown;
    expect(() => modelFromConfig(json)).toThrow(ConfigError);
    expect(() => getLayerClass('Functional').fromConfig(model.getConfig())).toThrow(/"scale" \(Scale\)/);
    expect(() => modelFromConfig(json)).toThrow(/Unknown layer class "Scale"/);
    const revived = modelFromConfig(json, { Scale });
    expect((revived.getLayer('inner') as Model).getLayer('scale')).toBeInstanceOf(Scale);
    expect(getLayerClass('Functional')).toBe(Model);
    expect(Model.fromConfig(model.getConfig(), { Scale })).toBeInstanceOf(Model);
  });

  it('keeps a loaded compile config for re-saving', () => {
    const x = Input({ shape: [2] });
    const json = serializeModel(new Model(x, new Dense({ units: 1 }).apply(x)));
    json.compile_config = { loss: 'mse', metrics: ['mae'] };
    const model = modelFromJSON(JSON.stringify(json));
    expect(loadedCompileConfig(model)).toEqual({ loss: 'mse', metrics: ['mae'] });
    expect(serializeModel(model)).toEqual(json);
  });
});
