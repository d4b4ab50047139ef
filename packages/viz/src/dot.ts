import type { Model } from '@kfn/graph';
import { labelToHtml } from './label.js';
import { modelToGraph, type ModelGraphOptions, type PlotGraph, type PlotScope } from './model-graph.js';

/** A DOT ID: bare when Graphviz allows it, else quoted. */
function dotId(text: string): string {
  return /^[A-Za-z_][A-Za-z_0-9]*$/.test(text) ? text : `"${text.replace(/["\\]/g, '\\$&')}"`;
}

function scopeLines(scope: PlotScope): string[] {
  const lines: string[] = [];
  for (const item of scope.items) {
    if (item.kind === 'node') {
      lines.push(`${dotId(item.id)} [border=0, fontname=Helvetica, label=<${labelToHtml(item.label)}>, margin=0];`);
    } else {
      lines.push(`subgraph ${dotId(item.id)} {`, `label=${dotId(item.model.name)};`, 'labeljust=l;', 'style=dashed;');
      lines.push(...scopeLines(item), '}', '');
    }
  }
  for (const e of scope.edges) lines.push(`${dotId(e.from)} -> ${dotId(e.to)}  [penwidth=2];`);
  return lines;
}

/** DOT source of a plot graph, in the form Keras's `model_to_dot(...).to_string()` writes it. */
export function graphToDot(graph: PlotGraph): string {
  const o = graph.options;
  const head = ['digraph G {', 'concentrate=True;', `dpi=${o.dpi};`, `rankdir=${o.rankdir};`, 'splines=ortho;', 'node [shape=record];'];
  return [...head, ...scopeLines(graph), '}', ''].join('\n');
}

/**
 * Keras's `model_to_dot` as text, for users who have Graphviz (`dot -Tpng`). Node ids are
 * `L_<layer name>` (`L_<outer>__<inner>` in clusters) instead of Python object ids.
 * Like `model_to_dot`, `showLayerNames` defaults to `true`.
 */
export function toDot(model: Model, options: ModelGraphOptions = {}): string {
  return graphToDot(modelToGraph(model, options));
}
