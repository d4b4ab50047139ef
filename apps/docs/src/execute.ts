// Runs a page's TypeScript blocks in order, as one module, and records what each printed and drew.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { format } from 'node:util';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { clearSession, Model } from '@kfn/graph';
import { modelLayerInfo, plotModel } from '@kfn/viz';
import type { BlockResult, CodeBlock, PlotRef } from './extract.js';
import type { DocsRecorder, RecordedPlot } from './recorder.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const docsRoot = path.resolve(here, '..');
export const repoRoot = path.resolve(docsRoot, '../..');

export interface RunPageOptions {
  /** Page slug, used in plot file names: `guide-index`. */
  slug: string;
  /** Source file, for error messages. */
  file: string;
  /** Skip the `slow` blocks (the drift test does). */
  skipSlow?: boolean;
  /** Site folder the plots are served from. Default `/plots/`. */
  plotBase?: string;
}

export interface PageRun {
  /** Results of the blocks that ran, by block index. */
  results: Map<number, BlockResult>;
  /** Plot files to write under `public/`: site path → content. */
  files: Map<string, string>;
}

/** `@kfn/x` → the package's source entry (the `@kfn/source` export), so one module instance is shared. */
function resolveSpecifier(spec: string): string {
  if (spec === '@kfn/viz') return path.join(here, 'viz-shim.ts');
  const m = /^@kfn\/([^/]+)(\/.+)?$/.exec(spec);
  if (!m) return spec;
  const pkgDir = path.join(repoRoot, 'packages', m[1] as string);
  const pkgJson = path.join(pkgDir, 'package.json');
  if (!existsSync(pkgJson)) throw new Error(`Docs import "${spec}": no package at ${pkgDir}.`);
  const exportsMap = (JSON.parse(readFileSync(pkgJson, 'utf8')) as { exports: Record<string, Record<string, string>> }).exports;
  const entry = exportsMap[`.${m[2] ?? ''}`]?.['@kfn/source'];
  if (!entry) throw new Error(`Docs import "${spec}": ${pkgJson} has no "@kfn/source" export for ".${m[2] ?? ''}".`);
  return path.join(pkgDir, entry);
}

const IMPORT = /^import\s+(?:(type)\s+)?([\s\S]*?)\s+from\s+['"]([^'"]+)['"];?[ \t]*$/gm;

interface ImportSet {
  named: Map<string, Set<string>>;
  other: Set<string>;
}

/** Takes the import statements out of a block, merging them into `into`; returns the rest. */
function hoistImports(code: string, into: ImportSet): string {
  return code.replace(IMPORT, (_all, typeOnly: string | undefined, clause: string, spec: string) => {
    if (typeOnly) return '';
    // Absolute paths are valid ESM specifiers (a path-absolute URL against the module's file: URL).
    const resolved = resolveSpecifier(spec);
    const braces = /^\{([\s\S]*)\}$/.exec(clause.trim());
    if (braces) {
      const names = into.named.get(resolved) ?? new Set<string>();
      for (const part of (braces[1] as string).split(',')) {
        const name = part.trim();
        if (name !== '' && !name.startsWith('type ')) names.add(name);
      }
      into.named.set(resolved, names);
    } else {
      into.other.add(`import ${clause} from '${resolved}';`);
    }
    return '';
  });
}

/** The module text: hoisted imports, then each block behind a marker that switches the capture. */
export function buildModule(blocks: readonly CodeBlock[]): string {
  const imports: ImportSet = { named: new Map(), other: new Set() };
  const bodies = blocks.map((b) => {
    const body = hoistImports(b.code, imports);
    return `await globalThis.__kfnDocs.block(${b.index});\n${body}`;
  });
  const head = [...imports.other];
  for (const [spec, names] of imports.named) head.push(`import { ${[...names].join(', ')} } from '${spec}';`);
  return [...head, ...bodies, 'await globalThis.__kfnDocs.block(-1);', 'export {};', ''].join('\n');
}

const hasNested = (model: Model): boolean => model.layers.some((l) => l instanceof Model);

// tfjs-core's once-per-process advert for tfjs-node (printed on first use of its cpu kernels in Node).
const TFJS_BANNER = /={20,}\nHi, looks like you are running TensorFlow\.js in Node\.js\.[^\n]*\n={20,}\n/g;

