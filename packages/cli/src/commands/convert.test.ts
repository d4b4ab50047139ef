import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cases, expectSameOutputs, kerasFixtures, kfn, readJson, tempDir, tfjsFixtures, type OutputJson } from '../testing/helpers.js';

async function predictOn(model: string, input: string): Promise<OutputJson> {
  const run = await kfn('predict', model, input, '--backend', 'cpu');
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as OutputJson;
}

describe('kfn convert', () => {
  for (const name of cases(kerasFixtures, 'model.keras')) {
    it(`${name}: .keras → .keras, and .keras → model.json → .keras, predict Keras's output.json`, async () => {
      const dir = tempDir('convert');
      const src = path.join(kerasFixtures, name, 'model.keras');
      const input = path.join(kerasFixtures, name, 'input.json');
      const want = readJson<OutputJson>(kerasFixtures, name, 'output.json');

      const resaved = path.join(dir, 'resaved.keras');
      expect((await kfn('convert', src, resaved)).code).toBe(0);
      expectSameOutputs(await predictOn(resaved, input), want);

      const json = path.join(dir, 'web', 'model.json');
      const a = await kfn('convert', src, json);
      expect(a.stderr).toBe('');
      expect(a.code).toBe(0);
      expect(a.stdout).toMatch(/^Wrote .*model\.json, a TensorFlow\.js layers-model \(model ".+", [\d,]+ parameters\)\.\n$/);
      expect(existsSync(path.join(dir, 'web', 'weights.bin'))).toBe(true);
      const back = path.join(dir, 'back.keras');
      expect((await kfn('convert', json, back)).code).toBe(0);
      // A layers-model has no dict or single outputs, only a list: compare the values.
      expectSameOutputs(await predictOn(back, input), want, 1e-4, false);
    });
  }

  it('.keras → .keras re-saves as kfn writes it (Keras layout, optimizer state kept)', async () => {
    const dir = tempDir('convert');
    const out = path.join(dir, 'resaved.keras');
    const run = await kfn('convert', path.join(kerasFixtures, 'compiled_mlp', 'model.keras'), out);
    expect(run.code).toBe(0);
    // kfn stores the members uncompressed, in Keras's order, so their names and JSON read as text.
    const text = readFileSync(out).toString('latin1');
    const at = ['metadata.json', 'config.json', 'model.weights.h5'].map((m) => text.indexOf(m));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(text).toContain('"compile_config": {');
    // The re-saved file still summarizes with its optimizer, as Keras's own file does.
    const summary = await kfn('summary', out);
    expect(summary.stdout).toBe(readFileSync(path.join(kerasFixtures, 'compiled_mlp', 'summary.txt'), 'utf8'));
  });

  it('a tfjs layers-model → .keras', async () => {
    const out = path.join(tempDir('convert'), 'encoder.keras');
    const run = await kfn('convert', path.join(tfjsFixtures, 'conv_encoder', 'model.json'), out);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('a Keras 3 .keras file');
  });

  it('errors: bad output extension (2), missing or corrupt input (1)', async () => {
    const dir = tempDir('convert');
    const src = path.join(kerasFixtures, 'mnist_mlp', 'model.keras');
    const bad = await kfn('convert', src, path.join(dir, 'model.h5'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('the output must end in .keras or .json');
    expect((await kfn('convert', src)).code).toBe(2);
    const missing = await kfn('convert', path.join(dir, 'none.keras'), path.join(dir, 'x.json'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('none.keras');
    const corrupt = path.join(dir, 'corrupt.keras');
    writeFileSync(corrupt, readFileSync(src).subarray(0, 5000));
    const c = await kfn('convert', corrupt, path.join(dir, 'x.json'));
    expect(c.code).toBe(1);
    expect(c.stderr).toMatch(/^kfn convert: .*corrupt\.keras/);
    expect(existsSync(path.join(dir, 'x.json'))).toBe(false);
  });
});
