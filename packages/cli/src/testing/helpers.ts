import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { main } from '../main.js';

/** The repository root, from this file's location (packages/cli/src/testing). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const kerasFixtures = path.resolve(repoRoot, '../shared/fixtures/keras');
export const tfjsFixtures = path.resolve(repoRoot, '../shared/fixtures/tfjs');

/** Fixture cases holding `marker`, sorted. */
export function cases(dir: string, marker: string): string[] {
  return readdirSync(dir)
    .filter((c) => existsSync(path.join(dir, c, marker)))
    .sort();
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `kfn ...argv` in-process, capturing what it writes. */
export async function kfn(...argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `kfn-cli-${prefix}-`));
}

export function readJson<T>(...parts: string[]): T {
  return JSON.parse(readFileSync(path.join(...parts), 'utf8')) as T;
}

/** The golden `output.json` shape (Keras fixtures). */
export interface OutputJson {
  structure: string;
  output_names: string[];
  outputs: { name: string; shape: number[]; dtype: string; data: unknown }[];
}

export const flat = (x: unknown): number[] => (Array.isArray(x) ? x.flatMap(flat) : [x as number]);

/**
 * `got` is `want` (names, structure, shapes, dtypes) with every value within `tol`.
 * `sameStructure: false` for models that went through a tfjs layers-model, which lists outputs only.
 */
export function expectSameOutputs(got: OutputJson, want: OutputJson, tol = 1e-4, sameStructure = true): void {
  if (sameStructure) expect(got.structure).toBe(want.structure);
  expect(got.output_names).toEqual(want.output_names);
  expect(got.outputs.map((o) => [o.name, o.shape, o.dtype])).toEqual(want.outputs.map((o) => [o.name, o.shape, o.dtype]));
  got.outputs.forEach((o, i) => {
    const a = flat(o.data);
    const b = flat(want.outputs[i]!.data);
    expect(a.length).toBe(b.length);
    let err = 0;
    a.forEach((v, k) => (err = Math.max(err, Math.abs(v - (b[k] as number)))));
    expect(err, `output ${o.name}`).toBeLessThan(tol);
  });
}
