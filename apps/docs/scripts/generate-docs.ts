// Runs every page's TypeScript blocks and writes their real output into the pages and `public/plots/`,
// and regenerates the packages' API sections. Run through vitest (`npm run docs:run`), whose module
// runner compiles the workspace packages from source exactly as the tests see them.
//   KFN_DOCS_FAST=1            skip the slow (training) blocks, keeping their committed output
//   KFN_DOCS_PAGES=a.md,b.md   only these pages
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { it } from 'vitest';
import { writeApiPages } from '../src/api-docs.js';
import { docsRoot } from '../src/execute.js';
import { generatePage, listPages, publicPath, readIfExists, referencedFiles } from '../src/site.js';

const log = (line: string): boolean => process.stderr.write(`${line}\n`);

it('generates the docs', async () => {
  const fast = process.env.KFN_DOCS_FAST === '1';
  const only = (process.env.KFN_DOCS_PAGES ?? '').split(',').filter((p) => p !== '');
  const started = performance.now();

  const api = await writeApiPages();
  log(`api: ${api.pages} package pages, ${api.written.length} changed`);

  const referenced = new Set<string>();
  for (const rel of only.length > 0 ? only : listPages()) {
    const t = performance.now();
    const page = await generatePage(rel, { skipSlow: fast });
    const file = path.join(docsRoot, rel);
    const changed = readIfExists(file) !== page.markdown;
    if (changed) writeFileSync(file, page.markdown);
    for (const [site, content] of page.files) {
      const target = publicPath(site);
      mkdirSync(path.dirname(target), { recursive: true });
      if (readIfExists(target) !== content) writeFileSync(target, content);
    }
    for (const ref of referencedFiles(page.markdown)) referenced.add(ref);
    const slow = page.skippedSlow > 0 ? `, ${page.skippedSlow} slow skipped` : '';
    log(`${rel}: ${page.ran} blocks${slow}${changed ? ', updated' : ''} (${Math.round(performance.now() - t)} ms)`);
  }

  // Plots no page refers to any more (only when every page was regenerated).
  if (only.length === 0) {
    const dir = publicPath('/plots/');
    mkdirSync(dir, { recursive: true });
    for (const name of readdirSync(dir)) if (!referenced.has(`/plots/${name}`)) rmSync(path.join(dir, name));
  }
  log(`docs: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
});
