import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { measureLayerBox } from './layer-box.js';
import { layoutGraph, type GraphLayout } from './layout.js';
import { modelToGraph, type ModelGraphOptions } from './model-graph.js';
import { plotModel } from './plot-model.js';
import { buildGoldenModel, GOLDEN_CASES } from './testing/golden-models.js';
import { runsWidth } from './text/measure.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'kfn-viz-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const ALL: ModelGraphOptions = { showShapes: true, showDtype: true, showLayerActivations: true, showTrainable: true, expandNested: true };

describe('plotModel', () => {
  it('returns an SVG with one group per layer, carrying data attributes for interactivity', () => {
    const model = buildGoldenModel('mnist_mlp');
    const svg = plotModel(model, { showShapes: true, showLayerNames: true });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<g class="kfn-layer"/g)).toHaveLength(4);
    expect(svg).toContain('data-layer="dense_1" data-class="Dense" data-path="dense_1" data-params="4160" data-trainable="true"');
    expect(svg).toContain('<tspan font-weight="bold">(None, 784)</tspan>');
    expect(svg).toContain('<tspan font-weight="bold">dense_2</tspan> (Dense)');
    expect(svg.match(/<g class="kfn-edge"/g)).toHaveLength(3);
    expect(svg.match(/<g\b/g)?.length).toBe(svg.match(/<\/g>/g)?.length);
  });

  it('hides layer names by default, as Keras plot_model does', () => {
    const svg = plotModel(buildGoldenModel('mnist_mlp'));
    expect(svg).toContain('<tspan font-weight="bold">Dense</tspan></text>');
    expect(svg).not.toContain('<tspan font-weight="bold">dense_1</tspan>');
  });

  it('draws expanded nested models as dashed clusters named after the model', () => {
    const svg = plotModel(buildGoldenModel('nested_autoencoder'), { expandNested: true });
    expect(svg.match(/<g class="kfn-cluster"/g)).toHaveLength(2);
    expect(svg).toMatch(/data-model="encoder"[^>]*><rect[^>]*stroke-dasharray="6 4"[^>]*\/><text[^>]*>encoder<\/text>/);
  });

  it('escapes names that are not XML-safe', () => {
    const model = buildGoldenModel('mnist_mlp');
    Object.defineProperty(model.getLayer('dense'), 'name', { value: 'a<b&"c' });
    const svg = plotModel(model, { showLayerNames: true });
    expect(svg).toContain('a&lt;b&amp;&quot;c');
    expect(svg).not.toContain('a<b');
  });

  it('writes SVG files as is, and PNG files at `dpi` through resvg with the shipped font', async () => {
    const model = buildGoldenModel('ticket_model');
    const svgFile = path.join(tmp, 'ticket.svg');
    const svg = await plotModel(model, { showShapes: true, toFile: svgFile });
    expect(readFileSync(svgFile, 'utf8')).toBe(svg);

    const pngFile = path.join(tmp, 'ticket.png');
    await plotModel(model, { showShapes: true, toFile: pngFile, dpi: 144 });
    const png = readFileSync(pngFile);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const svgWidth = Number(/width="(\d+)"/.exec(svg)?.[1]);
    expect(png.readUInt32BE(16)).toBe(Math.round(svgWidth * 2)); // 144 dpi = 2 pixels per point
  });

  it('keeps Node modules out of the browser path: only write-file.ts imports them, and only dynamically', () => {
    const dir = path.dirname(new URL(import.meta.url).pathname);
    const sources = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.startsWith('testing'),
    );
    expect(sources).toContain('plot-model.ts');
    for (const f of sources) {
      const text = readFileSync(path.join(dir, f), 'utf8');
      expect(text, f).not.toMatch(/^import[^;]*from '(node:|@resvg|dejavu)/m);
      if (f !== 'write-file.ts') expect(text, f).not.toMatch(/import\('(node:|@resvg)/);
    }
  });

  it('rejects other file extensions, naming the argument', async () => {
    await expect(plotModel(buildGoldenModel('mnist_mlp'), { toFile: path.join(tmp, 'x.jpg') })).rejects.toThrow(
      /`toFile` must end in ".png" or ".svg". Received: toFile=".*x.jpg"/,
    );
  });
});

type Rect = { x: number; y: number; width: number; height: number };
const inside = (p: { x: number; y: number }, r: Rect, eps = 0.5): boolean =>
  p.x > r.x + eps && p.x < r.x + r.width - eps && p.y > r.y + eps && p.y < r.y + r.height - eps;
const overlap = (a: Rect, b: Rect): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

function checkLayout(layout: GraphLayout, lr: boolean): void {
  const rects = new Map(layout.nodes.map((p) => [p.node.id, { x: p.x, y: p.y, width: p.box.width, height: p.box.height }]));
  const all = [...rects.entries()];
  for (const [i, [a, ra]] of all.entries()) {
    for (const [b, rb] of all.slice(i + 1)) expect(overlap(ra, rb), `${a} overlaps ${b}`).toBe(false);
  }
  for (const e of layout.edges) {
    const from = rects.get(e.from) as Rect;
    const to = rects.get(e.to) as Rect;
    const start = e.points[0] as { x: number; y: number };
    const end = e.points.at(-1) as { x: number; y: number };
    // Edges leave the side facing the flow and end on the target's facing side.
    if (lr) {
      expect(start.x).toBeCloseTo(from.x + from.width, 6);
      expect(end.x).toBeCloseTo(to.x, 6);
    } else {
      expect(start.y).toBeCloseTo(from.y + from.height, 6);
      expect(end.y).toBeCloseTo(to.y, 6);
    }
    // The curve stays in the hull of its control points: none may be inside a box.
    for (const p of e.points) for (const [id, r] of all) expect(inside(p, r), `${e.from} -> ${e.to} enters ${id}`).toBe(false);
  }
  for (const c of layout.clusters) {
    for (const item of c.cluster.items) {
      const r = rects.get(item.id);
      if (r) expect(r.x >= c.x && r.y >= c.y && r.x + r.width <= c.x + c.width && r.y + r.height <= c.y + c.height, item.id).toBe(true);
    }
  }
}

describe.each(GOLDEN_CASES)('layout of %s', (name) => {
  it.each(['TB', 'LR'] as const)('%s: boxes fit their text, do not overlap, and edges do not cross boxes', (rankdir) => {
    const graph = modelToGraph(buildGoldenModel(name), { ...ALL, rankdir });
    const layout = layoutGraph(graph);
    for (const p of layout.nodes) {
      const box = measureLayerBox(p.node.label);
      expect(box.width).toBeGreaterThanOrEqual(runsWidth(box.title.runs, 16));
      for (const c of box.cells) expect(c.width).toBeGreaterThanOrEqual(runsWidth(c.runs, 14));
    }
    checkLayout(layout, rankdir === 'LR');
    expect(layout.width).toBeGreaterThanOrEqual(Math.max(...layout.nodes.map((p) => p.x + p.box.width)));
    expect(layout.height).toBeGreaterThanOrEqual(Math.max(...layout.nodes.map((p) => p.y + p.box.height)));
  });
});
