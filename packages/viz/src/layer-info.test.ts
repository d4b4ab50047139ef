import { describe, expect, it } from 'vitest';
import { buildGoldenModel as buildGuideModel } from './testing/golden-models.js';
import { modelLayerInfo } from './layer-info.js';

describe('modelLayerInfo', () => {
  it('keys every layer by its plot path, nested models included', () => {
    const info = modelLayerInfo(buildGuideModel('nested_autoencoder'));
    expect(info.encoder).toMatchObject({ className: 'Functional', params: 18672, config: { name: 'encoder', layers: 7 } });
    expect(info['encoder/conv2d']).toMatchObject({ className: 'Conv2D', params: 160, trainable: true, config: { filters: 16, kernel_size: [3, 3] } });
    expect(info['decoder/conv2d_transpose_3']?.params).toBe(145);
    expect(JSON.parse(JSON.stringify(info))).toEqual(info);
  });
});
