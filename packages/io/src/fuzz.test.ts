import { clearSession, Dense, Input, Model, useBackend, concatenate } from '@kfn/graph';
import { cpu } from '@kfn/backend-cpu';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelFileError } from './errors.js';
import { MemoryHandler } from './handlers/memory.js';
import { readKerasArchive } from './keras/keras-file.js';
import { encodeModel, loadModel } from './model-io.js';
import { rebuildKeras } from './testing/archives.js';

/**
 * Bounded fuzzing of the readers: every input either loads or fails with a ModelFileError,
 * never another exception, a crash or a hang.
 */

let keras: Uint8Array;
let layersJson: Uint8Array;
let layersBin: Uint8Array;

beforeAll(async () => {
  await useBackend(cpu);
  clearSession();
  const a = Input({ shape: [3], name: 'a' });
  const b = Input({ shape: [2], name: 'b' });
  const h = new Dense({ units: 4, activation: 'relu' }).apply(concatenate([a, b]));
  const model = new Model({ inputs: [a, b], outputs: new Dense({ units: 1 }).apply(h), name: 'fuzzed' });
  keras = (await encodeModel(model, 'keras')).main;
  const tf = await encodeModel(model, 'layers-model');
  layersJson = tf.main;
  layersBin = tf.siblings.get('weights.bin') as Uint8Array;
});

const tally: Record<string, number> = {};

async function outcome(p: () => Promise<unknown>): Promise<'ok' | 'ModelFileError'> {
  try {
    await p();
    tally.ok = (tally.ok ?? 0) + 1;
    return 'ok';
  } catch (e) {
    if (e instanceof ModelFileError) {
      const kind = e.location.h5Path ? 'hdf5' : (e.location.member ?? 'file');
      tally[kind] = (tally[kind] ?? 0) + 1;
      return 'ModelFileError';
    }
    throw new Error(`expected a ModelFileError, got ${(e as Error)?.name}: ${(e as Error)?.message}`, { cause: e });
  }
}

const loadBytes = (bytes: Uint8Array) => outcome(() => loadModel(bytes, { maxUncompressedBytes: 1 << 24 }));

/** Replaces the value at a random path of a JSON document. */
function mutateAt(doc: unknown, path: number[], value: unknown): unknown {
  if (path.length === 0 || typeof doc !== 'object' || doc === null) return value;
  const keys = Object.keys(doc);
  if (keys.length === 0) return value;
  const key = keys[(path[0] as number) % keys.length] as string;
  const copy: Record<string, unknown> = Array.isArray(doc) ? ([...doc] as unknown as Record<string, unknown>) : { ...doc };
  copy[key] = mutateAt((doc as Record<string, unknown>)[key], path.slice(1), value);
  return copy;
}

const jsonValue = fc.oneof(
  fc.constantFrom(null, 0, -1, 1e9, 1.5, '', 'Dense', 'Lambda', true, [], {}, [null, 3], ['dense', 0, 0], { class_name: 'Functional', config: {} }),
  fc.jsonValue({ maxDepth: 2 }),
);

describe('fuzzing the readers (bounded)', () => {
  afterAll(() => {
    if (process.env.KFN_SHOW_ERRORS) console.log('fuzz outcomes', tally);
  });

  it('random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('', 'PK\x03\x04', 'PK', '{', '\x89HDF\r\n\x1a\n'), fc.uint8Array({ maxLength: 600 }), async (prefix, tail) => {
        const bytes = new Uint8Array([...new TextEncoder().encode(prefix), ...tail]);
        expect(await loadBytes(bytes)).toBe('ModelFileError');
      }),
      { numRuns: 100 },
    );
  }, 60_000);

  it('random truncations and byte flips of a valid .keras file', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: 1 << 20 }),
        fc.array(fc.tuple(fc.nat({ max: 1 << 20 }), fc.integer({ min: 1, max: 255 })), { maxLength: 4 }),
        async (cut, flips) => {
          const bytes = keras.slice(0, flips.length === 0 ? cut % keras.length : keras.length);
          for (const [at, x] of flips) bytes[at % bytes.length] = (bytes[at % bytes.length] as number) ^ x;
          await loadBytes(bytes); // 'ok' only if the flips hit bytes nobody checks (zip header padding)
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);

  it('mutated config.json', async () => {
    const config = readKerasArchive(keras).config;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: 50 }), { minLength: 1, maxLength: 7 }), jsonValue, async (path, value) => {
        clearSession();
        const bytes = rebuildKeras(keras, { config: () => mutateAt(config, path, value) });
        await loadBytes(bytes);
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it('mutated model.json (topology and manifest) and weight files', async () => {
    const doc = JSON.parse(new TextDecoder().decode(layersJson));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat({ max: 50 }), { minLength: 1, maxLength: 8 }),
        jsonValue,
        fc.nat({ max: 200 }),
        async (path, value, cut) => {
          clearSession();
          const json = new TextEncoder().encode(JSON.stringify(mutateAt(doc, path, value)));
          const handler = new MemoryHandler('model.json', { 'model.json': json, 'weights.bin': layersBin.slice(0, layersBin.length - (cut % 3 === 0 ? cut : 0)) });
          await outcome(() => loadModel(handler));
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);
});
