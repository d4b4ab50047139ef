// The channel between a running docs page and the runner (a global, since the page is a separate module).
import type { Model } from '@kfn/graph';
import type { PlotModelOptions } from '@kfn/viz';

export type RecordedPlot =
  | { kind: 'model'; svg: string; model: Model; options: PlotModelOptions }
  | { kind: 'history'; svg: string };

export interface DocsRecorder {
  /** Called before each block runs (`-1` after the last), so output is attributed to its block. */
  block(index: number): Promise<void>;
  plot(plot: RecordedPlot): void;
}

/** The runner's recorder, or none when the code runs outside the docs build. */
export function recorder(): DocsRecorder | undefined {
  return (globalThis as { __kfnDocs?: DocsRecorder }).__kfnDocs;
}
