import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { getFile, type GetFileOptions } from './get-file.js';
import type { Split } from './host-array.js';
import { parseIdx } from './idx.js';

const BASE = 'https://storage.googleapis.com/tensorflow/tf-keras-datasets/';
const FILES = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'] as const;
/** Where Debian's `dataset-fashion-mnist` package puts the same files. */
export const DEBIAN_FASHION_MNIST = '/usr/share/datasets/fashion-mnist';

export type LoadFashionOptions = Partial<Pick<GetFileOptions, 'cacheDir' | 'fetch' | 'log'>> & { debianDir?: string };

/**
 * `fashionMnist.loadData()` as Keras's: 60,000 + 10,000 28×28 uint8 images of clothes, labels 0–9.
 * Uses Debian's `dataset-fashion-mnist` files when installed, else Keras's cache, else downloads.
 */
export async function loadData(options: LoadFashionOptions = {}): Promise<[Split, Split]> {
  const debian = options.debianDir ?? DEBIAN_FASHION_MNIST;
  const paths: string[] = [];
  for (const fname of FILES) {
    const local = join(debian, fname);
    const present = await access(local).then(
      () => true,
      () => false,
    );
    paths.push(present ? local : await getFile({ fname, origin: BASE + fname, cacheSubdir: join('datasets', 'fashion-mnist'), ...options }));
  }
  const [xTrain, yTrain, xTest, yTest] = await Promise.all(paths.map(async (p) => parseIdx(new Uint8Array(await readFile(p)), p)));
  return [
    [xTrain!, yTrain!],
    [xTest!, yTest!],
  ];
}
