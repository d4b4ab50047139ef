import { Model, ValueError, type Layer, type Node } from '@kfn/graph';
import { layerLabel, type LabelOptions, type LayerLabel } from './label.js';

/** Keras 3's `plot_model` / `model_to_dot` options, camelCased. */
export interface ModelGraphOptions {
  /** Show the input and output shapes. Default `false`. */
  showShapes?: boolean;
  /** Show the output dtype. Default `false`. */
  showDtype?: boolean;
  /** Show layer names (else only class names). `modelToGraph`/`toDot` default `true`, `plotModel` `false`, as in Keras. */
  showLayerNames?: boolean;
  /** `'TB'` (top to bottom) or `'LR'` (left to right). Default `'TB'`. */
  rankdir?: 'TB' | 'LR';
  /** Draw nested models as clusters of their layers. Default `false`. */
  expandNested?: boolean;
  /** Resolution of PNG output, in dots per inch (Graphviz's meaning: 72 = one pixel per point). Default 200. */
  dpi?: number;
  /** Show the activation of layers that have one. Default `false`. */
  showLayerActivations?: boolean;
  /** Show whether layers with weights are trainable. Default `false`. */
  showTrainable?: boolean;
}

export type ResolvedOptions = Required<ModelGraphOptions>;

/** One box: a layer of the model or of an expanded nested model. */
export interface PlotNode {
  kind: 'node';
  /** `L_<layer name>`, or `L_<outer>__<inner>` inside expanded nested models (as the golden DOT files). */
  id: string;
  layer: Layer<unknown>;
  /** The layer's path from the plotted model: `['encoder', 'conv2d']`. */
  path: string[];
  label: LayerLabel;
}

/** An edge from the layer producing a tensor to the layer consuming it. */
export interface PlotEdge {
  from: string;
  to: string;
}

/** A scope of the drawing: the whole graph, or one expanded nested model. */
export interface PlotScope {
  /** Nodes and clusters in the model's layer order. */
  items: (PlotNode | PlotCluster)[];
  /** Edges of this scope, deduplicated within it (Keras adds them to the scope's pydot graph). */
  edges: PlotEdge[];
}

export interface PlotCluster extends PlotScope {
  kind: 'cluster';
  /** `cluster_<model name>` (`cluster_<outer>__<inner>` deeper down). */
  id: string;
  model: Model;
  path: string[];
}

export interface PlotGraph extends PlotScope {
  model: Model;
  options: ResolvedOptions;
}

export function resolveOptions(options: ModelGraphOptions, defaults: Partial<ModelGraphOptions> = {}): ResolvedOptions {
  const o = { ...defaults, ...options };
  const rankdir = o.rankdir ?? 'TB';
  if (rankdir !== 'TB' && rankdir !== 'LR') {
    throw new ValueError(`plotModel: \`rankdir\` must be 'TB' or 'LR'. Received: rankdir=${JSON.stringify(rankdir)}`);
  }
  const dpi = o.dpi ?? 200;
  if (!(typeof dpi === 'number' && dpi > 0 && Number.isFinite(dpi))) {
    throw new ValueError(`plotModel: \`dpi\` must be a positive number. Received: dpi=${String(dpi)}`);
  }
  return {
    showShapes: o.showShapes ?? false,
    showDtype: o.showDtype ?? false,
    showLayerNames: o.showLayerNames ?? true,
    rankdir,
    expandNested: o.expandNested ?? false,
    dpi,
    showLayerActivations: o.showLayerActivations ?? false,
    showTrainable: o.showTrainable ?? false,
  };
}

const nodeId = (path: readonly string[]): string => `L_${path.join('__')}`;

/**
 * Keras's `model_to_dot` as data: one node per layer (with its label content), an edge from
 * producer to consumer for each input tensor of each of the layer's nodes in the model, and
 * with `expandNested` a cluster per nested model, edges re-targeted to the inner InputLayer
 * and from the inner layer that produces the output.
 */
