import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { H5Reader } from '../h5/h5-file.js';

/** The repository root, from this file's location (packages/io/src/testing). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const kerasFixtures = path.resolve(repoRoot, '../shared/fixtures/keras');
export const tfjsFixtures = path.resolve(repoRoot, '../shared/fixtures/tfjs');

export function fixtureCases(dir: string, marker: string): string[] {
  return readdirSync(dir)
    .filter((c) => existsSync(path.join(dir, c, marker)))
    .sort();
}

export function readBytes(...parts: string[]): Uint8Array {
  return new Uint8Array(readFileSync(path.join(...parts)));
}

export function readJson<T = unknown>(...parts: string[]): T {
  return JSON.parse(readFileSync(path.join(...parts), 'utf8')) as T;
}

/** One object of an HDF5 file, as a comparable record. */
export interface H5Item {
  path: string;
  kind: 'group' | 'dataset';
  shape?: number[];
  dtype?: string;
  attrs: Record<string, string>;
}

/** Every group and dataset of an HDF5 file, with its `name` attribute, sorted by path. */
export async function listH5(bytes: Uint8Array): Promise<H5Item[]> {
  const reader = await H5Reader.open(bytes, {});
  const items: H5Item[] = [];
  try {
    const walk = (p: string): void => {
      for (const key of reader.keys(p === '' ? '/' : p)) {
        const child = p === '' ? key : `${p}/${key}`;
        const kind = reader.kind(child);
        const name = reader.attr(child, 'name');
        const attrs: Record<string, string> = name === undefined ? {} : { name };
        if (kind === 'group') {
          items.push({ path: child, kind, attrs });
          walk(child);
        } else if (kind === 'dataset') {
          const info = reader.info(child);
          items.push({ path: child, kind, shape: info.shape, dtype: info.dtype, attrs });
        }
      }
    };
    walk('');
  } finally {
    reader.close();
  }
  return items.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** Fixture floats are float32 values printed as shortest decimals. */
export function flat(x: unknown): number[] {
  return Array.isArray(x) ? x.flatMap(flat) : [Math.fround(x as number)];
}
