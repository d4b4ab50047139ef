import type { Model } from '@kfn/graph';
import { layoutGraph } from './layout.js';
import { modelToGraph, resolveOptions, type ModelGraphOptions } from './model-graph.js';
import { renderSvg } from './render-svg.js';

export interface PlotModelOptions extends ModelGraphOptions {
  /**
   * Node only: also write the plot to this file, as PNG (`.png`, rendered at `dpi`; needs the
   * optional peers `@resvg/resvg-js` and `dejavu-fonts-ttf`) or SVG (`.svg`).
   */
  toFile?: string;
}

/**
 * Draws a model like Keras's `plot_model`: one box per layer (name and class, shapes,
 * dtype, activation, trainable as the options ask), arrows along the data flow, nested
 * models as dashed clusters with `expandNested`. Returns the SVG document; needs no DOM
 * and no Graphviz. As in Keras's `plot_model`, `showLayerNames` defaults to `false`.
 *
 * With `toFile` it returns a promise, resolved once the file is written.
 */
export function plotModel(model: Model, options: PlotModelOptions & { toFile: string }): Promise<string>;
export function plotModel(model: Model, options?: PlotModelOptions): string;
export function plotModel(model: Model, options: PlotModelOptions = {}): string | Promise<string> {
  const { toFile, ...rest } = options;
  const resolved = resolveOptions(rest, { showLayerNames: false });
  const graph = modelToGraph(model, resolved);
  const svg = renderSvg(layoutGraph(graph), { modelName: model.name });
  if (toFile === undefined) return svg;
  return import('./write-file.js').then(({ writePlotFile }) => writePlotFile(svg, toFile, resolved.dpi)).then(() => svg);
}
