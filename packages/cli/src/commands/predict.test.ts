import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { float32Text } from '../predict-io.js';
import { cases, expectSameOutputs, flat, kerasFixtures, kfn, readJson, tempDir, tfjsFixtures, type OutputJson } from '../testing/helpers.js';

/** `.npy` bytes (numpy format 1.0, float32, C order). */
function npy(data: Float32Array, shape: number[]): Uint8Array {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(new Uint8Array(data.buffer), 10 + header.length);
  return out;
}

async function predictJson(...argv: string[]): Promise<OutputJson> {
  const run = await kfn('predict', ...argv);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as OutputJson;
}

describe('kfn predict on every golden Keras file matches its output.json (within 1e-4)', () => {
  for (const name of cases(kerasFixtures, 'output.json')) {
    it(name, async () => {
      const dir = path.join(kerasFixtures, name);
      const got = await predictJson(path.join(dir, 'model.keras'), path.join(dir, 'input.json'));
      expectSameOutputs(got, readJson<OutputJson>(dir, 'output.json'));
    });
  }

  it('on the cpu backend too, with --batch-size 3 (two passes for the 4 rows)', async () => {
    const dir = path.join(kerasFixtures, 'ticket_model');
    const got = await predictJson(path.join(dir, 'model.keras'), path.join(dir, 'input.json'), '--backend', 'cpu', '--batch-size', '3');
    expect((got as unknown as { backend: string }).backend).toBe('cpu');
    expectSameOutputs(got, readJson<OutputJson>(dir, 'output.json'));
  });
});

describe('kfn predict on the golden tfjs layers-models (their {"<input>": nested lists} input.json)', () => {
  for (const name of cases(tfjsFixtures, 'output.json')) {
    it(name, async () => {
      const dir = path.join(tfjsFixtures, name);
      const got = await predictJson(path.join(dir, 'model.json'), path.join(dir, 'input.json'));
      const want = readJson<Record<string, unknown>>(dir, 'output.json');
      const names = Object.keys(want);
      expect(got.outputs.length).toBe(names.length);
      // tfjs lists outputs by output layer name in model.outputNames order, which is kfn's order.
      got.outputs.forEach((o, i) => {
        const b = flat(want[names[i]!]);
        const a = flat(o.data);
        expect(a.length).toBe(b.length);
        a.forEach((v, k) => expect(Math.abs(v - b[k]!)).toBeLessThan(1e-4));
      });
    });
  }
});

describe('kfn predict with .npy input', () => {
  it('one float32 .npy for a one-input model gives the same outputs as input.json', async () => {
    const dir = path.join(kerasFixtures, 'mnist_mlp');
    const input = readJson<{ inputs: { shape: number[]; data: unknown }[] }>(dir, 'input.json').inputs[0]!;
    const tmp = tempDir('npy');
    const file = path.join(tmp, 'x.npy');
    writeFileSync(file, npy(Float32Array.from(flat(input.data)), input.shape));
    const got = await predictJson(path.join(dir, 'model.keras'), file);
    expectSameOutputs(got, readJson<OutputJson>(dir, 'output.json'));
  });

  it('a truncated .npy: exit 1, naming the file', async () => {
    const file = path.join(tempDir('npy-bad'), 'bad.npy');
    writeFileSync(file, npy(new Float32Array(784), [2, 784]).subarray(0, 200));
    const run = await kfn('predict', path.join(kerasFixtures, 'mnist_mlp', 'model.keras'), file);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('bad.npy');
    expect(run.stderr).toContain('truncated');
  });
});

describe('kfn predict: errors', () => {
  const model = path.join(kerasFixtures, 'mnist_mlp', 'model.keras');

  it('input JSON that is not JSON, or not the format: exit 1, naming the file', async () => {
    const tmp = tempDir('json');
    writeFileSync(path.join(tmp, 'a.json'), '{"inputs": [');
    writeFileSync(path.join(tmp, 'b.json'), '{"x": 1}');
    writeFileSync(path.join(tmp, 'c.json'), '{"inputs": [{"name": "input_layer", "shape": [2, 784], "data": [[1, 2]]}]}');
    const a = await kfn('predict', model, path.join(tmp, 'a.json'));
    expect(a.code).toBe(1);
    expect(a.stderr).toMatch(/a\.json: is not valid JSON/);
    const b = await kfn('predict', model, path.join(tmp, 'b.json'));
    expect(b.code).toBe(1);
    expect(b.stderr).toContain('expected {"inputs": [{"name", "shape", "dtype", "data"}');
    const c = await kfn('predict', model, path.join(tmp, 'c.json'));
    expect(c.code).toBe(1);
    expect(c.stderr).toContain('inputs[0] ("input_layer"): shape [2,784] needs 1568 values, but "data" holds 2.');
  });

  it('inputs of the wrong shape or count: exit 1 with what was expected and received', async () => {
    const tmp = tempDir('shape');
    writeFileSync(path.join(tmp, 'x.json'), JSON.stringify({ inputs: [{ name: 'input_layer', shape: [1, 3], data: [[1, 2, 3]] }] }));
    const run = await kfn('predict', model, path.join(tmp, 'x.json'));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('expected shape (None, 784)');
    const ticket = path.join(kerasFixtures, 'ticket_model', 'model.keras');
    const two = await kfn('predict', ticket, path.join(kerasFixtures, 'mnist_mlp', 'input.json'));
    expect(two.code).toBe(1);
    expect(two.stderr).toContain('has 3 input(s): title, body, tags');
  });

  it('--backend node where tfjs-node cannot load: exit 1 with the fix', async () => {
    const run = await kfn('predict', model, path.join(kerasFixtures, 'mnist_mlp', 'input.json'), '--backend', 'node');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^kfn predict: Backend "node": /);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('bad usage: exit 2', async () => {
    const input = path.join(kerasFixtures, 'mnist_mlp', 'input.json');
    for (const argv of [
      [model],
      [model, input, '--backend', 'gpu'],
      [model, input, '--batch-size', '0'],
      [model, input, '--batch-size'],
      [model, 'input.csv'],
      [model, input, 'more.json'],
    ]) {
      const run = await kfn('predict', ...argv);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stderr).toContain('Run "kfn predict --help" for usage.');
    }
  });
});

describe('float32Text', () => {
  it('prints the shortest decimal that reads back as the same float32, as numpy', () => {
    expect(float32Text(Math.fround(0.1))).toBe('0.1');
    expect(float32Text(Math.fround(0.40333843))).toBe('0.40333843');
    expect(float32Text(Math.fround(-0.6036736))).toBe('-0.6036736');
    expect(float32Text(1)).toBe('1');
    expect(float32Text(Math.fround(1e-7))).toBe('1e-7');
    expect(float32Text(NaN)).toBe('null');
    for (let i = 0; i < 1000; i++) {
      const v = Math.fround((Math.random() - 0.5) * 10 ** Math.floor(Math.random() * 10 - 5));
      expect(Math.fround(Number(float32Text(v)))).toBe(v);
    }
  });
});
