import * as kfn from '@kfn/graph';
import { clearSession, useBackend, type BackendProvider, type Model, type Nested, type Tensor } from '@kfn/graph';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { expectClose, type HostTensor } from './data.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const fixtures = path.resolve(repoRoot, '../shared/fixtures');

type ModelFromConfig = (json: unknown) => Model;
const modelFromConfig = (kfn as Record<string, unknown>).modelFromConfig as ModelFromConfig | undefined;

/** One file of a zip archive (a `.keras` file), stored or deflated. */
export function readZipEntry(zip: Buffer, name: string): Buffer {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(p + 10);
    const size = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const skip = nameLen + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    if (zip.toString('utf8', p + 46, p + 46 + nameLen) === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      return method === 0 ? data : inflateRawSync(data);
    }
    p += 46 + skip;
  }
  throw new Error(`zip: no entry "${name}"`);
}

/** Assigns weights by path (`layer/name`; LSTM's `lstm/lstm_cell/kernel` also matches tfjs's `lstm/kernel`). */
function assignWeights(model: Model, entries: { name: string; data: Float32Array }[]): void {
  const key = (p: string): string => {
    const parts = p.split('/');
    return `${parts[0]}/${parts.at(-1)}`;
  };
  const byPath = new Map(model.weights.map((w) => [w.path, w]));
  const byKey = new Map(model.weights.map((w) => [key(w.path), w]));
  let assigned = 0;
  for (const e of entries) {
    const w = byPath.get(e.name) ?? byKey.get(key(e.name));
    if (!w) continue; // optimizer state in compiled files
    w.assign(e.data);
    assigned++;
  }
  if (assigned !== model.weights.length) throw new Error(`golden: assigned ${assigned} of ${model.weights.length} weights`);
}

const flatNumbers = (x: unknown): number[] => (Array.isArray(x) ? x.flat(Infinity) : [x]) as number[];
const shapeOf = (x: unknown): number[] => (Array.isArray(x) ? [x.length, ...shapeOf(x[0])] : []);

/** A prediction's tensors in flatten order (records by sorted key, as `model.outputs`). */
export function flatOutputs(out: Nested<Tensor>): Tensor[] {
  if (Array.isArray(out)) return out as Tensor[];
  if ('shape' in (out as object)) return [out as Tensor];
  const rec = out as Record<string, Tensor>;
  return Object.keys(rec).sort().map((k) => rec[k] as Tensor);
}

/**
 * tfjs files mean Keras 2's `hard_sigmoid` (`clip(0.2x + 0.5, 0, 1)`), not Keras 3's. @kfn/io
 * maps it when it loads a tfjs model; this suite loads topologies with @kfn/graph alone
 * (@kfn/io depends on the backends), so it does the same mapping here.
 */
function withTfjsHardSigmoid(topology: unknown): unknown {
  kfn.registerActivation({
    name: 'tfjs_hard_sigmoid',
    apply: (x, ops) => ops.clip(ops.add(ops.mul(x, ops.scalar(0.2)), ops.scalar(0.5)), 0, 1),
  });
  return JSON.parse(JSON.stringify(topology).replaceAll('"hard_sigmoid"', '"tfjs_hard_sigmoid"'));
}

interface GoldenCase {
  name: string;
  load: () => { model: Model; x: Record<string, unknown>; expected: HostTensor[] };
}

function tfjsCases(): GoldenCase[] {
  const dir = path.join(fixtures, 'tfjs');
  if (!existsSync(dir)) return [];
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { cases: Record<string, unknown> };
  return Object.keys(manifest.cases).map((name) => ({
    name: `tfjs/${name}`,
    load: () => {
      const json = JSON.parse(readFileSync(path.join(dir, name, 'model.json'), 'utf8')) as {
        modelTopology: unknown;
        weightsManifest: { weights: { name: string; shape: number[]; dtype: string }[] }[];
      };
      const bin = readFileSync(path.join(dir, name, 'weights.bin'));
      const model = (modelFromConfig as ModelFromConfig)(withTfjsHardSigmoid(json.modelTopology));
      let offset = 0;
      const entries = json.weightsManifest.flatMap((g) => g.weights).map((w) => {
        const n = w.shape.reduce((a, b) => a * b, 1);
        const bytes = bin.subarray(offset, offset + 4 * n);
        offset += 4 * n;
        return { name: w.name, data: new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) };
      });
      assignWeights(model, entries);
      const x = JSON.parse(readFileSync(path.join(dir, name, 'input.json'), 'utf8')) as Record<string, unknown>;
      const out = JSON.parse(readFileSync(path.join(dir, name, 'output.json'), 'utf8')) as Record<string, unknown>;
      // output.json is keyed by output layer name, in model.outputNames order; predict flattens dicts by key.
      const expected = model.outputNames.map((n) => ({ shape: shapeOf(out[n]), data: Float32Array.from(flatNumbers(out[n])) }));
      return { model, x, expected };
    },
  }));
}

function kerasCases(): GoldenCase[] {
  const dir = path.join(fixtures, 'keras');
  if (!existsSync(dir)) return [];
  const names = ['mnist_mlp', 'encoder', 'autoencoder', 'nested_autoencoder', 'ensemble', 'ticket_model', 'shared_embedding'];
  return names.map((name) => ({
    name: `keras/${name}`,
    load: () => {
      const config = JSON.parse(readZipEntry(readFileSync(path.join(dir, name, 'model.keras')), 'config.json').toString('utf8')) as unknown;
      const model = (modelFromConfig as ModelFromConfig)(config);
      const train = JSON.parse(readFileSync(path.join(dir, name, 'train.json'), 'utf8')) as {
        final_weights: { path: string; data: unknown }[];
        predictions_after_training: { data: unknown }[];
      };
      assignWeights(model, train.final_weights.map((w) => ({ name: w.path, data: Float32Array.from(flatNumbers(w.data)) })));
      const input = JSON.parse(readFileSync(path.join(dir, name, 'input.json'), 'utf8')) as { inputs: { name: string; data: unknown }[] };
      const x = Object.fromEntries(input.inputs.map((i) => [i.name, i.data]));
      const expected = train.predictions_after_training.map((o) => ({ shape: shapeOf(o.data), data: Float32Array.from(flatNumbers(o.data)) }));
      return { model, x, expected };
    },
  }));
}

/** Every golden model of both fixture sets predicts its recorded output within 1e-4 on this backend. */
export function describeGolden(provider: BackendProvider): void {
  describe('golden fixtures', () => {
    for (const c of [...tfjsCases(), ...kerasCases()]) {
      (modelFromConfig ? it : it.skip)(`${c.name} predicts its recorded output within 1e-4`, async () => {
        clearSession();
        const ops = await useBackend(provider);
        const { model, x, expected } = c.load();
        try {
          const before = ops.numTensors();
          const out = model.predict(x as kfn.PredictInput);
          const flat = flatOutputs(out);
          const got = flat.map((t) => ({ shape: [...t.shape], data: ops.readSync(t).slice() }));
          ops.dispose(flat);
          expect(ops.numTensors()).toBe(before);
          expected.forEach((e, i) => expectClose(got[i] as HostTensor, e, 1e-4, `${c.name} output ${i}`));
        } finally {
          for (const w of model.weights) w.dispose();
        }
      });
    }
  });
}
