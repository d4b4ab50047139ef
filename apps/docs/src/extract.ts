// Splits a docs page into its runnable TypeScript blocks and splices their generated output back in.
//
// Conventions in the Markdown:
// - every ```ts fence runs, in page order, as one module (later blocks see earlier variables);
//   ```typescript fences are shown only (the generated API reference uses them);
// - `<!-- kfn:skip -->` on the line before a fence: shown, never run (snippets for other setups);
// - `<!-- kfn:slow -->` before a fence: run by the build, not by the drift test (training);
// - the build writes each block's output between `<!-- kfn:output -->` and `<!-- kfn:end -->`
//   right after the fence; those regions are generated and never edited by hand.

export type BlockMode = 'run' | 'slow' | 'skip';

export interface CodeBlock {
  /** Position among the page's ```ts fences (0-based), stable across regenerations. */
  index: number;
  mode: BlockMode;
  code: string;
  /** 1-based line of the first code line in the source page, for error messages. */
  line: number;
}

export interface ParsedPage {
  /** The page with every generated region removed. */
  source: string;
  blocks: CodeBlock[];
  /** The generated region currently after each block (by block index), as committed. */
  outputs: Map<number, string>;
}

export const OUTPUT_START = '<!-- kfn:output -->';
export const OUTPUT_END = '<!-- kfn:end -->';
const MARKER = /^<!-- kfn:(skip|slow) -->\s*$/;
const FENCE_OPEN = /^```ts\s*$/;

/** Finds the ```ts blocks of a page, and the generated output regions after them. */
export function parsePage(markdown: string, file = 'page'): ParsedPage {
  const lines = markdown.split('\n');
  const kept: string[] = [];
  const blocks: CodeBlock[] = [];
  const outputs = new Map<number, string>();
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as string;
    if (line.trim() === OUTPUT_START) {
      const end = lines.indexOf(OUTPUT_END, i + 1);
      if (end < 0) throw new Error(`${file}:${i + 1}: "${OUTPUT_START}" has no matching "${OUTPUT_END}".`);
      const owner = blocks.at(-1);
      if (!owner) throw new Error(`${file}:${i + 1}: a generated output region comes before any \`\`\`ts block.`);
      outputs.set(owner.index, lines.slice(i + 1, end).join('\n'));
      // The blank line the splicer put before the region goes with it.
      if (kept.at(-1) === '') kept.pop();
      i = end + 1;
      continue;
    }
    kept.push(line);
    if (FENCE_OPEN.test(line)) {
      const marker = MARKER.exec((lines[i - 1] ?? '').trim());
      const close = lines.indexOf('```', i + 1);
      if (close < 0) throw new Error(`${file}:${i + 1}: a \`\`\`ts block is never closed.`);
      blocks.push({
        index: blocks.length,
        mode: (marker?.[1] as BlockMode | undefined) ?? 'run',
        code: lines.slice(i + 1, close).join('\n'),
        line: i + 2,
      });
      kept.push(...lines.slice(i + 1, close + 1));
      i = close + 1;
      continue;
    }
    i++;
  }
  return { source: kept.join('\n'), blocks, outputs };
}

/** Puts each block's generated region after its fence; blocks absent from `outputs` get none. */
export function splicePage(source: string, outputs: ReadonlyMap<number, string>): string {
  const lines = source.split('\n');
  const out: string[] = [];
  let block = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    out.push(line);
    if (!FENCE_OPEN.test(line)) continue;
    const close = lines.indexOf('```', i + 1);
    out.push(...lines.slice(i + 1, close + 1));
    i = close;
    const region = outputs.get(block++);
    if (region !== undefined && region !== '') out.push('', OUTPUT_START, region, OUTPUT_END);
  }
  return out.join('\n');
}

export interface BlockResult {
  /** Everything the block printed (console and stdout), as a reader would see it in a terminal. */
  text: string;
  /** Plots the block drew, as site paths of the written files. */
  plots: PlotRef[];
}

export interface PlotRef {
  /** Site path of the SVG as drawn. */
  src: string;
  /** Site path of the other rendering (nested models expanded or collapsed), if the model nests. */
  alt?: string;
  /** Site path of the JSON with each layer's config, for the hover card. */
  info?: string;
  /** Whether `src` is the expanded rendering. */
  expanded: boolean;
}

/** The Markdown of one block's generated region. */
export function renderOutput(result: BlockResult): string {
  const parts: string[] = [];
  const text = result.text.replace(/\s+$/, '');
  if (text !== '') parts.push('```text', text, '```');
  for (const p of result.plots) {
    const alt = p.alt ? ` alt-src="${p.alt}"` : '';
    const info = p.info ? ` info="${p.info}"` : '';
    parts.push(`<KfnPlot src="${p.src}"${alt}${info} :expanded="${p.expanded}" />`);
  }
  return parts.join('\n');
}
