import { beforeEach, describe, expect, it } from 'vitest';
import type { Tensor } from '../../backend/backend.js';
import { useBackend } from '../../backend/registry.js';
import { clearSession, Conv2DTranspose, Input, ValueError } from '../../index.js';
import { goldenLayer } from '../../testing/golden-layer.js';
import { referenceNnBackend as ops } from '../../testing/reference-nn-ops.js';
import { runLayerTest } from '../../testing/run-layer-test.js';

beforeEach(() => clearSession());

describe('Conv2DTranspose', () => {
  it('passes the layer test (the guide decoder first layer: 160 params)', () => {
    runLayerTest({
      layer: () => new Conv2DTranspose({ filters: 16, kernelSize: 3, activation: 'relu' }),
      inputShape: [null, 4, 4, 1],
      expectedOutputShape: [null, 6, 6, 16],
      expectedParams: 160,
      // (kh, kw, filters, in): output channels before input channels.
      expectedWeightShapes: [[3, 3, 16, 1], [16]],
    });
  });

  it('upsamples with strides, same padding and output padding', () => {
    runLayerTest({
      layer: () => new Conv2DTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: 'same' }),
      inputShape: [null, 5, 7, 3],
      expectedOutputShape: [null, 10, 14, 2],
      expectedWeightShapes: [[3, 3, 2, 3], [2]],
    });
    runLayerTest({
      layer: () => new Conv2DTranspose({ filters: 2, kernelSize: 3, strides: 2, outputPadding: 1 }),
      inputShape: [null, 5, null, 3],
      expectedOutputShape: [null, 12, null, 2],
    });
    runLayerTest({
      layer: () => new Conv2DTranspose({ filters: 2, kernelSize: 2, strides: 3 }),
      inputShape: [null, 4, 4, 1],
      expectedOutputShape: [null, 12, 12, 2],
    });
  });

  it('writes the config and build config exactly as Keras 3 (autoencoder conv2d_transpose)', () => {
    const golden = goldenLayer('autoencoder', 'conv2d_transpose');
    const layer = new Conv2DTranspose({ filters: 16, kernelSize: 3, activation: 'relu' });
    layer.apply(Input({ shape: [4, 4, 1] }));
    expect(layer.getConfig()).toEqual(golden.config);
    expect(Object.keys(layer.getConfig())).toEqual(Object.keys(golden.config));
    expect(layer.getBuildConfig()).toEqual(golden.build_config);
    expect(Conv2DTranspose.fromConfig(golden.config).getConfig()).toEqual(golden.config);
  });

  it('refuses bad arguments and shapes', () => {
    expect(() => new Conv2DTranspose({ filters: 2, kernelSize: 3, strides: 2, outputPadding: 2 })).toThrow(ValueError);
    expect(() => new Conv2DTranspose({ filters: 2, kernelSize: 3, strides: 2, outputPadding: 2 })).toThrow(/output_padding.*smaller than its stride/);
    expect(() => new Conv2DTranspose({ filters: 2, kernelSize: 3, name: 'up' }).apply(Input({ shape: [4, 4] }))).toThrow(
      'Layer "up" expected its input to have ndim=4, but received a tensor of shape (None, 4, 4) (ndim=3).',
    );
    expect(() => new Conv2DTranspose({ filters: 2, kernelSize: 3, dataFormat: 'channels_first' })).toThrow(/channels_last/);
  });

  it('scatters each input through the kernel', async () => {
    await useBackend(ops);
    const layer = new Conv2DTranspose({ filters: 1, kernelSize: 2, strides: 2 });
    layer.apply(Input({ shape: [1, 2, 1] }));
    layer.kernel?.assign([1, 2, 3, 4]);
    layer.bias?.assign([0.5]);
    const y = layer.apply(ops.tensor([1, 10], [1, 1, 2, 1])) as Tensor;
    expect(y.shape).toEqual([1, 2, 4, 1]);
    expect(Array.from(ops.readSync(y))).toEqual([1.5, 2.5, 10.5, 20.5, 3.5, 4.5, 30.5, 40.5]);
  });
});
