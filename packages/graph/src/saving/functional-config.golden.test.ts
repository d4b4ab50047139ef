import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync, strFromU8 } from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import { clearSession, getLayerClass, Model, modelFromConfig, serializeModel } from '../index.js';
import { stripSharedObjectIds } from './serialization.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const fixtures = path.resolve(repoRoot, '../shared/fixtures');
const kerasDir = path.join(fixtures, 'keras');
const tfjsDir = path.join(fixtures, 'tfjs');

beforeEach(() => clearSession());

function cases(dir: string, file: string): string[] {
  return readdirSync(dir)
    .filter((c) => existsSync(path.join(dir, c, file)))
    .sort();
}

function kerasConfig(name: string): Record<string, unknown> {
  const zip = unzipSync(readFileSync(path.join(kerasDir, name, 'model.keras')));
  const bytes = zip['config.json'];
  if (!bytes) throw new Error(`${name}/model.keras has no config.json`);
  return JSON.parse(strFromU8(bytes)) as Record<string, unknown>;
}

/** Every layer class a config names, nested models included. */
function classNames(json: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(json)) for (const x of json) classNames(x, out);
  else if (json && typeof json === 'object') {
    const o = json as Record<string, unknown>;
    if (typeof o.class_name === 'string' && Array.isArray(o.inbound_nodes)) out.add(o.class_name);
    for (const v of Object.values(o)) classNames(v, out);
  }
  return out;
}

/** Layer classes not (yet) implemented: a case needing one waits for it. */
function missingClasses(json: unknown): string[] {
  return [...classNames(json)].filter((c) => {
    if (c === 'Model') return false;
    try {
      getLayerClass(c);
      return false;
    } catch {
      return true;
    }
  });
}

/** The model's own parameters (a compiled model's "Total params" also counts the optimizer's). */
function modelParams(summary: string): number {
  const count = (label: string): number => {
    const m = new RegExp(`${label} params: ([\\d,]+)`).exec(summary);
    if (!m) throw new Error(`summary.txt has no "${label} params" line`);
    return Number((m[1] as string).replaceAll(',', ''));
  };
  return count('Trainable') + count('Non-trainable');
}

function summaryOf(model: Model): string {
  let text = '';
  model.summary({ printFn: (s) => (text += s) });
  return text;
}

describe('golden Keras 3 config.json', () => {
  for (const name of cases(kerasDir, 'model.keras')) {
    const golden = kerasConfig(name);
    const missing = missingClasses(golden);
    it.skipIf(missing.length > 0)(`${name} rebuilds and re-serializes identically${missing.length ? ` (waits for ${missing.join(', ')})` : ''}`, () => {
      const model = modelFromConfig(golden);
      const summaryTxt = readFileSync(path.join(kerasDir, name, 'summary.txt'), 'utf8');
      expect(model).toBeInstanceOf(Model);
      expect(model.name).toBe((golden.config as { name: string }).name);
      const goldenLayers = (golden.config as { layers: { name: string; class_name: string }[] }).layers;
      expect(model.layers.map((l) => [l.name, l.className])).toEqual(goldenLayers.map((l) => [l.name, l.class_name]));
      expect(model.countParams()).toBe(modelParams(summaryTxt));

      const expected = stripSharedObjectIds(golden);
      const ours = serializeModel(model);
      expect(ours).toEqual(expected);
      // Same keys in the same order: JSON.stringify equals Python's json.dumps modulo spacing
      // and float spelling (Python writes 0.0 where JS writes 0; both parse to the same value).
      expect(JSON.stringify(ours)).toBe(JSON.stringify(expected));

      // A compiled model's summary also lists optimizer parameters: that waits for compile().
      const summary = summaryOf(model);
      if (!summaryTxt.includes('Optimizer params')) expect(summary).toBe(summaryTxt);
    });
  }
});

describe('golden tfjs model.json topologies (Keras 2 form)', () => {
  const manifest = JSON.parse(readFileSync(path.join(tfjsDir, 'manifest.json'), 'utf8')) as {
    cases: Record<string, { modelName: string; countParams: number; inputs: { name: string }[]; outputs: { name: string }[] }>;
  };
  for (const name of cases(tfjsDir, 'model.json')) {
    const json = JSON.parse(readFileSync(path.join(tfjsDir, name, 'model.json'), 'utf8')) as unknown;
    const missing = missingClasses(json);
    it.skipIf(missing.length > 0)(`${name} rebuilds with the manifest's parameter count${missing.length ? ` (waits for ${missing.join(', ')})` : ''}`, () => {
      const expected = manifest.cases[name];
      if (!expected) throw new Error(`manifest.json has no case ${name}`);
      const model = modelFromConfig(json);
      expect(model.name).toBe(expected.modelName);
      expect(model.countParams()).toBe(expected.countParams);
      expect(model.inputNames).toEqual(expected.inputs.map((i) => i.name));
      expect(model.outputNames).toEqual(expected.outputs.map((o) => o.name));
      // Written back in Keras 3 form, it loads again to the same config.
      const config = serializeModel(model);
      const again = modelFromConfig(JSON.parse(JSON.stringify(config)));
      expect(serializeModel(again)).toEqual(config);
      expect(again.countParams()).toBe(expected.countParams);
    });
  }
});
