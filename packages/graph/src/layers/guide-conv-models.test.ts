import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Tensor } from '../backend/backend.js';
import { useBackend } from '../backend/registry.js';
import {
  add,
  clearSession,
  Conv2D,
  Conv2DTranspose,
  Dense,
  Dropout,
  formatShape,
  GlobalAveragePooling2D,
  GlobalMaxPooling2D,
  Input,
  MaxPooling2D,
  Model,
  Reshape,
  UpSampling2D,
  type Layer,
  type SymbolicTensor,
} from '../index.js';
import { goldenLayer } from '../testing/golden-layer.js';
import { referenceNnBackend as ops } from '../testing/reference-nn-ops.js';

/** The guide's conv models (seed §4, "All models are callable" and the toy ResNet), against Keras 3.16's summaries and configs. */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const fixtures = path.resolve(repoRoot, '../shared/fixtures');

beforeEach(() => clearSession());

interface SummaryRow {
  name: string;
  className: string;
  shape: string;
  params: number;
}

/** Rows of a Keras `summary.txt` table; a long `name (Class)` wraps onto continuation lines. */
function readSummary(caseName: string): { rows: SummaryRow[]; total: number } {
  const text = readFileSync(path.join(fixtures, 'keras', caseName, 'summary.txt'), 'utf8');
  const cells: string[][] = [];
  for (const line of text.split('\n').filter((l) => l.startsWith('│'))) {
    const parts = line.split('│').slice(1, -1).map((c) => c.trim());
    if (parts[1] !== '') cells.push(parts);
    else if (parts[0]) (cells.at(-1) as string[])[0] += ` ${parts[0]}`;
  }
  const rows = cells.map(([label, shape, params]) => {
    const m = /^(\S+) \((\w+)\)$/.exec(label as string);
    if (!m) throw new Error(`unparsed summary row: ${label}`);
    return { name: m[1] as string, className: m[2] as string, shape: shape as string, params: Number((params as string).replace(/,/g, '')) };
  });
  const total = Number((/Total params: ([\d,]+)/.exec(text)?.[1] ?? '').replace(/,/g, ''));
  return { rows, total };
}

function describeModel(model: Model): SummaryRow[] {
  return model.layers.map((layer) => ({
    name: layer.name,
    className: layer.className,
    shape: formatShape((layer.output as SymbolicTensor).shape),
    params: layer.countParams(),
  }));
}

function checkAgainstFixture(model: Model, caseName: string): void {
  const { rows, total } = readSummary(caseName);
  expect(rows.length).toBeGreaterThan(5);
  expect(describeModel(model)).toEqual(rows);
  expect(model.countParams()).toBe(total);
  // Every layer of this task writes the config (and build config) Keras wrote.
  for (const layer of model.layers as Layer<unknown>[]) {
    if (layer.className === 'InputLayer') continue;
    const golden = goldenLayer(caseName, layer.name);
    expect(layer.getConfig(), layer.name).toEqual(golden.config);
    expect(layer.getBuildConfig() ?? undefined, layer.name).toEqual(golden.build_config);
  }
}

function encoderLayers(img: SymbolicTensor): SymbolicTensor {
  let x = new Conv2D({ filters: 16, kernelSize: 3, activation: 'relu' }).apply(img);
  x = new Conv2D({ filters: 32, kernelSize: 3, activation: 'relu' }).apply(x);
  x = new MaxPooling2D({ poolSize: 3 }).apply(x);
  x = new Conv2D({ filters: 32, kernelSize: 3, activation: 'relu' }).apply(x);
  x = new Conv2D({ filters: 16, kernelSize: 3, activation: 'relu' }).apply(x);
  return new GlobalMaxPooling2D().apply(x);
}

function autoencoder(): Model {
  const img = Input({ shape: [28, 28, 1], name: 'img' });
  let x = new Reshape({ targetShape: [4, 4, 1] }).apply(encoderLayers(img));
  x = new Conv2DTranspose({ filters: 16, kernelSize: 3, activation: 'relu' }).apply(x);
  x = new Conv2DTranspose({ filters: 32, kernelSize: 3, activation: 'relu' }).apply(x);
  x = new UpSampling2D({ size: 3 }).apply(x);
  x = new Conv2DTranspose({ filters: 16, kernelSize: 3, activation: 'relu' }).apply(x);
  const out = new Conv2DTranspose({ filters: 1, kernelSize: 3, activation: 'relu' }).apply(x);
  return new Model({ inputs: img, outputs: out, name: 'autoencoder' });
}

describe('the guide conv models', () => {
  it('encoder: shapes and parameters as Keras (18,672)', () => {
    const img = Input({ shape: [28, 28, 1], name: 'img' });
    const encoder = new Model({ inputs: img, outputs: encoderLayers(img), name: 'encoder' });
    checkAgainstFixture(encoder, 'encoder');
    expect(encoder.countParams()).toBe(18672);
  });

  it('flat autoencoder: shapes and parameters as Keras (decoder 9,569, total 28,241)', () => {
    const model = autoencoder();
    checkAgainstFixture(model, 'autoencoder');
    const decoderParams = model.layers.slice(7).reduce((n, l) => n + l.countParams(), 0);
    expect(decoderParams).toBe(9569);
    expect(model.layers.slice(7).map((l) => l.countParams())).toEqual([0, 160, 4640, 0, 4624, 145]);
  });

  it('toy ResNet: shapes and parameters as Keras', () => {
    const inputs = Input({ shape: [32, 32, 3], name: 'img' });
    let x = new Conv2D({ filters: 8, kernelSize: 3, activation: 'relu' }).apply(inputs);
    x = new Conv2D({ filters: 16, kernelSize: 3, activation: 'relu' }).apply(x);
    const block1 = new MaxPooling2D({ poolSize: 3 }).apply(x);
    x = new Conv2D({ filters: 16, kernelSize: 3, activation: 'relu', padding: 'same' }).apply(block1);
    x = new Conv2D({ filters: 16, kernelSize: 3, activation: 'relu', padding: 'same' }).apply(x);
    const block2 = add([x, block1]);
    x = new Conv2D({ filters: 16, kernelSize: 3, activation: 'relu', padding: 'same' }).apply(block2);
    x = new Conv2D({ filters: 16, kernelSize: 3, activation: 'relu', padding: 'same' }).apply(x);
    const block3 = add([x, block2]);
    x = new Conv2D({ filters: 16, kernelSize: 3, activation: 'relu' }).apply(block3);
    x = new GlobalAveragePooling2D().apply(x);
    x = new Dense({ units: 32, activation: 'relu' }).apply(x);
    x = new Dropout({ rate: 0.5 }).apply(x);
    const outputs = new Dense({ units: 10 }).apply(x);
    checkAgainstFixture(new Model({ inputs, outputs, name: 'toy_resnet' }), 'toy_resnet');
  });
});

describe('the guide conv models compute as tfjs-layers 4.22 (fixtures/tfjs)', () => {
  /** Loads a tfjs fixture's weights into the layers (matched by `layer/weight` name) and runs the chain. */
  function runTfjsCase(caseName: string, model: Model): { got: Float32Array; want: number[] } {
    const dir = path.join(fixtures, 'tfjs', caseName);
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
    const img = Input({ shape: [28, 28, 1], name: 'img' });
    const { got, want } = runTfjsCase('conv_encoder', new Model({ inputs: img, outputs: encoderLayers(img), name: 'encoder' }));
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
