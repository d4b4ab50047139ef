import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiPages } from './api-docs.js';
import { docsRoot } from './execute.js';
import { generatePage, listPages, publicPath, readIfExists } from './site.js';

// The pages show what their code prints: rerun every block (except the slow training ones)
// and compare with the committed page and plots. Fix a failure with `npm run docs:run` in apps/docs.
describe('docs pages match what their code prints now', () => {
  it('packages/*.md: the API sections match the TSDoc of each src/index.ts', async () => {
    for (const [rel, text] of await apiPages()) {
      expect(text, `${rel}'s API section drifted: run \`npm run docs:run\` in apps/docs`).toBe(readFileSync(path.join(docsRoot, rel), 'utf8'));
    }
  });

  for (const rel of listPages()) {
    it(rel, async () => {
      const page = await generatePage(rel, { skipSlow: true });
      expect(page.markdown, `${rel} drifted: run \`npm run docs:run\` in apps/docs`).toBe(readFileSync(path.join(docsRoot, rel), 'utf8'));
      for (const [site, content] of page.files) {
        expect(readIfExists(publicPath(site)), `${site} (drawn by ${rel}) drifted`).toBe(content);
      }
    });
  }
});
