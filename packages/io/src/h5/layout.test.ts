import { clearSession, Dense, Input, Model, modelFromConfig } from '@kfn/graph';
import { describe, expect, it } from 'vitest';
import { readKerasArchive } from '../keras/keras-file.js';
import { fixtureCases, kerasFixtures, listH5, readBytes } from '../testing/fixtures.js';
import { varsPath, walkSaveables } from './layout.js';

describe('walkSaveables', () => {
  it('names container entries by class, uniquified per container, with a vars group for every layer', () => {
    clearSession();
    const a = Input({ shape: [4], name: 'a' });
    const b = Input({ shape: [4], name: 'b' });
    const x = new Dense({ units: 3, name: 'first' }).apply(a);
    const y = new Dense({ units: 3, name: 'second' }).apply(b);
    const model = new Model({ inputs: [a, b], outputs: [x, y], name: 'two' });
    const entries = walkSaveables(model).map((e) => [varsPath(e.path), e.layer.name, e.weights.map((w) => w.name)]);
    expect(entries).toEqual([
      ['vars', 'two', []],
      ['layers/input_layer/vars', 'a', []],
      ['layers/input_layer_1/vars', 'b', []],
      ['layers/dense/vars', 'first', ['kernel', 'bias']],
      ['layers/dense_1/vars', 'second', ['kernel', 'bias']],
    ]);
  });

  it('nests models under layers/functional/layers and saves a layer shared by two nested models once', () => {
    clearSession();
    const shared = new Dense({ units: 2, name: 'shared' });
    const i1 = Input({ shape: [2] });
    const m1 = new Model({ inputs: i1, outputs: shared.apply(i1), name: 'm1' });
    const i2 = Input({ shape: [2] });
    const m2 = new Model({ inputs: i2, outputs: shared.apply(i2), name: 'm2' });
    const x = Input({ shape: [2] });
    const outer = new Model({ inputs: x, outputs: m2.apply(m1.apply(x)), name: 'outer' });
    const paths = walkSaveables(outer).map((e) => `${varsPath(e.path)}=${e.layer.name}`);
    expect(paths).toEqual([
      'vars=outer',
      'layers/input_layer/vars=input_layer_2',
      'layers/functional/vars=m1',
      'layers/functional/layers/input_layer/vars=input_layer',
      'layers/functional/layers/dense/vars=shared',
      'layers/functional_1/vars=m2',
      'layers/functional_1/layers/input_layer/vars=input_layer_1',
    ]);
  });

  it('keeps Keras order for a frozen layer (trainable flag of each variable, not of the layer)', () => {
    clearSession();
    const x = Input({ shape: [3] });
    const dense = new Dense({ units: 2, trainable: false });
    const model = new Model({ inputs: x, outputs: dense.apply(x) });
    const entry = walkSaveables(model).find((e) => e.layer === dense);
    expect(entry?.weights.map((w) => w.name)).toEqual(['kernel', 'bias']);
  });
});

describe('the layout of every golden model.weights.h5', () => {
  for (const name of fixtureCases(kerasFixtures, 'model.keras')) {
    it(`${name}: kfn computes Keras's groups, name attributes and dataset shapes`, async () => {
      clearSession();
      const archive = readKerasArchive(readBytes(kerasFixtures, name, 'model.keras'));
      const golden = (await listH5(archive.weights)).filter((i) => !i.path.startsWith('optimizer'));
      const model = modelFromConfig(archive.config);
      const expected: { path: string; name?: string; shape?: number[] }[] = [];
      for (const entry of walkSaveables(model)) {
        const vars = varsPath(entry.path);
        expected.push({ path: vars, name: entry.layer.name });
        entry.weights.forEach((w, i) => expected.push({ path: `${vars}/${i}`, shape: [...w.shape] }));
      }
      const actual = golden
        .filter((i) => i.kind === 'dataset' || i.path.endsWith('vars'))
        .map((i) => (i.kind === 'dataset' ? { path: i.path, shape: i.shape } : { path: i.path, name: i.attrs.name }));
      const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : 1);
      expect(expected.sort(byPath)).toEqual(actual.sort(byPath));
      // Every intermediate group of the file is implied by a vars path.
      const groups = new Set(expected.flatMap((e) => e.path.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'))));
      for (const item of golden) expect(groups.has(item.path), item.path).toBe(true);
    });
  }
});