export function modelToGraph(model: Model, options: ModelGraphOptions = {}): PlotGraph {
  if (!(model instanceof Model)) {
    throw new ValueError(`modelToGraph expects a Model (Functional); received ${String(model)}.`);
  }
  const resolved = resolveOptions(options);
  const scope = buildScope(model, [], resolved);
  return { model, options: resolved, ...scope };
}

function buildScope(model: Model, prefix: string[], options: ResolvedOptions): PlotScope {
  const labelOptions: LabelOptions = options;
  const items: (PlotNode | PlotCluster)[] = [];
  for (const layer of model.layers) {
    const path = [...prefix, layer.name];
    if (options.expandNested && layer instanceof Model) {
      items.push({ kind: 'cluster', id: `cluster_${path.join('__')}`, model: layer, path, ...buildScope(layer, path, options) });
    } else {
      items.push({ kind: 'node', id: nodeId(path), layer, path, label: layerLabel(layer, labelOptions) });
    }
  }

  const edges: PlotEdge[] = [];
  const seen = new Set<string>();
  const add = (from: string, to: string): void => {
    const key = `${from}\u0000${to}`;
    if (seen.has(key)) return;
    seen.add(key);
    edges.push({ from, to });
  };
  for (const layer of model.layers) {
    for (const node of layer.inboundNodes as Node[]) {
      if (!model.graph.nodes.has(node)) continue; // a call of a shared layer outside this model
      node.inputTensors.forEach((tensor, inputIndex) => {
        const history = tensor.history;
        if (!history) return;
        if (!options.expandNested) {
          add(nodeId([...prefix, history.layer.name]), nodeId([...prefix, layer.name]));
          return;
        }
        add(resolveSource(history.layer, history.tensorIndex, prefix), resolveDestination(layer, inputIndex, prefix));
      });
    }
  }
  return { items, edges };
}

/** Into nested models, down to the layer that produces the output the edge starts from. */
function resolveSource(layer: Layer<unknown>, outputIndex: number, prefix: string[]): string {
  const path = [...prefix];
  let source = layer;
  let index = outputIndex;
  while (source instanceof Model) {
    const history = source.outputs[index]?.history;
    if (!history) break;
    path.push(source.name);
    source = history.layer;
    index = history.tensorIndex;
  }
  return nodeId([...path, source.name]);
}

/** Into nested models, down to the InputLayer the edge's tensor feeds (Keras uses the outer input index). */
function resolveDestination(layer: Layer<unknown>, inputIndex: number, prefix: string[]): string {
  const path = [...prefix];
  let destination = layer;
  while (destination instanceof Model) {
    const inner = destination.inputs[inputIndex]?.history?.layer;
    if (!inner) break;
    path.push(destination.name);
    destination = inner;
  }
  return nodeId([...path, destination.name]);
}

/** Every node of the graph, clusters flattened, in drawing order. */
export function allNodes(scope: PlotScope): PlotNode[] {
  const out: PlotNode[] = [];
  for (const item of scope.items) {
    if (item.kind === 'node') out.push(item);
    else out.push(...allNodes(item));
  }
  return out;
}

/** Every edge of the graph: each cluster's, then the scope's own. */
export function allEdges(scope: PlotScope): PlotEdge[] {
  const out: PlotEdge[] = [];
  for (const item of scope.items) if (item.kind === 'cluster') out.push(...allEdges(item));
  out.push(...scope.edges);
  return out;
}

/** Every cluster, outer ones first, with the id of the cluster it sits in. */
export function allClusters(scope: PlotScope, parent: string | null = null): { cluster: PlotCluster; parent: string | null }[] {
  const out: { cluster: PlotCluster; parent: string | null }[] = [];
  for (const item of scope.items) {
    if (item.kind !== 'cluster') continue;
    out.push({ cluster: item, parent }, ...allClusters(item, item.id));
  }
  return out;
}
