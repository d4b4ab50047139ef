import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModule } from './execute.js';
import { OUTPUT_END, OUTPUT_START, parsePage, renderOutput, splicePage } from './extract.js';
import { resolveFile } from './serve.js';

const page = [
  '# T',
  '```ts',
  "import { Input } from '@kfn/graph';",
  'const a = 1;',
  '```',
  '',
  OUTPUT_START,
  '```text',
  'old',
  '```',
  OUTPUT_END,
  '',
  '<!-- kfn:slow -->',
  '```ts',
  "import { Input, Dense } from '@kfn/graph';",
  'console.log(a);',
  '```',
  '```typescript',
  'shown only',
  '```',
  '<!-- kfn:skip -->',
  '```ts',
  'never();',
  '```',
].join('\n');

describe('parsePage / splicePage', () => {
  it('finds the ts blocks with their modes and lines, and the generated regions', () => {
    const parsed = parsePage(page);
    expect(parsed.blocks.map((b) => [b.index, b.mode, b.line])).toEqual([
      [0, 'run', 3],
      [1, 'slow', 15],
      [2, 'skip', 23],
    ]);
    expect(parsed.outputs.get(0)).toBe('```text\nold\n```');
    expect(parsed.source).not.toContain('old');
  });

  it('round-trips: splicing the committed regions back gives the page unchanged', () => {
    const parsed = parsePage(page);
    expect(splicePage(parsed.source, parsed.outputs)).toBe(page);
  });

  it('renders text and plots, and leaves a block without output bare', () => {
    const region = renderOutput({ text: 'hi\n\n', plots: [{ src: '/plots/a.svg', alt: '/plots/a-alt.svg', info: '/plots/a.json', expanded: false }] });
    expect(region).toBe('```text\nhi\n```\n<KfnPlot src="/plots/a.svg" alt-src="/plots/a-alt.svg" info="/plots/a.json" :expanded="false" />');
    expect(renderOutput({ text: '', plots: [] })).toBe('');
    expect(splicePage('```ts\nx\n```', new Map([[0, '']]))).toBe('```ts\nx\n```');
  });

  it('reports an unclosed region with the file and line', () => {
    expect(() => parsePage('```ts\nx\n```\n<!-- kfn:output -->\nno end', 'p.md')).toThrow('p.md:4: "<!-- kfn:output -->" has no matching "<!-- kfn:end -->".');
  });
});

describe('buildModule', () => {
  it('hoists and merges imports, and marks each block', () => {
    const { blocks } = parsePage(page);
    const mod = buildModule(blocks.filter((b) => b.mode !== 'skip'));
    const graphImport = mod.split('\n').find((l) => l.includes('/packages/graph/src/index.ts'));
    expect(graphImport).toMatch(/^import \{ Input, Dense \} from '\/.*\/packages\/graph\/src\/index\.ts';$/);
    expect(mod).toContain('await globalThis.__kfnDocs.block(0);\n\nconst a = 1;');
    expect(mod).toContain('await globalThis.__kfnDocs.block(1);\n\nconsole.log(a);');
    expect(mod).not.toContain('never()');
  });
});

describe('resolveFile (the test server)', () => {
  it('maps clean and folder URLs to files and refuses to leave the root', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'kfn-serve-'));
    writeFileSync(path.join(root, 'index.html'), '');
    writeFileSync(path.join(root, 'backends.html'), '');
    expect(resolveFile(root, '/')).toBe(path.join(root, 'index.html'));
    expect(resolveFile(root, '/backends')).toBe(path.join(root, 'backends.html'));
    expect(resolveFile(root, '/backends.html?x=1')).toBe(path.join(root, 'backends.html'));
    expect(resolveFile(root, '/../etc/passwd')).toBeNull();
    expect(resolveFile(root, '/missing')).toBeNull();
  });
});
