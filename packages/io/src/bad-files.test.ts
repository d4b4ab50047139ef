import { clearSession, Dense, Input, Model, useBackend } from '@kfn/graph';
import { cpu } from '@kfn/backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelFileError } from './errors.js';
import { MemoryHandler } from './handlers/memory.js';
import { encodeKerasFile } from './keras/keras-file.js';
import { loadModel, encodeModel } from './model-io.js';
import { lieAboutSizes, rebuildKeras, zeroBomb } from './testing/archives.js';
import { kerasFixtures, readBytes } from './testing/fixtures.js';

beforeAll(async () => {
  await useBackend(cpu);
});

type Json = Record<string, any>;
const layersOf = (c: Json): Json[] => c.config.layers;

async function expectFileError(p: Promise<unknown>, message: RegExp): Promise<ModelFileError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ModelFileError);
  expect((e as Error).message).toMatch(message);
  if (process.env.KFN_SHOW_ERRORS) console.log((e as Error).message);
  return e as ModelFileError;
}

const mnist = () => readBytes(kerasFixtures, 'mnist_mlp', 'model.keras');

describe('bad .keras files: one ModelFileError each, saying what and where', () => {
  it('truncated zip', async () => {
    const bytes = mnist();
    await expectFileError(loadModel(bytes.slice(0, bytes.length >> 1)), /corrupt or truncated/);
  });

  it('corrupt zip member (CRC-32)', async () => {
    const bytes = mnist().slice();
    const mid = bytes.length >> 1;
    bytes[mid] = (bytes[mid] as number) ^ 0xff;
    await expectFileError(loadModel(bytes), /member "model\.weights\.h5".*CRC-32/);
  });

  it('a zip without config.json', async () => {
    await expectFileError(loadModel(rebuildKeras(mnist(), { dropConfig: true })), /no "config\.json" member/);
  });

  it('a zip bomb, refused before inflating', async () => {
    const bomb = zeroBomb(20_000_000);
    const t0 = Date.now();
    await expectFileError(loadModel(bomb, { maxUncompressedBytes: 1_000_000 }), /inflates to more than 1000000 bytes/);
    await expectFileError(loadModel(lieAboutSizes(zeroBomb(1000), 0xfffffff0)), /zip bomb/);
    await expectFileError(loadModel(bomb, { maxCompressionRatio: 100 }), /ratio over 100/);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('an unknown class, named', async () => {
    const bytes = rebuildKeras(mnist(), {
      config: (c) => {
        layersOf(c)[1]!.class_name = 'FancyDense';
      },
    });
    const e = await expectFileError(loadModel(bytes), /member "config\.json".*Unknown layer class "FancyDense"/);
    expect(e.location.member).toBe('config.json');
  });

  it('a Lambda layer, refused (nothing from a file is executed)', async () => {
    const bytes = rebuildKeras(mnist(), {
      config: (c) => {
        layersOf(c)[1]!.class_name = 'Lambda';
        layersOf(c)[1]!.config.function = { class_name: '__lambda__', config: { code: 'evil' } };
      },
    });
    await expectFileError(loadModel(bytes), /Refusing to load a `Lambda` layer/);
  });

  it('a weight whose shape does not match the layer, with its HDF5 path and layer', async () => {
    const bytes = rebuildKeras(mnist(), {
      config: (c) => {
        layersOf(c)[1]!.config.units = 32;
        layersOf(c)[2]!.inbound_nodes[0].args[0].config.shape = [null, 32];
      },
    });
    const e = await expectFileError(loadModel(bytes), /HDF5 path "\/layers\/dense\/vars\/0", layer "dense".*shape \(784, 32\).*\(784, 64\)/);
    expect(e.location.h5Path).toBe('/layers/dense/vars/0');
  });

  it('a weight count that does not match the layer', async () => {
    const bytes = rebuildKeras(mnist(), {
      config: (c) => {
        layersOf(c)[1]!.config.use_bias = false;
      },
    });
    await expectFileError(loadModel(bytes), /Layer "dense" expected 1 variables, but received 2/);
  });

  it('a weights member that is not HDF5', async () => {
    const junk = new Uint8Array(4096).map((_, i) => (i * 7) & 0xff);
    await expectFileError(loadModel(rebuildKeras(mnist(), { weights: junk })), /member "model\.weights\.h5".*not an HDF5 file/);
  });

  it('an HDF5 file cut short', async () => {
    const weights = (await import('./keras/keras-file.js')).readKerasArchive(mnist()).weights;
    await expectFileError(loadModel(rebuildKeras(mnist(), { weights: weights.slice(0, 3000) })), /HDF5 cannot open this file|HDF5/);
  });

  it('a Keras 2 file and a non-model are told apart', async () => {
    await expectFileError(loadModel(rebuildKeras(mnist(), { metadata: '{"keras_version": "2.15.0"}' })), /Keras 3/);
    await expectFileError(loadModel(new TextEncoder().encode('hello')), /unknown model format/);
  });
});

describe('bad layers-models', () => {
  async function tinyLayersModel(): Promise<MemoryHandler> {
    clearSession();
    const x = Input({ shape: [3] });
    const model = new Model({ inputs: x, outputs: new Dense({ units: 2, name: 'd' }).apply(x) });
    const { main, siblings } = await encodeModel(model, 'layers-model');
    return new MemoryHandler('model.json', new Map([['model.json', main], ...siblings]));
  }

  function patchJson(h: MemoryHandler, fn: (j: Json) => void): MemoryHandler {
    const j = JSON.parse(new TextDecoder().decode(h.files.get('model.json')));
    fn(j);
    h.files.set('model.json', new TextEncoder().encode(JSON.stringify(j)));
    return h;
  }

  it('a manifest pointing at a missing shard', async () => {
    const h = patchJson(await tinyLayersModel(), (j) => {
      j.weightsManifest[0].paths = ['group1-shard1of2.bin', 'group1-shard2of2.bin'];
    });
    await expectFileError(loadModel(h), /member "group1-shard1of2\.bin".*no such file/);
  });

  it('an unsupported quantization dtype', async () => {
    const h = patchJson(await tinyLayersModel(), (j) => {
      j.weightsManifest[0].weights[0].quantization = { dtype: 'int4', scale: 1, min: 0 };
    });
    await expectFileError(loadModel(h), /weight "d\/kernel" is quantized to "int4"/);
  });

  it('uint8 and float16 quantized weights are dequantized; shards are concatenated in order', async () => {
    const h = await tinyLayersModel();
    // kernel [3, 2] as uint8 (v·0.5 − 1), bias [2] as float16 (1.5, −2), split over two shards.
    const kernel = [0, 1, 2, 3, 4, 255];
    const bytes = new Uint8Array([...kernel, 0x00, 0x3e, 0x00, 0xc0]);
    h.files.set('a.bin', bytes.slice(0, 4));
    h.files.set('b.bin', bytes.slice(4));
    patchJson(h, (j) => {
      j.weightsManifest[0].paths = ['a.bin', 'b.bin'];
      j.weightsManifest[0].weights[0].quantization = { dtype: 'uint8', scale: 0.5, min: -1 };
      j.weightsManifest[0].weights[1].quantization = { dtype: 'float16' };
    });
    const model = await loadModel(h);
    const [k, b] = await Promise.all(model.weights.map((w) => w.data()));
    expect(Array.from(k!)).toEqual(kernel.map((v) => v * 0.5 - 1));
    expect(Array.from(b!)).toEqual([1.5, -2]);
  });

  it('shards shorter than the manifest says', async () => {
    const h = await tinyLayersModel();
    h.files.set('weights.bin', h.files.get('weights.bin')!.slice(0, 10));
    await expectFileError(loadModel(h), /hold 10 bytes but the manifest's 2 weights need 32/);
  });

  it('a weight whose shape does not match', async () => {
    const h = patchJson(await tinyLayersModel(), (j) => {
      j.weightsManifest[0].weights[1].shape = [3];
      j.weightsManifest[0].weights[0].shape = [2, 2];
    });
    await expectFileError(loadModel(h), /layer "d".*shape \[2, 2\] but "d\/kernel" has shape \[3, 2\]/);
  });

  it('a graph model is refused with the reason', async () => {
    const h = patchJson(await tinyLayersModel(), (j) => {
      j.format = 'graph-model';
    });
    await expectFileError(loadModel(h), /format is "graph-model"/);
  });
});

describe('a valid file still loads after the checks', () => {
  it('kfn → bytes → kfn', async () => {
    clearSession();
    const x = Input({ shape: [3] });
    const model = new Model({ inputs: x, outputs: new Dense({ units: 2 }).apply(x) });
    const loaded = await loadModel(await encodeKerasFile(model));
    expect(loaded.weights.map((w) => w.shape)).toEqual([[3, 2], [2]]);
  });
});
