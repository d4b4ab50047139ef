// The docs pages and their generated parts: what the build writes and the drift test compares.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { docsRoot, runPage } from './execute.js';
import { parsePage, renderOutput, splicePage } from './extract.js';

/** Every Markdown page of the site, relative to the docs root, sorted. */
export function listPages(root = docsRoot): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules' || entry.name === 'public') continue;
      const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.md') && rel !== 'README.md') out.push(rel);
    }
  };
  walk('');
  return out.sort();
}

/** `guide/index.md` → `guide-index`. */
export const pageSlug = (rel: string): string => rel.replace(/\.md$/, '').replace(/[^A-Za-z0-9]+/g, '-');

export interface GeneratedPage {
  rel: string;
  /** The page with freshly generated output regions. */
  markdown: string;
  /** Plot files (site path under `public/` → content). */
  files: Map<string, string>;
  /** How many blocks ran, and how many were left to the full build (slow). */
  ran: number;
  skippedSlow: number;
}

/**
 * Runs a page's blocks and splices their output in. With `skipSlow` the slow blocks do not
 * run and keep their committed output (and plots), so the result is comparable with the file.
 */
export async function generatePage(rel: string, options: { skipSlow?: boolean } = {}): Promise<GeneratedPage> {
  const file = path.join(docsRoot, rel);
  const parsed = parsePage(readFileSync(file, 'utf8'), rel);
  const run = await runPage(parsed.blocks, { slug: pageSlug(rel), file: rel, skipSlow: options.skipSlow ?? false });
  const outputs = new Map<number, string>();
  let skippedSlow = 0;
  for (const block of parsed.blocks) {
    const result = run.results.get(block.index);
    if (result) outputs.set(block.index, renderOutput(result));
    else if (block.mode === 'slow') {
      skippedSlow++;
      const committed = parsed.outputs.get(block.index);
      if (committed !== undefined) outputs.set(block.index, committed);
    }
  }
  return { rel, markdown: splicePage(parsed.source, outputs), files: run.files, ran: run.results.size, skippedSlow };
}

/** Site paths of the plot files a page refers to (to keep slow blocks' plots when they did not run). */
export function referencedFiles(markdown: string): string[] {
  const refs = new Set<string>();
  for (const m of markdown.matchAll(/\b(?:src|alt-src|info)="(\/plots\/[^"]+)"/g)) refs.add(m[1] as string);
  return [...refs];
}

export const publicPath = (sitePath: string): string => path.join(docsRoot, 'public', sitePath);
export const readIfExists = (file: string): string | null => (existsSync(file) ? readFileSync(file, 'utf8') : null);
