import { beforeEach, describe, expect, it } from 'vitest';
import { clearSession, ConfigError, Dense, Input, Model, modelFromConfig, serializeModel } from '../index.js';

beforeEach(() => clearSession());

// Keras 2 / tfjs shaped entries, kept small.
type Node2 = [string, number, number, Record<string, unknown>?][];
const input = (name: string, shape: (number | null)[] = [null, 2], extra: Record<string, unknown> = {}) => ({
  class_name: 'InputLayer',
  config: { batch_input_shape: shape, dtype: 'float32', sparse: false, name, ...extra },
  name,
  inbound_nodes: [] as Node2[],
});
const dense = (name: string, inbound: Node2[], units = 2, extra: Record<string, unknown> = {}) => ({
  class_name: 'Dense',
  config: { name, trainable: true, units, activation: 'linear', use_bias: true, ...extra },
  name,
  inbound_nodes: inbound,
});
const model = (layers: unknown[], outputs: unknown, inputs: unknown = [['x', 0, 0]], name = 'm') => ({
  class_name: 'Model',
  config: { name, layers, input_layers: inputs, output_layers: outputs },
  keras_version: 'tfjs-layers 4.22.0',
  backend: 'tensor_flow.js',
});

describe('Keras 2 / tfjs forms', () => {
  it('reads list-form nodes, batch_input_shape, string and Policy dtypes, and ignores unknown keys', () => {
    const cfg = model(
      [
        input('x', [null, 3]),
        dense('d1', [[['x', 0, 0, {}]]], 4, { activity_regularizer: null, dtype: 'float32' }),
        dense('d2', [[['d1', 0, 0, {}]]], 2, { dtype: { class_name: 'Policy', config: { name: 'float32' } } }),
        { class_name: 'Concatenate', config: { name: 'cat', axis: -1 }, name: 'cat', inbound_nodes: [[['d1', 0, 0, {}], ['d2', 0, 0, {}]]] },
      ],
      [['cat', 0, 0]],
    );
    const m = modelFromConfig(cfg);
    expect(m.layers.map((l) => l.name)).toEqual(['x', 'd1', 'd2', 'cat']);
    expect(m.outputs[0]?.shape).toEqual([null, 6]);
    expect(m.countParams()).toBe(3 * 4 + 4 + 4 * 2 + 2);
    // Written back in Keras 3 form: a list of one triple stays a list.
    const out = serializeModel(m);
    expect(out.class_name).toBe('Functional');
    expect(out.config.output_layers).toEqual([['cat', 0, 0]]);
  });

  it('subtracts a nested model’s built-in node in list-form nodes and in output_layers', () => {
    const member = model([input('mi', [null, 4]), dense('md', [[['mi', 0, 0, {}]]], 1)], [['md', 0, 0]], [['mi', 0, 0]], 'member');
    const cfg = model(
      [input('x', [null, 4]), { ...member, name: 'member', inbound_nodes: [[['x', 0, 0, {}]]] }, dense('head', [[['member', 1, 0, {}]]], 3)],
      [['head', 0, 0], ['member', 1, 0]],
    );
    const m = modelFromConfig(cfg);
    expect(m.getLayer('member')).toBeInstanceOf(Model);
    expect(m.outputNames).toEqual(['head', 'member']);
    expect(m.countParams()).toBe(4 + 1 + 1 * 3 + 3);
    expect(serializeModel(m).config.output_layers).toEqual([['head', 0, 0], ['member', 1, 0]]);
    const bad = structuredClone(cfg);
    (bad.config.layers[2] as { inbound_nodes: Node2[] }).inbound_nodes = [[['member', 0, 0, {}]]];
    expect(() => modelFromConfig(bad)).toThrow(/node 0 of nested model "member", its built-in node/);
  });

  it('unwraps tfjs model.json and converter model_config', () => {
    const topology = model([input('x'), dense('d', [[['x', 0, 0, {}]]])], [['d', 0, 0]]);
    expect(modelFromConfig({ modelTopology: topology, format: 'layers-model' }).name).toBe('m');
    expect(modelFromConfig({ keras_version: '2.15', model_config: topology }).name).toBe('m');
    expect(modelFromConfig(topology.config).name).toBe('m');
  });

  it('loads Keras 2 and Keras 3 Sequential configs as functional models', () => {
    const k2 = {
      class_name: 'Sequential',
      config: {
        name: 'seq',
        layers: [
          { class_name: 'Dense', config: { name: 'a', units: 3, batch_input_shape: [null, 5], dtype: 'float32' } },
          { class_name: 'Dense', config: { name: 'b', units: 1 } },
        ],
      },
    };
    const m2 = modelFromConfig(k2);
    expect(m2.name).toBe('seq');
    expect(m2.layers.map((l) => l.name)).toEqual(['a_input', 'a', 'b']);
    expect(m2.countParams()).toBe(5 * 3 + 3 + 3 + 1);

    const x = Input({ shape: [5], name: 'seq_in' });
    const flat = serializeModel(new Model(x, new Dense({ units: 2, name: 'c' }).apply(x)));
    const layers = (flat.config.layers as Record<string, unknown>[]).map(({ name: _n, inbound_nodes: _i, ...rest }) => rest);
    const k3 = { module: 'keras', class_name: 'Sequential', config: { name: 'seq3', trainable: true, layers }, registered_name: null };
    const m3 = modelFromConfig(k3);
    expect(m3.layers.map((l) => l.name)).toEqual(['seq_in', 'c']);
    // Nested in a Keras 3 functional config: Sequential has no built-in node there.
    const outer = {
      module: 'keras.src.models.functional',
      class_name: 'Functional',
      config: {
        name: 'outer',
        trainable: true,
        layers: [
          { ...input('o', [null, 5]), module: 'keras.layers' },
          { ...k3, name: 'seq3', inbound_nodes: [{ args: [{ class_name: '__keras_tensor__', config: { shape: [null, 5], dtype: 'float32', keras_history: ['o', 0, 0] } }], kwargs: {} }] },
        ],
        input_layers: ['o', 0, 0],
        output_layers: ['seq3', 0, 0],
      },
    };
    expect(modelFromConfig(outer).countParams()).toBe(12);
  });

  it('refuses a Sequential config without an input shape', () => {
    const cfg = { class_name: 'Sequential', config: { name: 's', layers: [{ class_name: 'Dense', config: { name: 'a', units: 3 } }] } };
    expect(() => modelFromConfig(cfg)).toThrow(/first layer "a" has no input shape/);
  });
});

