import { beforeEach, describe, expect, it } from 'vitest';
import {
  clearSession,
  ConfigError,
  Dense,
  getLayerClass,
  Input,
  Layer,
  Model,
  registerLayer,
  type CallContext,
  type LayerArgs,
  type LayerConfig,
  type Shape,
  type Tensor,
  type Weight,
} from '../index.js';
import { useBackend } from '../backend/registry.js';
import { registeredNameOf } from '../saving/registry.js';
import { referenceBackend as ops } from '../testing/reference-backend.js';
import { runLayerTest } from '../testing/run-layer-test.js';

/** The guide's `CustomDense`, written as a user would in TypeScript. */
interface CustomDenseArgs extends LayerArgs {
  units?: number;
}

class CustomDense extends Layer {
  static override className = 'CustomDense';
  readonly units: number;
  w: Weight | null = null;
  b: Weight | null = null;

  constructor(args: CustomDenseArgs = {}) {
    super(args);
    this.units = args.units ?? 32;
  }

  override build(inputShape: Shape): void {
    this.w = this.addWeight({ name: 'kernel', shape: [inputShape.at(-1) as number, this.units], initializer: 'random_normal', trainable: true });
    this.b = this.addWeight({ name: 'bias', shape: [this.units], initializer: 'random_normal', trainable: true });
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape.slice(0, -1), this.units];
  }

  override call(inputs: Tensor, { ops }: CallContext): Tensor {
    return ops.add(ops.matMul(inputs, (this.w as Weight).read()), (this.b as Weight).read());
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), units: this.units };
  }
}

beforeEach(() => clearSession());

describe('custom layers (the guide\'s CustomDense)', () => {
  it('refuses an unregistered class name with a ConfigError that says how to fix it', () => {
    expect(() => getLayerClass('NotRegisteredAnywhere')).toThrow(ConfigError);
    expect(() => getLayerClass('NotRegisteredAnywhere')).toThrow(
      'Unknown layer class "NotRegisteredAnywhere". Register it with registerLayer(NotRegisteredAnywhere) or pass it in customObjects: { NotRegisteredAnywhere }.',
    );
    expect(() => getLayerClass('Lambda')).toThrow(/Refusing to load a `Lambda` layer/);
  });

  it('builds a functional model with Keras names, shapes and weights', () => {
    const inputs = Input({ shape: [4] });
    const layer = new CustomDense({ units: 10 });
    const outputs = layer.apply(inputs);
    const model = new Model(inputs, outputs);
    expect(layer.name).toBe('custom_dense');
    expect(outputs.shape).toEqual([null, 10]);
    expect(model.layers.map((l) => l.className)).toEqual(['InputLayer', 'CustomDense']);
    expect(model.countParams()).toBe(50);
    expect(layer.weights.map((w) => [w.path, [...w.shape], w.trainable])).toEqual([
      ['custom_dense/kernel', [4, 10], true],
      ['custom_dense/bias', [10], true],
    ]);
    expect(layer.getConfig()).toMatchObject({ name: 'custom_dense', trainable: true, units: 10 });
    expect(layer.getBuildConfig()).toEqual({ input_shape: [null, 4] });
  });

  it('is found by getLayerClass once registered, and passes the layer test', () => {
    registerLayer(CustomDense);
    expect(getLayerClass('CustomDense')).toBe(CustomDense);
    expect(getLayerClass('CustomDense', 'Custom>CustomDense')).toBe(CustomDense);
    expect(registeredNameOf(new CustomDense())).toBe('Custom>CustomDense');
    expect(registeredNameOf(new Dense({ units: 1 }))).toBeNull();
    runLayerTest({
      layer: () => new CustomDense({ units: 3 }),
      inputShape: [null, 5],
      expectedOutputShape: [null, 3],
      expectedParams: 18,
      expectedWeightShapes: [[5, 3], [3]],
    });
  });

  it('prefers customObjects over the registry', () => {
    class Other extends CustomDense {
      static override className = 'CustomDense';
    }
    expect(getLayerClass('CustomDense', null, { CustomDense: Other })).toBe(Other);
  });

  it('computes through the backend ops', async () => {
    await useBackend(ops);
    const layer = new CustomDense({ units: 2 });
    layer.maybeBuild([null, 2]);
    layer.w?.assign([1, 2, 3, 4]);
    layer.b?.assign([10, 20]);
    const y = layer.apply(ops.tensor([1, 1, 0, 2], [2, 2])) as Tensor;
    expect(Array.from(ops.readSync(y))).toEqual([14, 26, 16, 28]);
  });
});
