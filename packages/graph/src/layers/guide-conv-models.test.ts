import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Tensor } from '../backend/backend.js';
import { useBackend } from '../backend/registry.js';
import { clearSession, type Layer, type Model } from '../index.js';
import { goldenLayer } from '../testing/golden-layer.js';
import { autoencoder, encoder, toyResnet } from '../testing/guide-models.js';
import { tfjsFixtures } from '../testing/keras-fixtures.js';
import { referenceNnBackend as ops } from '../testing/reference-nn-ops.js';
import { goldenSummaryRows, modelSummaryRows } from '../testing/summary-rows.js';

// The guide's conv models (seed §4, "All models are callable" and the toy ResNet), against Keras 3.16's summaries and configs.
beforeEach(() => clearSession());

function checkAgainstFixture(model: Model, caseName: string): void {
  const { rows, total } = goldenSummaryRows(caseName);
  expect(rows.length).toBeGreaterThan(5);
  expect(modelSummaryRows(model)).toEqual(rows);
  expect(model.countParams()).toBe(total);
  // Every layer of this task writes the config (and build config) Keras wrote.
  for (const layer of model.layers as Layer<unknown>[]) {
    if (layer.className === 'InputLayer') continue;
    const golden = goldenLayer(caseName, layer.name);
    expect(layer.getConfig(), layer.name).toEqual(golden.config);
    expect(layer.getBuildConfig() ?? undefined, layer.name).toEqual(golden.build_config);
  }
}

describe('the guide conv models', () => {
  it('encoder: shapes and parameters as Keras (18,672)', () => {
    const model = encoder();
    checkAgainstFixture(model, 'encoder');
    expect(model.countParams()).toBe(18672);
  });

  it('flat autoencoder: shapes and parameters as Keras (decoder 9,569, total 28,241)', () => {
    const model = autoencoder();
    checkAgainstFixture(model, 'autoencoder');
    const decoderParams = model.layers.slice(7).reduce((n, l) => n + l.countParams(), 0);
    expect(decoderParams).toBe(9569);
    expect(model.layers.slice(7).map((l) => l.countParams())).toEqual([0, 160, 4640, 0, 4624, 145]);
  });

  it('toy ResNet: shapes and parameters as Keras', () => {
    checkAgainstFixture(toyResnet(), 'toy_resnet');
  });
});

describe('the guide conv models compute as tfjs-layers 4.22 (fixtures/tfjs)', () => {
  /** Loads a tfjs fixture's weights into the layers (matched by `layer/weight` name) and runs the chain. */
  function runTfjsCase(caseName: string, model: Model): { got: Float32Array; want: number[] } {
    const dir = path.join(tfjsFixtures, caseName);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')) as {
      weightsManifest: { weights: { name: string; shape: number[] }[] }[];
    };
    const bin = readFileSync(path.join(dir, 'weights.bin'));
    const floats = new Float32Array(bin.buffer, bin.byteOffset, bin.byteLength / 4);
    const byPath = new Map(model.weights.map((w) => [w.path, w]));
    let offset = 0;
    for (const spec of manifest.weightsManifest[0]?.weights ?? []) {
      const size = spec.shape.reduce((a, b) => a * b, 1);
      const weight = byPath.get(spec.name);
      expect(weight?.shape, spec.name).toEqual(spec.shape);
      weight?.assign(floats.slice(offset, offset + size));
      offset += size;
    }
    expect(offset).toBe(floats.length);
    const input = JSON.parse(readFileSync(path.join(dir, 'input.json'), 'utf8')) as Record<string, unknown[]>;
    const output = JSON.parse(readFileSync(path.join(dir, 'output.json'), 'utf8')) as Record<string, unknown[]>;
    const img = Object.values(input)[0] as unknown[];
    const flat = img.flat(Infinity) as number[];
    let x: Tensor = ops.tensor(flat, [img.length, ...(model.inputs[0]?.shape.slice(1) as number[])]);
    for (const layer of model.layers.slice(1)) x = layer.apply(x) as Tensor;
    return { got: ops.readSync(x) as Float32Array, want: Object.values(output)[0]?.flat(Infinity) as number[] };
  }

  const close = (got: ArrayLike<number>, want: readonly number[]) => {
    expect(got.length).toBe(want.length);
    for (let i = 0; i < want.length; i++) expect(Math.abs((got[i] as number) - (want[i] as number))).toBeLessThanOrEqual(1e-5 + 1e-5 * Math.abs(want[i] as number));
  };

  it('conv_encoder: Conv2D, MaxPooling2D, GlobalMaxPooling2D', async () => {
    await useBackend(ops);
    const { got, want } = runTfjsCase('conv_encoder', encoder());
    expect(want.length).toBe(32);
    close(got, want);
  });

  it('autoencoder: plus Reshape, Conv2DTranspose, UpSampling2D', async () => {
    await useBackend(ops);
    const { got, want } = runTfjsCase('autoencoder', autoencoder());
    expect(want.some((v) => v > 0)).toBe(true);
    close(got, want);
  });
});
