import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { loadData } from './fashion-mnist.js';
import { parseIdx } from './idx.js';

function idx(shape: number[], fill: (i: number) => number): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  const out = new Uint8Array(4 + 4 * shape.length + count);
  const view = new DataView(out.buffer);
  out[2] = 0x08;
  out[3] = shape.length;
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  for (let i = 0; i < count; i++) out[4 + 4 * shape.length + i] = fill(i);
  return out;
}

describe('IDX files and fashionMnist.loadData', () => {
  it('parses gzipped IDX images and labels', () => {
    const images = parseIdx(gzipSync(idx([2, 28, 28], (i) => i % 256)));
    expect(images.shape).toEqual([2, 28, 28]);
    expect(images.data[300]).toBe(300 % 256);
    expect(() => parseIdx(new Uint8Array([1, 2, 3, 4]), 'x.gz')).toThrow(/x\.gz is not an IDX/);
  });

  it('reads the four files from a Debian-style folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kfn-fashion-'));
    await writeFile(join(dir, 'train-images-idx3-ubyte.gz'), gzipSync(idx([3, 28, 28], () => 1)));
    await writeFile(join(dir, 'train-labels-idx1-ubyte.gz'), gzipSync(idx([3], (i) => i)));
    await writeFile(join(dir, 't10k-images-idx3-ubyte.gz'), gzipSync(idx([1, 28, 28], () => 2)));
    await writeFile(join(dir, 't10k-labels-idx1-ubyte.gz'), gzipSync(idx([1], () => 9)));
    const [[xTrain, yTrain], [xTest, yTest]] = await loadData({ debianDir: dir });
    expect(xTrain.shape).toEqual([3, 28, 28]);
    expect([...yTrain.data]).toEqual([0, 1, 2]);
    expect(xTest.shape).toEqual([1, 28, 28]);
    expect([...yTest.data]).toEqual([9]);
  });
});
