import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { docsRoot } from './execute.js';
import { serveStatic, type StaticServer } from './serve.js';
import { listPages } from './site.js';

const CHROMIUM = '/usr/bin/chromium';
const DIST = path.join(docsRoot, '.vitepress/dist');
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`docs browser test skipped: ${CHROMIUM} is missing (install it with \`apt-get install -y chromium\`).`);

/** The newest modification time under a folder (skipping build output and caches). */
function newest(dir: string): number {
  let max = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist' || e.name === 'cache' || e.name === 'wasm') continue;
    const p = path.join(dir, e.name);
    max = Math.max(max, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return max;
}

/** Builds the site unless a build newer than every source file exists. */
function buildSite(): void {
  const built = path.join(DIST, 'index.html');
  if (existsSync(built) && statSync(built).mtimeMs > newest(docsRoot) && !process.env.KFN_DOCS_REBUILD) return;
  const r = spawnSync('npx', ['vitepress', 'build', '.'], { cwd: docsRoot, encoding: 'utf8', timeout: 170_000 });
  if (r.status !== 0) throw new Error(`vitepress build failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
}

const route = (rel: string): string => `/${rel.replace(/(^|\/)index\.md$/, '$1').replace(/\.md$/, '.html')}`;

describe.skipIf(!hasChromium)('the docs site in Chromium', () => {
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    buildSite();
    server = await serveStatic(DIST);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  let shared: Page | null = null;
  let errors: string[] = [];

  /** Opens a page in one reused tab (its cache keeps the site's scripts), collecting its errors. */
  async function open(rel: string): Promise<{ page: Page; errors: string[] }> {
    if (!shared) {
      shared = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      shared.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      shared.on('pageerror', (e) => errors.push(e.message));
      // Navigating away aborts vitepress's prefetches of linked pages: not an error.
      shared.on('requestfailed', (r) => {
        if (r.failure()?.errorText !== 'net::ERR_ABORTED') errors.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
      });
      shared.on('response', (r) => {
        if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`);
      });
    }
    errors = [];
    await shared.goto(`${server.url}${route(rel)}`, { waitUntil: 'load' });
    return { page: shared, errors };
  }

  const SCREENSHOTS = new Set(['guide/index.md', 'guide/multiple-models.md', 'packages/viz.md', 'index.md']);

  it('loads every page without console errors, with every plot drawn', async () => {
    for (const rel of listPages()) {
      const { page } = await open(rel);
      const plots = await page.locator('.kfn-plot-view').count();
      if (plots > 0) await page.waitForFunction((n) => document.querySelectorAll('.kfn-plot-view svg').length >= n, plots);
      if (SCREENSHOTS.has(rel)) await page.screenshot({ path: path.join(tmpdir(), `kfn-docs-${rel.replace(/\W+/g, '-')}.png`), fullPage: rel === 'guide/index.md' });
      expect(errors, `${rel}: console errors`).toEqual([]);
    }
  });

  it('shows a layer config on hover and expands a nested model on click', async () => {
    const { page } = await open('guide/multiple-models.md');
    const view = page.locator('.kfn-plot-view', { has: page.locator('.kfn-toggle') }).first();
    await view.scrollIntoViewIfNeeded();
    await expect.poll(() => view.locator('svg .kfn-layer').count()).toBeGreaterThan(0);
    expect(await view.locator('svg .kfn-cluster').count()).toBe(0);
    expect(await view.getAttribute('data-expanded')).toBe('false');

    await view.locator('svg .kfn-layer[data-class="Functional"]').first().hover();
    await expect.poll(() => view.locator('.kfn-layer-card').textContent()).toContain('params');

    await view.locator('svg .kfn-layer[data-class="Functional"]').first().click();
    await expect.poll(() => view.getAttribute('data-expanded')).toBe('true');
    await expect.poll(() => view.locator('svg .kfn-cluster').count()).toBe(2);
    await view.screenshot({ path: path.join(tmpdir(), 'kfn-docs-expanded.png') });

    // The cluster's name is its visible handle (its dashed frame is hollow).
    await view.locator('svg .kfn-cluster text').first().click();
    await expect.poll(() => view.getAttribute('data-expanded')).toBe('false');
    expect(errors).toEqual([]);
  });

  it('trains and runs a model on the wasm backend, threads on', async () => {
    const { page } = await open('playground.md');
    const demo = page.locator('.kfn-wasm-demo');
    await expect.poll(() => demo.getAttribute('data-done'), { timeout: 60_000 }).toBe('true');
    expect(await demo.locator('.kfn-wasm-backend').textContent()).toBe('wasm');
    expect(await demo.locator('.kfn-wasm-threads').textContent()).toMatch(/^on/);
    const prediction = Number(await demo.locator('.kfn-wasm-prediction').textContent());
    expect(Math.abs(prediction - 19)).toBeLessThan(0.5);
    await page.screenshot({ path: path.join(tmpdir(), 'kfn-docs-playground-run.png') });
    expect(errors).toEqual([]);
  });
});
