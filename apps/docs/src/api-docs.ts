// Each package's API reference, generated from its `src/index.ts` and the TSDoc comments of what it
// exports. Uses TypeScript 5's compiler API (`typescript5`), which TypeScript 7 does not have.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as TS from 'typescript5';
import { docsRoot, repoRoot } from './execute.js';

const ts = createRequire(import.meta.url)('typescript5') as typeof TS;

export const API_START = '<!-- kfn:api:start -->';
export const API_END = '<!-- kfn:api:end -->';

/** Workspace packages with a page: `packages/<dir>` ↔ `packages/<dir>.md`. */
export function apiPackages(): string[] {
  return readdirSync(path.join(repoRoot, 'packages'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });

/** Text that Vue's template compiler leaves alone: `<` and `{{` escaped outside inline code. */
function escapeProse(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\{\{/g, '&#123;&#123;')))
    .join('');
}

function docOf(node: TS.Node, sf: TS.SourceFile): string {
  const ranges = ts.getLeadingCommentRanges(sf.text, node.pos) ?? [];
  const jsdoc = ranges.filter((r) => sf.text.startsWith('/**', r.pos)).at(-1);
  if (!jsdoc) return '';
  return sf.text
    .slice(jsdoc.pos + 3, jsdoc.end - 2)
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, ''))
    .join('\n')
    .trim();
}

const isPublic = (m: TS.ClassElement): boolean =>
  !(ts.getCombinedModifierFlags(m as unknown as TS.Declaration) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) &&
  !(m.name && ts.isPrivateIdentifier(m.name)) &&
  !(m.name && /^_/.test(m.name.getText()));

/** A declaration's outline: bodies and initializers dropped, member docs as one-line comments. */
function outline(decl: TS.Node, sf: TS.SourceFile, checker: TS.TypeChecker): string {
  const f = ts.factory;
  if (ts.isFunctionDeclaration(decl)) {
    return printer.printNode(ts.EmitHint.Unspecified, f.updateFunctionDeclaration(decl, decl.modifiers, decl.asteriskToken, decl.name, decl.typeParameters, decl.parameters, decl.type, undefined), sf);
  }
  if (ts.isClassDeclaration(decl)) {
    const lines: string[] = [];
    const head = printer.printNode(ts.EmitHint.Unspecified, f.updateClassDeclaration(decl, decl.modifiers, decl.name, decl.typeParameters, decl.heritageClauses, []), sf);
    lines.push(head.replace(/\{\s*\}\s*$/, '{'));
    for (const m of decl.members) {
      if (!isPublic(m) || ts.isClassStaticBlockDeclaration(m) || ts.isSemicolonClassElement(m)) continue;
      let node: TS.Node | null = null;
      if (ts.isMethodDeclaration(m)) node = f.updateMethodDeclaration(m, m.modifiers, m.asteriskToken, m.name, m.questionToken, m.typeParameters, m.parameters, m.type, undefined);
      else if (ts.isConstructorDeclaration(m)) node = f.updateConstructorDeclaration(m, m.modifiers, m.parameters, undefined);
      else if (ts.isGetAccessorDeclaration(m)) node = f.updateGetAccessorDeclaration(m, m.modifiers, m.name, m.parameters, m.type, undefined);
      else if (ts.isPropertyDeclaration(m)) {
        const type = m.type ?? (m.initializer ? f.createTypeReferenceNode(checker.typeToString(checker.getTypeAtLocation(m))) : undefined);
        node = f.updatePropertyDeclaration(m, m.modifiers, m.name, m.questionToken ?? m.exclamationToken, type, undefined);
      }
      if (!node) continue;
      const doc = docOf(m, sf).split('\n')[0];
      if (doc) lines.push(`  /** ${doc} */`);
      lines.push(`  ${printer.printNode(ts.EmitHint.Unspecified, node, sf).replace(/\n\s*/g, ' ')}`);
    }
    lines.push('}');
    return lines.join('\n');
  }
  if (ts.isVariableDeclaration(decl)) {
    const type = decl.type ? decl.type.getText(sf) : checker.typeToString(checker.getTypeAtLocation(decl));
    return `const ${decl.name.getText(sf)}: ${type}`;
  }
  // Interfaces and type aliases: their own text, member docs included.
  return decl.getText(sf).replace(/^export\s+/, '');
}

interface Entry {
  name: string;
  kind: string;
  doc: string;
  code: string;
}

