// Runs every page's TypeScript blocks and writes their real output into the pages and `public/plots/`.
// Usage: tsx --conditions=@kfn/source scripts/run-docs.ts [--fast] [page.md ...]
//   --fast   skip the slow (training) blocks, keeping their committed output
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeApiPages } from '../src/api-docs.js';
import { generatePage, listPages, publicPath, readIfExists, referencedFiles } from '../src/site.js';
import { docsRoot } from '../src/execute.js';

const args = process.argv.slice(2);
const fast = args.includes('--fast');
const only = args.filter((a) => !a.startsWith('--'));
const started = performance.now();

const api = await writeApiPages();
process.stderr.write(`api: ${api.written.length} of ${api.pages} package pages changed\n`);

const pages = only.length > 0 ? only : listPages();
const referenced = new Set<string>();
for (const rel of pages) {
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
  process.stderr.write(`${rel}: ${page.ran} blocks${slow}${changed ? ', updated' : ''} (${Math.round(performance.now() - t)} ms)\n`);
}

// Plots no page refers to any more (only when every page was regenerated).
if (only.length === 0) {
  const dir = publicPath('/plots/');
  for (const name of readdirSync(dir)) {
    if (!referenced.has(`/plots/${name}`)) rmSync(path.join(dir, name));
  }
}
process.stderr.write(`docs: done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
// Backends may keep worker threads alive; the run is over.
process.exit(0);
