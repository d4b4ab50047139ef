import dagre from '@dagrejs/dagre';
import { measureLayerBox, type LayerBox } from './layer-box.js';
import { allClusters, allEdges, allNodes, type PlotCluster, type PlotEdge, type PlotGraph, type PlotNode } from './model-graph.js';

export interface Point {
  x: number;
  y: number;
}

export interface PlacedNode {
  node: PlotNode;
  box: LayerBox;
  /** Top-left corner. */
  x: number;
  y: number;
}

export interface PlacedEdge {
  from: string;
  to: string;
  points: Point[];
}

export interface PlacedCluster {
  cluster: PlotCluster;
  x: number;
  y: number;
  width: number;
  height: number;
  depth: number;
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  clusters: PlacedCluster[];
}

/** Room above a cluster's first row for its name. */
export const CLUSTER_LABEL_HEIGHT = 22;
const MARGIN = 16;
const LARGE_GRAPH = 200;

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const clamp = (v: number, lo: number, hi: number): number => (lo > hi ? (lo + hi) / 2 : Math.min(hi, Math.max(lo, v)));
const PORT_INSET = 12;
const STUB = 14;

/**
 * Moves dagre's end points onto the facing sides of the boxes (bottom → top, or right → left
 * with `LR`) and adds a short straight stub at each end, so that edges leave and enter
 * boxes square, as Graphviz draws them, instead of at the corner nearest the centre line.
 */
function routeEdge(points: Point[], from: Rect, to: Rect, lr: boolean): Point[] {
  if (points.length < 2) return points;
  // dagre doubles ranks, so a one-rank edge has a single middle point: drop it and aim the
  // ends at the other box's centre (an S-curve); longer edges keep their route.
  const inner = points.length > 3 ? points.slice(1, -1) : [];
  const next = inner[0] ?? { x: to.x + to.width / 2, y: to.y + to.height / 2 };
  const prev = inner.at(-1) ?? { x: from.x + from.width / 2, y: from.y + from.height / 2 };
  // One-rank edge between boxes that overlap across the flow: a straight line through the
  // middle of the overlap (as Graphviz draws most edges of a chain or a fan).
  if (inner.length === 0) {
    const [lo, hi] = lr
      ? [Math.max(from.y, to.y) + PORT_INSET / 2, Math.min(from.y + from.height, to.y + to.height) - PORT_INSET / 2]
      : [Math.max(from.x, to.x) + PORT_INSET, Math.min(from.x + from.width, to.x + to.width) - PORT_INSET];
    if (hi >= lo) {
      const mid = (lo + hi) / 2;
      return lr
        ? [{ x: from.x + from.width, y: mid }, { x: to.x, y: mid }]
        : [{ x: mid, y: from.y + from.height }, { x: mid, y: to.y }];
    }
  }
  if (!lr) {
    const start = { x: clamp(next.x, from.x + PORT_INSET, from.x + from.width - PORT_INSET), y: from.y + from.height };
    const end = { x: clamp(prev.x, to.x + PORT_INSET, to.x + to.width - PORT_INSET), y: to.y };
    const stub = Math.max(0, Math.min(STUB, (end.y - start.y) / 3));
    return [start, { x: start.x, y: start.y + stub }, ...inner, { x: end.x, y: end.y - stub }, end];
  }
  const start = { x: from.x + from.width, y: clamp(next.y, from.y + PORT_INSET / 2, from.y + from.height - PORT_INSET / 2) };
  const end = { x: to.x, y: clamp(prev.y, to.y + PORT_INSET / 2, to.y + to.height - PORT_INSET / 2) };
  const stub = Math.max(0, Math.min(STUB, (end.x - start.x) / 3));
  return [start, { x: start.x + stub, y: start.y }, ...inner, { x: end.x - stub, y: end.y }, end];
}

/**
 * Left-to-right hints for dagre's ordering: the model's inputs in their order, and the
 * consumers of one layer in the model's layer order (as Graphviz keeps them).
 */