function kindOf(decl: TS.Node): string {
  if (ts.isClassDeclaration(decl)) return 'class';
  if (ts.isFunctionDeclaration(decl)) return 'function';
  if (ts.isInterfaceDeclaration(decl)) return 'interface';
  if (ts.isTypeAliasDeclaration(decl)) return 'type';
  if (ts.isVariableDeclaration(decl)) return 'const';
  return 'value';
}

/** The sections of one package's API: `// Comment.` lines in `src/index.ts` start a section. */
function packageApi(program: TS.Program, indexFile: string): { title: string; entries: Entry[] }[] {
  const checker = program.getTypeChecker();
  const sf = program.getSourceFile(indexFile);
  if (!sf) throw new Error(`api-docs: ${indexFile} is not in the program.`);
  const sections: { title: string; entries: Entry[] }[] = [{ title: '', entries: [] }];
  for (const stmt of sf.statements) {
    const comments = (ts.getLeadingCommentRanges(sf.text, stmt.pos) ?? []).map((r) => sf.text.slice(r.pos, r.end));
    const heading = comments.filter((c) => c.startsWith('// ') && !c.includes('@kfn/')).at(-1);
    if (heading) sections.push({ title: heading.slice(3).replace(/[.:]$/, '').trim(), entries: [] });
    if (!ts.isExportDeclaration(stmt) || !stmt.exportClause) continue;
    const section = sections.at(-1) as { entries: Entry[] };
    const specifiers = ts.isNamedExports(stmt.exportClause) ? stmt.exportClause.elements.map((e) => e.name) : [stmt.exportClause.name];
    for (const id of specifiers) {
      let symbol = checker.getSymbolAtLocation(id);
      if (!symbol) continue;
      if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      const name = id.getText(sf);
      if (ts.isNamespaceExport(stmt.exportClause)) {
        const members = checker.getExportsOfModule(symbol).map((s) => s.name);
        section.entries.push({ name, kind: 'namespace', doc: '', code: `namespace ${name} { ${members.join(', ')} }` });
        continue;
      }
      const decls = symbol.declarations ?? [];
      const first = decls[0];
      if (!first) continue;
      const declSf = first.getSourceFile();
      const docNode = ts.isVariableDeclaration(first) ? first.parent.parent : first;
      const code = decls
        .filter((d) => !(ts.isFunctionDeclaration(d) && d.body && decls.length > 1))
        .map((d) => outline(d, d.getSourceFile(), checker).replace(/^export (declare )?(default )?/gm, ''))
        .join('\n');
      section.entries.push({ name, kind: kindOf(first), doc: docOf(docNode, declSf), code });
    }
  }
  return sections.filter((s) => s.entries.length > 0);
}

function renderApi(sections: { title: string; entries: Entry[] }[]): string {
  const out: string[] = ['', '_Generated from `src/index.ts` and its TSDoc comments by `scripts/generate-docs.ts`; do not edit._', ''];
  for (const s of sections) {
    if (s.title) out.push(`### ${escapeProse(s.title)}`, '');
    for (const e of s.entries) {
      out.push(`#### \`${e.name}\` <Badge type="info" text="${e.kind}" />`, '');
      if (e.doc) out.push(escapeProse(e.doc), '');
      out.push('```typescript', e.code, '```', '');
    }
  }
  return out.join('\n');
}

/** Regenerates the API part of every package page; returns the pages whose text changed. */
export async function apiPages(): Promise<Map<string, string>> {
  const pkgs = apiPackages();
  const roots = pkgs.map((p) => path.join(repoRoot, 'packages', p, 'src/index.ts'));
  const program = ts.createProgram(roots, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    customConditions: ['@kfn/source'],
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
    typeRoots: [path.join(repoRoot, 'node_modules/@types')],
  });
  const pages = new Map<string, string>();
  for (const [i, pkg] of pkgs.entries()) {
    const rel = `packages/${pkg}.md`;
    const file = path.join(docsRoot, rel);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const start = text.indexOf(API_START);
    const end = text.indexOf(API_END);
    if (start < 0 || end < start) throw new Error(`${rel}: expected "${API_START}" … "${API_END}" around the generated API.`);
    const api = renderApi(packageApi(program, roots[i] as string));
    pages.set(rel, `${text.slice(0, start + API_START.length)}\n${api}\n${text.slice(end)}`);
  }
  return pages;
}

export async function writeApiPages(): Promise<{ pages: number; written: string[] }> {
  const pages = await apiPages();
  const written: string[] = [];
  for (const [rel, text] of pages) {
    const file = path.join(docsRoot, rel);
    if (readFileSync(file, 'utf8') !== text) {
      writeFileSync(file, text);
      written.push(rel);
    }
  }
  return { pages: pages.size, written };
}
