// @kfn/viz: Keras's plot_model for kfn models, as SVG (or PNG/SVG files in Node), with no Graphviz.

export { plotModel } from './plot-model.js';
export type { PlotModelOptions } from './plot-model.js';
export { plotHistory } from './plot-history.js';
export type { HistoryLike, PlotHistoryOptions } from './plot-history.js';

// Interactive views in the browser.
export { makeInteractive, layerCardText, panView, parseViewBox, zoomView } from './interactive.js';
export type { InteractiveOptions, InteractivePlot, LayerInfo, ViewBox } from './interactive.js';
export { modelLayerInfo } from './layer-info.js';

// The pieces, for custom drawings.
export { modelToGraph, allClusters, allEdges, allNodes } from './model-graph.js';
export type { ModelGraphOptions, PlotCluster, PlotEdge, PlotGraph, PlotNode, PlotScope } from './model-graph.js';
export { toDot, graphToDot } from './dot.js';
export { layerLabel, labelToHtml } from './label.js';
export type { LabelCell, LabelOptions, LayerLabel } from './label.js';
export { layoutGraph } from './layout.js';
export type { GraphLayout, PlacedCluster, PlacedEdge, PlacedNode, Point } from './layout.js';
export { renderSvg } from './render-svg.js';
export { textWidth } from './text/measure.js';
