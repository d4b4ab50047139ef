import { beforeEach, describe, expect, it } from 'vitest';
import type { Tensor } from '../../backend/backend.js';
import { useBackend } from '../../backend/registry.js';
import { clearSession, Conv2D, Input, ShapeError, ValueError } from '../../index.js';
import { goldenLayer } from '../../testing/golden-layer.js';
import { referenceNnBackend as ops } from '../../testing/reference-nn-ops.js';
import { runLayerTest } from '../../testing/run-layer-test.js';

beforeEach(() => clearSession());

describe('Conv2D', () => {
  it('passes the layer test (the guide encoder first layer: 160 params)', () => {
    runLayerTest({
      layer: () => new Conv2D({ filters: 16, kernelSize: 3, activation: 'relu' }),
      inputShape: [null, 28, 28, 1],
      expectedOutputShape: [null, 26, 26, 16],
      expectedParams: 160,
      expectedTrainableWeights: 2,
      expectedWeightShapes: [[3, 3, 1, 16], [16]],
    });
  });

  it('handles strides, same padding, dilation and groups', () => {
    runLayerTest({
      layer: () => new Conv2D({ filters: 8, kernelSize: [3, 5], strides: 2, padding: 'same', useBias: false }),
      inputShape: [null, 9, 10, 3],
      expectedOutputShape: [null, 5, 5, 8],
      expectedParams: 3 * 5 * 3 * 8,
    });
    runLayerTest({
      layer: () => new Conv2D({ filters: 4, kernelSize: 3, dilationRate: 2 }),
      inputShape: [null, 10, null, 2],
      expectedOutputShape: [null, 6, null, 4],
      expectedWeightShapes: [[3, 3, 2, 4], [4]],
    });
    runLayerTest({
      layer: () => new Conv2D({ filters: 6, kernelSize: 1, groups: 2 }),
      inputShape: [null, 4, 4, 4],
      expectedOutputShape: [null, 4, 4, 6],
      expectedWeightShapes: [[1, 1, 2, 6], [6]],
    });
  });

  it('writes the config and build config exactly as Keras 3 (autoencoder conv2d_1)', () => {
    const golden = goldenLayer('autoencoder', 'conv2d_1');
    const layer = new Conv2D({ filters: 32, kernelSize: 3, activation: 'relu', name: 'conv2d_1' });
    layer.apply(Input({ shape: [26, 26, 16] }));
    const config = layer.getConfig();
    expect(config).toEqual(golden.config);
    expect(Object.keys(config)).toEqual(Object.keys(golden.config));
    expect(layer.getBuildConfig()).toEqual(golden.build_config);
    // Keras's `cls(**config)`: the golden config itself builds an equal layer.
    expect(Conv2D.fromConfig(golden.config).getConfig()).toEqual(golden.config);
  });

  it('refuses bad shapes at definition time, naming the layer', () => {
    expect(() => new Conv2D({ filters: 2, kernelSize: 3, name: 'c' }).apply(Input({ shape: [28, 28] }))).toThrow(
      'Layer "c" expected its input to have ndim=4, but received a tensor of shape (None, 28, 28) (ndim=3).',
    );
    expect(() => new Conv2D({ filters: 2, kernelSize: 5, name: 'big' }).apply(Input({ shape: [4, 4, 1] }))).toThrow(ShapeError);
    expect(() => new Conv2D({ filters: 2, kernelSize: 5, name: 'big' }).apply(Input({ shape: [4, 4, 1] }))).toThrow(
      /Layer "big" \(Conv2D\) computed an output of shape \(None, 0, 0, 2\).*kernel_size=\(5, 5\).*\(None, 4, 4, 1\)/,
    );
    expect(() => new Conv2D({ filters: 4, kernelSize: 1, groups: 2 }).apply(Input({ shape: [4, 4, 3] }))).toThrow(/divisible by groups=2/);
    expect(() => new Conv2D({ filters: 2, kernelSize: 3 }).apply(Input({ shape: [8, 8, null] }))).toThrow(/channel dimension/);
  });

  it('refuses bad arguments', () => {
    expect(() => new Conv2D({ filters: 0, kernelSize: 3 })).toThrow(ValueError);
    expect(() => new Conv2D({ filters: 2, kernelSize: [3] })).toThrow('`kernel_size` argument must be an int or a tuple of 2 positive ints. Received: kernel_size=[3]');
    expect(() => new Conv2D({ filters: 2, kernelSize: 3, dataFormat: 'channels_first' })).toThrow(/only data_format="channels_last"/);
    expect(() => new Conv2D({ filters: 2, kernelSize: 3, padding: 'causal' as never })).toThrow(/padding/);
    expect(() => new Conv2D({ filters: 2, kernelSize: 3, strides: 2, dilationRate: 2 })).toThrow(/dilation_rate > 1/);
    expect(() => new Conv2D({ filters: 3, kernelSize: 3, groups: 2 })).toThrow(/groups/);
    expect(() => Conv2D.fromConfig({ filters: 2, kernel_size: [3, 3], kernel_regularizer: { class_name: 'L2', config: {} } })).toThrow(
      /does not support `kernelRegularizer`/,
    );
  });

  it('convolves, adds the bias and applies the activation', async () => {
    await useBackend(ops);
    const layer = new Conv2D({ filters: 1, kernelSize: 2, activation: 'relu' });
    layer.apply(Input({ shape: [3, 3, 1] }));
    layer.kernel?.assign([-1, 0, 0, 1]); // x[i + 1, j + 1] - x[i, j]
    layer.bias?.assign([0.5]);
    const x = ops.tensor([1, 2, 3, 4, 5, 6, 7, 9, 0], [1, 3, 3, 1]);
    const y = layer.apply(x) as Tensor;
    expect(y.shape).toEqual([1, 2, 2, 1]);
    expect(Array.from(ops.readSync(y))).toEqual([4.5, 4.5, 5.5, 0]);
    // Grouped: two independent 1x1 convolutions.
    const grouped = new Conv2D({ filters: 2, kernelSize: 1, groups: 2, useBias: false });
    grouped.apply(Input({ shape: [1, 1, 2] }));
    grouped.kernel?.assign([2, 3]); // shape (1, 1, 1, 2): group 0 filter 0 = 2, group 1 filter 1 = 3
    expect(Array.from(ops.readSync(grouped.apply(ops.tensor([5, 7], [1, 1, 1, 2])) as Tensor))).toEqual([10, 21]);
  });
});
