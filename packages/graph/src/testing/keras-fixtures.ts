import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';

/** The golden fixtures made by real Keras 3 (`/work/shared/fixtures/keras`), beside the repository. */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const kerasFixtures = path.resolve(repoRoot, '../shared/fixtures/keras');
/** The golden fixtures made by tfjs-layers 4.22 (`/work/shared/fixtures/tfjs`). */
export const tfjsFixtures = path.resolve(repoRoot, '../shared/fixtures/tfjs');

export function readFixtureJson<T = unknown>(caseName: string, file: string): T {
  return JSON.parse(readFileSync(path.join(kerasFixtures, caseName, file), 'utf8')) as T;
}

/** `config.json` from a case's `model.keras`, without the run-dependent `shared_object_id`s. */
export function readKerasConfig(caseName: string): Record<string, unknown> {
  const zip = unzipSync(readFileSync(path.join(kerasFixtures, caseName, 'model.keras')));
  const text = strFromU8(zip['config.json'] as Uint8Array);
  return JSON.parse(text, (key, value: unknown) => (key === 'shared_object_id' ? undefined : value)) as Record<string, unknown>;
}

export interface FixtureArray {
  name: string;
  shape: number[];
  dtype: string;
  data: unknown;
}

/** `path` → flat float32 values, from a train.json weight list. */
export interface FixtureWeight {
  path: string;
  shape: number[];
  data: unknown;
}

export function flatValues(data: unknown): number[] {
  return (Array.isArray(data) ? data.flat(Infinity) : [data]) as number[];
}