function cleanText(raw: string): string {
  return (
    raw
      .replace(TFJS_BANNER, '')
      // eslint-disable-next-line no-control-regex
      .replace(/\x1b\[[0-9;]*[A-Za-z]/g, '')
      .split('\n')
      // A progress bar redrawn with \r: the reader sees its last state.
      .map((l) => (l.includes('\r') ? (l.split('\r').filter((s) => s !== '').at(-1) ?? '') : l).replace(/\s+$/, ''))
      .join('\n')
      .replace(/^\n+/, '')
  );
}

/** Runs the blocks of one page; throws with the page, block and line of the first failure. */
export async function runPage(blocks: readonly CodeBlock[], options: RunPageOptions): Promise<PageRun> {
  const plotBase = options.plotBase ?? '/plots/';
  const runnable = blocks.filter((b) => b.mode === 'run' || (b.mode === 'slow' && !options.skipSlow));
  const results = new Map<number, BlockResult>();
  const files = new Map<string, string>();
  const text = new Map<number, string>();
  const plots = new Map<number, RecordedPlot[]>();
  let current = -1;
  const append = (s: string): void => {
    text.set(current, (text.get(current) ?? '') + s);
  };
  const recorder: DocsRecorder = {
    block: async (index) => {
      if (process.env.KFN_DOCS_TRACE) process.stderr.write(`  ${options.file}: block ${index} starts at ${Math.round(performance.now())} ms\n`);
      current = index;
    },
    plot: (p) => {
      plots.set(current, [...(plots.get(current) ?? []), p]);
    },
  };

  const dir = mkdtempSync(path.join(tmpdir(), 'kfn-docs-'));
  const file = path.join(dir, `${options.slug}.mts`);
  writeFileSync(file, buildModule(runnable));

  const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error, write: process.stdout.write };
  const tty = Object.getOwnPropertyDescriptor(process.stdout, 'isTTY');
  const line = (...args: unknown[]): void => append(`${format(...args)}\n`);
  console.log = console.info = console.warn = console.error = line;
  process.stdout.write = ((chunk: string | Uint8Array): boolean => {
    append(typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk));
    return true;
  }) as typeof process.stdout.write;
  Object.defineProperty(process.stdout, 'isTTY', { value: false, configurable: true });
  (globalThis as { __kfnDocs?: DocsRecorder }).__kfnDocs = recorder;
  clearSession();
  try {
    await import(pathToFileURL(file).href);
  } catch (e) {
    const block = blocks.find((b) => b.index === current);
    const where = block ? `${options.file}: the \`\`\`ts block at line ${block.line}` : options.file;
    const err = e instanceof Error ? e : new Error(String(e));
    err.message = `${where} failed: ${err.message}`;
    throw err;
  } finally {
    Object.assign(console, { log: saved.log, info: saved.info, warn: saved.warn, error: saved.error });
    process.stdout.write = saved.write;
    if (tty) Object.defineProperty(process.stdout, 'isTTY', tty);
    else delete (process.stdout as { isTTY?: boolean }).isTTY;
    delete (globalThis as { __kfnDocs?: DocsRecorder }).__kfnDocs;
    rmSync(dir, { recursive: true, force: true });
  }

  for (const b of runnable) {
    const refs: PlotRef[] = [];
    (plots.get(b.index) ?? []).forEach((p, k) => {
      const stem = `${plotBase}${options.slug}-${b.index}-${k}`;
      files.set(`${stem}.svg`, p.svg);
      if (p.kind === 'history') {
        refs.push({ src: `${stem}.svg`, expanded: false });
        return;
      }
      const ref: PlotRef = { src: `${stem}.svg`, info: `${stem}.json`, expanded: p.options.expandNested === true };
      files.set(`${stem}.json`, `${JSON.stringify(modelLayerInfo(p.model), null, 1)}\n`);
      if (hasNested(p.model)) {
        const { toFile: _drop, ...rest } = p.options;
        ref.alt = `${stem}-alt.svg`;
        files.set(ref.alt, plotModel(p.model, { ...rest, expandNested: !ref.expanded }));
      }
      refs.push(ref);
    });
    results.set(b.index, { text: cleanText(text.get(b.index) ?? ''), plots: refs });
  }
  return { results, files };
}