describe('malformed configs fail fast with a ConfigError', () => {
  const cases: [string, unknown, RegExp][] = [
    ['a missing inbound layer', model([input('x'), dense('d', [[['nope', 0, 0, {}]]])], [['d', 0, 0]]), /layer "d" is called on the output of unknown layer "nope"/],
    [
      'a cycle',
      model([input('x'), dense('a', [[['b', 0, 0, {}]]]), dense('b', [[['a', 0, 0, {}]]])], [['b', 0, 0]]),
      /cycle\): node 0 of layer "a" needs node 0 of layer "b", which has 0 node\(s\); node 0 of layer "b" needs node 0 of layer "a"/,
    ],
    ['a bad node index', model([input('x'), dense('d', [[['x', 3, 0, {}]]])], [['d', 0, 0]]), /needs node 3 of layer "x", which has 1 node\(s\)/],
    ['a negative node index', model([input('x'), dense('d', [[['x', -1, 0, {}]]])], [['d', 0, 0]]), /expected non-negative integers/],
    ['a bad tensor index', model([input('x'), dense('d', [[['x', 0, 5, {}]]])], [['d', 0, 0]]), /uses output 5 of node 0 of layer "x", which has 1 output/],
    ['an unknown class', model([input('x'), { ...dense('d', [[['x', 0, 0, {}]]]), class_name: 'Foo' }], [['d', 0, 0]]), /Layer "d" \(Foo\).*Unknown layer class "Foo"/],
    ['a Lambda layer', model([input('x'), { ...dense('d', [[['x', 0, 0, {}]]]), class_name: 'Lambda' }], [['d', 0, 0]]), /Refusing to load a `Lambda` layer/],
    ['an output of an unknown layer', model([input('x'), dense('d', [[['x', 0, 0, {}]]])], [['e', 0, 0]]), /"output_layers" names unknown layer "e"/],
    ['an output node that does not exist', model([input('x'), dense('d', [[['x', 0, 0, {}]]])], [['d', 1, 0]]), /refers to node 1 of layer "d", which has 1 node/],
    ['a malformed node entry', model([input('x'), dense('d', [[['x', 0] as never]])], [['d', 0, 0]]), /expected \["layer", nodeIndex, tensorIndex, \{kwargs\}\]/],
    ['a duplicate layer name', model([input('x'), dense('d', [[['x', 0, 0, {}]]]), dense('d', [[['x', 0, 0, {}]]])], [['d', 0, 0]]), /"d" is used twice/],
    ['a bad constructor argument', model([input('x'), dense('d', [[['x', 0, 0, {}]]], 0)], [['d', 0, 0]]), /Layer "d" \(Dense\).*units=0/],
    [
      'incompatible shapes',
      model(
        [input('x'), input('y', [null, 3, 3]), { class_name: 'Concatenate', config: { name: 'c' }, name: 'c', inbound_nodes: [[['x', 0, 0, {}], ['y', 0, 0, {}]]] }],
        [['c', 0, 0]],
        [['x', 0, 0], ['y', 0, 0]],
      ),
      /calling layer "c" \(node 0\) failed with ShapeError/,
    ],
    ['no layers list', { class_name: 'Functional', config: { name: 'm', input_layers: [], output_layers: [] } }, /"layers" must be a list/],
    ['not a model', { hello: 'world' }, /Not a model config/],
  ];
  for (const [what, cfg, message] of cases) {
    it(`rejects ${what}`, () => {
      expect(() => modelFromConfig(cfg)).toThrow(ConfigError);
      expect(() => modelFromConfig(cfg)).toThrow(message);
    });
  }

  it('rejects a Keras 3 node referencing an unknown layer', () => {
    const x = Input({ shape: [2], name: 'x' });
    const json = JSON.parse(JSON.stringify(serializeModel(new Model(x, new Dense({ units: 1, name: 'd' }).apply(x))))) as {
      config: { layers: { inbound_nodes: { args: { config: { keras_history: unknown[] } }[] }[] }[] };
    };
    json.config.layers[1]!.inbound_nodes[0]!.args[0]!.config.keras_history = ['ghost', 0, 0];
    expect(() => modelFromConfig(json)).toThrow(/unknown layer "ghost"/);
  });
});
