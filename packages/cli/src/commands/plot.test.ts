import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kerasFixtures, kfn, tempDir, tfjsFixtures } from '../testing/helpers.js';

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The words drawn: the content of every <text> element (names also sit in data- attributes). */
const drawnText = (svg: string): string => [...svg.matchAll(/<text[^>]*>(.*?)<\/text>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, '')).join('\n');

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Uint8Array): [number, number] {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  return [view.getUint32(16), view.getUint32(20)];
}

describe('kfn plot', () => {
  it('writes an SVG with the options Keras draws (names, shapes, activations)', async () => {
    const out = path.join(tempDir('plot'), 'model.svg');
    const run = await kfn(
      'plot', path.join(kerasFixtures, 'mnist_mlp', 'model.keras'), '-o', out,
      '--show-shapes', '--show-layer-names', '--show-layer-activations', '--show-dtype', '--show-trainable', '--rankdir', 'LR',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Wrote ${out} (model "mnist_model", 4 layers).\n`);
    const svg = readFileSync(out, 'utf8');
    expect(svg).toMatch(/^<svg[\s>]/);
    const drawn = drawnText(svg);
    for (const text of ['dense_1', 'Dense', 'relu', 'float32', '(None, 784)', '(None, 10)']) expect(drawn).toContain(text);
  });

  it('by default shows class names only, as Keras', async () => {
    const out = path.join(tempDir('plot'), 'model.svg');
    expect((await kfn('plot', path.join(kerasFixtures, 'mnist_mlp', 'model.keras'), '-o', out)).code).toBe(0);
    const drawn = drawnText(readFileSync(out, 'utf8'));
    expect(drawn).toContain('Dense');
    expect(drawn).not.toContain('dense_1');
    expect(drawn).not.toContain('(None, 784)');
  });

  it('writes a PNG at --dpi, nested models expanded', async () => {
    const dir = tempDir('plot');
    const file = path.join(kerasFixtures, 'nested_autoencoder', 'model.keras');
    expect((await kfn('plot', file, '-o', path.join(dir, 'a.png'), '--expand-nested', '--dpi', '72')).code).toBe(0);
    expect((await kfn('plot', file, '-o', path.join(dir, 'b.png'), '--expand-nested', '--dpi', '144')).code).toBe(0);
    const a = new Uint8Array(readFileSync(path.join(dir, 'a.png')));
    const b = new Uint8Array(readFileSync(path.join(dir, 'b.png')));
    expect([...a.subarray(0, 8)]).toEqual(PNG_MAGIC);
    const [wa, ha] = pngSize(a);
    const [wb, hb] = pngSize(b);
    expect(Math.abs(wb - 2 * wa)).toBeLessThanOrEqual(2);
    expect(Math.abs(hb - 2 * ha)).toBeLessThanOrEqual(2);
  });

  it('plots a tfjs layers-model', async () => {
    const out = path.join(tempDir('plot'), 'ensemble.svg');
    expect((await kfn('plot', path.join(tfjsFixtures, 'ensemble', 'model.json'), '-o', out)).code).toBe(0);
    expect(existsSync(out)).toBe(true);
  });

  it('bad usage: exit 2, and nothing written', async () => {
    const dir = tempDir('plot');
    const model = path.join(kerasFixtures, 'mnist_mlp', 'model.keras');
    for (const argv of [
      [model],
      [model, '-o', path.join(dir, 'model.jpg')],
      [model, '-o', path.join(dir, 'x.svg'), '--rankdir', 'BT'],
      [model, '-o', path.join(dir, 'x.svg'), '--dpi', 'high'],
      ['-o', path.join(dir, 'x.svg')],
    ]) {
      const run = await kfn('plot', ...argv);
      expect(run.code, argv.join(' ')).toBe(2);
    }
    expect(existsSync(path.join(dir, 'x.svg'))).toBe(false);
  });

  it('a corrupt model file: exit 1', async () => {
    const run = await kfn('plot', path.join(kerasFixtures, 'mnist_mlp', 'plot.dot'), '-o', path.join(tempDir('plot'), 'x.svg'));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('plot.dot');
  });
});
