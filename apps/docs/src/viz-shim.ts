// What `@kfn/viz` means inside a docs page: the real package, with the drawings also handed to
// the docs build, which puts them on the page. Files asked for with `toFile` are not written
// (the page shows the drawing instead), so building the docs leaves no stray files behind.
import type { Model } from '@kfn/graph';
import { plotHistory as realPlotHistory, plotModel as realPlotModel, type HistoryLike, type PlotHistoryOptions, type PlotModelOptions } from '@kfn/viz';
import { recorder } from './recorder.js';

export * from '@kfn/viz';

export function plotModel(model: Model, options: PlotModelOptions & { toFile: string }): Promise<string>;
export function plotModel(model: Model, options?: PlotModelOptions): string;
export function plotModel(model: Model, options: PlotModelOptions = {}): string | Promise<string> {
  const { toFile, ...rest } = options;
  const svg = realPlotModel(model, rest);
  recorder()?.plot({ kind: 'model', svg, model, options: rest });
  return toFile === undefined ? svg : Promise.resolve(svg);
}

export function plotHistory(history: HistoryLike, options: PlotHistoryOptions & { toFile: string }): Promise<string>;
export function plotHistory(history: HistoryLike, options?: PlotHistoryOptions): string;
export function plotHistory(history: HistoryLike, options: PlotHistoryOptions = {}): string | Promise<string> {
  const { toFile, ...rest } = options;
  const svg = realPlotHistory(history, rest);
  recorder()?.plot({ kind: 'history', svg });
  return toFile === undefined ? svg : Promise.resolve(svg);
}
