import { clearSession, useBackend, type BackendProvider } from '@kfn/graph';
import { cpu } from '@kfn/backend-cpu';
import { wasm } from '@kfn/backend-wasm';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../model-io.js';
import { fixtureCases, flat, kerasFixtures, readBytes, readJson } from '../testing/fixtures.js';
import { maxAbsDiff, predictFlat } from '../testing/predict.js';

interface Golden {
  inputs?: { name: string; shape: number[]; data: unknown }[];
  outputs: { name: string; shape: number[]; data: unknown }[];
}

const backends: [string, BackendProvider][] = [
  ['cpu', cpu],
  ['wasm', wasm],
];

for (const [backendName, provider] of backends) {
  describe(`every golden .keras file predicts Keras's output.json (${backendName})`, () => {
    for (const name of fixtureCases(kerasFixtures, 'model.keras')) {
      it(name, async () => {
        await useBackend(provider);
        clearSession();
        const model = await loadModel(readBytes(kerasFixtures, name, 'model.keras'));
        const input = readJson<Golden>(kerasFixtures, name, 'input.json');
        const output = readJson<Golden>(kerasFixtures, name, 'output.json');
        const got = predictFlat(model, (input.inputs ?? []).map((i) => i.data));
        expect(got.length).toBe(output.outputs.length);
        output.outputs.forEach((o, k) => {
          expect(got[k]?.shape).toEqual(o.shape);
          expect(maxAbsDiff(got[k]!.data, flat(o.data))).toBeLessThan(1e-4);
        });
      }, 60_000);
    }
  });
}
