import { clearSession, Dense, Input, Model, useBackend } from '@kfn/graph';
import { cpu } from '@kfn/backend-cpu';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { getPendingTrainingState } from '../training-state.js';
import { fixtureCases, kerasFixtures, listH5, readBytes, readJson } from '../testing/fixtures.js';
import { predictFlat } from '../testing/predict.js';
import { decodeKerasFile, encodeKerasFile, kerasDate, KERAS_VERSION, readKerasArchive } from './keras-file.js';
import { unzipChecked } from './zip.js';

beforeAll(async () => {
  await useBackend(cpu);
});

const text = (b: Uint8Array | undefined) => new TextDecoder().decode(b);

/** Keras's `shared_object_id`s are Python `id()`s, different in every save. */
function stripSharedObjectIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripSharedObjectIds);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'shared_object_id').map(([k, v]) => [k, stripSharedObjectIds(v)]));
}

describe('encodeKerasFile', () => {
  it('writes the three members stored, in Keras order, with Keras metadata', async () => {
    clearSession();
    const x = Input({ shape: [3] });
    const model = new Model({ inputs: x, outputs: new Dense({ units: 2 }).apply(x) });
    const date = new Date(2026, 0, 2, 3, 4, 5);
    const bytes = await encodeKerasFile(model, { date });
    const members = unzipChecked(bytes, 'm.keras');
    expect([...members.keys()]).toEqual(['metadata.json', 'config.json', 'model.weights.h5']);
    expect(text(members.get('metadata.json'))).toBe(`{"keras_version": "${KERAS_VERSION}", "date_saved": "2026-01-02@03:04:05"}`);
    // Stored: every local header says method 0.
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    expect(view.getUint16(8, true)).toBe(0);
    expect(kerasDate(date)).toBe('2026-01-02@03:04:05');
  });
});

describe('golden .keras files saved again by kfn', () => {
  for (const name of fixtureCases(kerasFixtures, 'model.keras')) {
    it(`${name}: same predictions, same config, same HDF5 layout; only date_saved differs`, async () => {
      clearSession();
      const original = readBytes(kerasFixtures, name, 'model.keras');
      const model = await decodeKerasFile(original);
      const resaved = await encodeKerasFile(model);
      const a = readKerasArchive(original);
      const b = readKerasArchive(resaved);
      // Config: Keras's own, apart from its non-deterministic shared_object_id keys, and the
      // optimizer's module: Keras under torch names a torch one, kfn the one JAX/TF Keras write.
      const want = stripSharedObjectIds(a.config) as { compile_config?: { optimizer?: Record<string, unknown> } };
      const opt = want.compile_config?.optimizer;
      if (opt) Object.assign(opt, { module: 'keras.optimizers', registered_name: null });
      expect(b.config).toEqual(want);
      expect({ ...b.metadata, date_saved: null }).toEqual({ ...a.metadata, date_saved: null });
      expect(await listH5(b.weights)).toEqual(await listH5(a.weights));

      // kfn → kfn is byte-stable in config.json and the reloaded model predicts the same.
      clearSession();
      const again = await decodeKerasFile(resaved);
      const members1 = unzipChecked(resaved, 'a');
      const members2 = unzipChecked(await encodeKerasFile(again), 'b');
      expect(text(members2.get('config.json'))).toBe(text(members1.get('config.json')));
      const inputs = readJson<{ inputs: { data: unknown }[] }>(kerasFixtures, name, 'input.json').inputs.map((i) => i.data);
      const p1 = predictFlat(model, inputs);
      const p2 = predictFlat(again, inputs);
      p1.forEach((p, i) => expect(Array.from(p2[i]!.data)).toEqual(Array.from(p.data)));
    }, 60_000);
  }

  it('compiled_mlp loaded with compile: false keeps its compile config and optimizer variables, and writes them back', async () => {
    clearSession();
    const original = readBytes(kerasFixtures, 'compiled_mlp', 'model.keras');
    const model = await decodeKerasFile(original, { compile: false });
    const state = getPendingTrainingState(model);
    expect(state?.compileConfig?.loss).toMatchObject({ class_name: 'SparseCategoricalCrossentropy' });
    expect(state?.optimizer?.name).toBe('rm_sprop');
    expect(state?.optimizer?.variables.map((v) => v.shape)).toEqual([[], [], [784, 64], [64], [64, 64], [64], [64, 10], [10]]);
    expect(state?.optimizer?.variables[0]?.dtype).toBe('int32');
    expect((model as unknown as { pendingTrainingState: unknown }).pendingTrainingState).toBe(state);
    const resaved = readKerasArchive(await encodeKerasFile(model));
    expect(resaved.config.compile_config).toEqual(readKerasArchive(original).config.compile_config);
  });
});

function hasTool(tool: string): boolean {
  try {
    execFileSync(tool, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('an independent HDF5 reader (Debian hdf5-tools)', () => {
  for (const name of ['ticket_model', 'compiled_mlp', 'nested_autoencoder']) {
    it(`${name}: h5dump reads kfn's model.weights.h5 and h5diff finds it equal to Keras's`, async (ctx) => {
      if (!hasTool('h5dump') || !hasTool('h5diff')) {
        console.log('skipped: h5dump/h5diff (Debian package hdf5-tools) are not installed; CI installs them.');
        ctx.skip();
        return;
      }
      clearSession();
      const original = readBytes(kerasFixtures, name, 'model.keras');
      const model = await decodeKerasFile(original);
      const dir = mkdtempSync(path.join(os.tmpdir(), 'kfn-io-'));
      const ours = path.join(dir, 'kfn.weights.h5');
      const theirs = path.join(dir, 'keras.weights.h5');
      writeFileSync(ours, readKerasArchive(await encodeKerasFile(model)).weights);
      writeFileSync(theirs, readKerasArchive(original).weights);
      const out = execFileSync('h5dump', ['-H', '-A', ours], { encoding: 'utf8' });
      expect(out).toContain('DATASET "0"');
      expect(out).toContain('H5T_IEEE_F32LE');
      expect(out).toMatch(/ATTRIBUTE "name"/);
      // Same groups, datasets, values and attributes (h5diff exits non-zero otherwise).
      const diff = execFileSync('h5diff', ['-c', theirs, ours], { encoding: 'utf8' });
      expect(diff).not.toMatch(/differences found/);
    });
  }
});
