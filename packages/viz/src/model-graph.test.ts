import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { graphToDot, toDot } from './dot.js';
import { labelToHtml } from './label.js';
import { allClusters, allEdges, allNodes, modelToGraph, type ModelGraphOptions, type PlotGraph } from './model-graph.js';
import { buildGoldenModel, GOLDEN_CASES } from './testing/golden-models.js';
import { normalizeLabel, parseDot } from './testing/dot-parse.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixtures = path.resolve(repoRoot, '../shared/fixtures/keras');

// The three option sets gen.py plots each golden model with.
const VARIANTS: Record<string, ModelGraphOptions> = {
  'plot.dot': { showLayerNames: false },
  'plot_shapes.dot': { showShapes: true, showLayerNames: true },
  'plot_all_options.dot': {
    showShapes: true,
    showDtype: true,
    showLayerActivations: true,
    showTrainable: true,
    expandNested: true,
    rankdir: 'LR',
    dpi: 96,
  },
};

function clusterOf(graph: PlotGraph): Map<string, string | null> {
  const where = new Map<string, string | null>();
  for (const n of allNodes(graph)) where.set(n.id, null);
  for (const { cluster } of allClusters(graph)) {
    for (const item of cluster.items) if (item.kind === 'node') where.set(item.id, cluster.id);
  }
  return where;
}

describe.each(GOLDEN_CASES)('golden %s', (name) => {
  it.each(Object.keys(VARIANTS))('%s: same nodes, labels, clusters and edges as Keras', (file) => {
    const golden = parseDot(readFileSync(path.join(fixtures, name, file), 'utf8'));
    const graph = modelToGraph(buildGoldenModel(name), VARIANTS[file]);

    const nodes = allNodes(graph);
    const where = clusterOf(graph);
    expect(nodes.map((n) => n.id).sort()).toEqual([...golden.nodes.keys()].sort());
    for (const node of nodes) {
      const expected = golden.nodes.get(node.id);
      expect(normalizeLabel(labelToHtml(node.label)), node.id).toBe(normalizeLabel(expected?.label ?? ''));
      expect(where.get(node.id), node.id).toBe(expected?.cluster);
    }
    const clusters = allClusters(graph).map(({ cluster }) => [cluster.id, cluster.model.name]);
    expect(clusters.sort()).toEqual([...golden.clusters.entries()].sort());
    const key = (e: { from: string; to: string }): string => `${e.from} -> ${e.to}`;
    expect(allEdges(graph).map(key).sort()).toEqual(golden.edges.map(key).sort());
    expect(golden.attrs.rankdir).toBe(graph.options.rankdir);
    expect(golden.attrs.dpi).toBe(String(graph.options.dpi));
  });

  it.each(Object.keys(VARIANTS))('%s: toDot writes the file Keras writes', (file) => {
    const golden = readFileSync(path.join(fixtures, name, file), 'utf8');
    expect(toDot(buildGoldenModel(name), VARIANTS[file])).toBe(golden);
  });
});

describe('modelToGraph', () => {
  it('defaults to model_to_dot defaults (names shown, TB, dpi 200)', () => {
    const graph = modelToGraph(buildGoldenModel('mnist_mlp'));
    expect(graph.options).toMatchObject({ showLayerNames: true, rankdir: 'TB', dpi: 200, expandNested: false });
    expect(allNodes(graph)[1]?.label).toEqual({ name: 'dense', className: 'Dense', colspan: 1, activation: null, cells: [] });
  });

  it('marks non-trainable layers with weights in red, and skips the cell for layers without weights', () => {
    const model = buildGoldenModel('mnist_mlp');
    model.getLayer('dense_1').trainable = false;
    const nodes = allNodes(modelToGraph(model, { showTrainable: true }));
    expect(nodes.map((n) => n.label.cells.map((c) => c.kind))).toEqual([[], ['trainable'], ['non-trainable'], ['trainable']]);
    expect(labelToHtml(nodes[2]!.label)).toContain('<td bgcolor="firebrick"><font point-size="14" color="white"><b>Non-trainable</b></font></td>');
  });

  it('keeps edges of a shared layer once per call, but only for calls inside the model', () => {
    const graph = modelToGraph(buildGoldenModel('shared_embedding'));
    expect(graph.edges).toEqual([
      { from: 'L_input_layer', to: 'L_embedding' },
      { from: 'L_input_layer_1', to: 'L_embedding' },
    ]);
  });

  it('rejects bad options with the argument named', () => {
    const model = buildGoldenModel('mnist_mlp');
    expect(() => modelToGraph(model, { rankdir: 'BT' as 'TB' })).toThrow(/`rankdir` must be 'TB' or 'LR'. Received: rankdir="BT"/);
    expect(() => modelToGraph(model, { dpi: 0 })).toThrow(/`dpi` must be a positive number/);
  });

  it('graphToDot quotes ids that are not plain DOT identifiers', () => {
    const graph = modelToGraph(buildGoldenModel('mnist_mlp'));
    const dot = graphToDot({ ...graph, edges: [{ from: 'L_a-b', to: 'L_c' }] });
    expect(dot).toContain('"L_a-b" -> L_c  [penwidth=2];');
  });
});