function orderHints(graph: PlotGraph, edges: readonly PlotEdge[], consumers: boolean): { left: string; right: string }[] {
  const hints: { left: string; right: string }[] = [];
  const pairs = (ids: string[]): void => {
    for (let i = 1; i < ids.length; i++) hints.push({ left: ids[i - 1] as string, right: ids[i] as string });
  };
  const byId = new Map(allNodes(graph).map((n, i) => [n.id, i]));
  pairs(graph.model.inputs.map((t) => `L_${t.history?.layer.name ?? ''}`).filter((id) => byId.has(id)));
  // Each constraint slows dagre's ordering sweeps: consumer hints only for small graphs.
  if (!consumers) return hints;
  const byProducer = new Map<string, string[]>();
  for (const e of edges) byProducer.set(e.from, [...(byProducer.get(e.from) ?? []), e.to]);
  for (const ids of byProducer.values()) if (ids.length > 1) pairs(ids.sort((a, b) => (byId.get(a) ?? 0) - (byId.get(b) ?? 0)));
  return hints;
}

/**
 * Places the boxes with dagre (a layered DAG layout: ranks, crossing reduction, coordinates;
 * clusters as compound nodes) and routes the edges between box borders.
 */
export function layoutGraph(graph: PlotGraph): GraphLayout {
  // Compound graphs (clusters) cost dagre extra passes: only when there are clusters.
  const g = new dagre.graphlib.Graph({ compound: graph.items.some((i) => i.kind === 'cluster'), multigraph: false });
  const lr = graph.options.rankdir === 'LR';
  const nodes = allNodes(graph);
  // network-simplex gives the most compact ranks but is superlinear; past a few hundred
  // layers the longest-path ranker keeps a 500-layer model under a second.
  const ranker = nodes.length > LARGE_GRAPH ? 'longest-path' : 'network-simplex';
  g.setGraph({ rankdir: graph.options.rankdir, nodesep: lr ? 24 : 36, ranksep: lr ? 48 : 44, marginx: MARGIN, marginy: MARGIN, ranker });
  g.setDefaultEdgeLabel(() => ({}));

  const boxes = new Map<string, LayerBox>();
  for (const node of nodes) {
    const box = measureLayerBox(node.label);
    boxes.set(node.id, box);
    g.setNode(node.id, { width: box.width, height: box.height });
  }
  const clusters = allClusters(graph);
  const depth = new Map<string, number>();
  for (const { cluster, parent } of clusters) {
    depth.set(cluster.id, parent === null ? 0 : (depth.get(parent) ?? 0) + 1);
    g.setNode(cluster.id, { width: 0, height: 0, paddingTop: CLUSTER_LABEL_HEIGHT });
    if (parent !== null) g.setParent(cluster.id, parent);
    for (const item of cluster.items) if (item.kind === 'node') g.setParent(item.id, cluster.id);
  }
  const edges = allEdges(graph).filter((e) => boxes.has(e.from) && boxes.has(e.to) && e.from !== e.to);
  for (const e of edges) g.setEdge(e.from, e.to);

  dagre.layout(g, { constraints: orderHints(graph, edges, nodes.length <= LARGE_GRAPH) });

  const placedNodes = nodes.map((node) => {
    const n = g.node(node.id);
    const box = boxes.get(node.id) as LayerBox;
    return { node, box, x: (n.x as number) - box.width / 2, y: (n.y as number) - box.height / 2 };
  });
  const rects = new Map(placedNodes.map((p) => [p.node.id, { x: p.x, y: p.y, width: p.box.width, height: p.box.height }]));
  const placedEdges = edges.map((e) => {
    const raw = (g.edge(e.from, e.to).points ?? []).map((p: Point) => ({ x: p.x, y: p.y }));
    return { from: e.from, to: e.to, points: routeEdge(raw, rects.get(e.from) as Rect, rects.get(e.to) as Rect, lr) };
  });
  const placedClusters = clusters.map(({ cluster }) => {
    const n = g.node(cluster.id);
    const width = n.width;
    const height = n.height;
    return { cluster, x: (n.x as number) - width / 2, y: (n.y as number) - height / 2, width, height, depth: depth.get(cluster.id) ?? 0 };
  });
  const label = g.graph();
  return { width: Math.ceil(label.width ?? 0), height: Math.ceil(label.height ?? 0), nodes: placedNodes, edges: placedEdges, clusters: placedClusters };
}
