import { clearSession, Dense, Input, Model, useBackend } from '@kfn/graph';
import { cpu } from '@kfn/backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelFileError } from '../errors.js';
import { encodeModel, loadModel } from '../model-io.js';
import { BlobHandler, UrlHandler } from './browser.js';
import { MemoryHandler } from './memory.js';

beforeAll(async () => {
  await useBackend(cpu);
});

/** Bytes as a Blob part (typed arrays here are never over a SharedArrayBuffer). */
const part = (b: Uint8Array | undefined): BlobPart => b as Uint8Array<ArrayBuffer>;

async function files(): Promise<Map<string, Uint8Array>> {
  clearSession();
  const x = Input({ shape: [2] });
  const model = new Model({ inputs: x, outputs: new Dense({ units: 1, name: 'out' }).apply(x), name: 'tiny' });
  const keras = await encodeModel(model, 'keras');
  const tf = await encodeModel(model, 'layers-model');
  return new Map([['tiny.keras', keras.main], ['model.json', tf.main], ...tf.siblings]);
}

describe('browser handlers (run here on Node 20, which has Blob, File and fetch)', () => {
  it('loads from File objects: a .keras, and a model.json with its weights', async () => {
    const f = await files();
    const k = await loadModel(new File([part(f.get('tiny.keras'))], 'tiny.keras'));
    expect(k.name).toBe('tiny');
    const j = await loadModel([new File([part(f.get('model.json'))], 'model.json'), new File([part(f.get('weights.bin'))], 'weights.bin')]);
    expect(await j.weights[0]!.data()).toEqual(await k.weights[0]!.data());
    await expect(loadModel(new BlobHandler([new File([part(f.get('model.json'))], 'model.json')]))).rejects.toThrow(/member "weights\.bin".*was not given/);
  });

  it('fetches a model.json and its shards relative to its URL', async () => {
    const f = await files();
    const asked: string[] = [];
    const fakeFetch = (async (url: string) => {
      asked.push(String(url));
      const name = String(url).split('/').pop() as string;
      const body = f.get(name);
      return body ? new Response(part(body)) : new Response('missing', { status: 404, statusText: 'Not Found' });
    }) as typeof fetch;
    const model = await loadModel(new UrlHandler('https://example.com/models/model.json', {}, fakeFetch));
    expect(model.name).toBe('tiny');
    expect(asked).toEqual(['https://example.com/models/model.json', 'https://example.com/models/weights.bin']);
    await expect(loadModel(new UrlHandler('https://example.com/models/other.keras', {}, fakeFetch))).rejects.toThrow(/HTTP 404/);
  });

  it('saves into memory (for a download or a database) and loads back', async () => {
    const f = await files();
    const model = await loadModel(f.get('tiny.keras')!);
    const target = new MemoryHandler('export/model.json');
    const { saveModel } = await import('../model-io.js');
    await saveModel(model, target);
    expect([...target.files.keys()].sort()).toEqual(['export/model.json', 'weights.bin']);
    await expect(loadModel(new MemoryHandler('x.keras'))).rejects.toBeInstanceOf(ModelFileError);
  });
});
