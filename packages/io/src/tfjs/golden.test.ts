import { clearSession, useBackend, type BackendProvider } from '@kfn/graph';
import { cpu } from '@kfn/backend-cpu';
import { wasm } from '@kfn/backend-wasm';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeFileHandler } from '../handlers/node-file.js';
import { loadModel } from '../model-io.js';
import { fixtureCases, flat, readJson, tfjsFixtures } from '../testing/fixtures.js';
import { maxAbsDiff, predictFlat } from '../testing/predict.js';

const backends: [string, BackendProvider][] = [
  ['cpu', cpu],
  ['wasm', wasm],
];

for (const [backendName, provider] of backends) {
  describe(`every golden tfjs layers-model predicts tfjs's output.json (${backendName})`, () => {
    for (const name of fixtureCases(tfjsFixtures, 'model.json')) {
      it(name, async () => {
        await useBackend(provider);
        clearSession();
        const model = await loadModel(new NodeFileHandler(path.join(tfjsFixtures, name, 'model.json')));
        const input = readJson<Record<string, unknown>>(tfjsFixtures, name, 'input.json');
        const output = readJson<Record<string, unknown>>(tfjsFixtures, name, 'output.json');
        expect(Object.keys(input)).toEqual(model.inputNames);
        const got = predictFlat(model, Object.values(input));
        const want = Object.values(output);
        expect(got.length).toBe(want.length);
        want.forEach((o, k) => expect(maxAbsDiff(got[k]!.data, flat(o))).toBeLessThan(1e-4));
      }, 60_000);
    }
  });
}
