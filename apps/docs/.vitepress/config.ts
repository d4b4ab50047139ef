import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitepress';

const docsRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// The wasm backend fetches its binaries at run time: serve tfjs-backend-wasm's own files from /wasm/.
const wasmDist = path.dirname(createRequire(path.join(docsRoot, 'package.json')).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
const wasmOut = path.join(docsRoot, 'public/wasm');
mkdirSync(wasmOut, { recursive: true });
for (const name of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) {
  if (!existsSync(path.join(wasmOut, name))) copyFileSync(path.join(wasmDist, name), path.join(wasmOut, name));
}

const guide = [
  { text: 'Introduction', link: '/guide/' },
  { text: 'Training, evaluation, saving', link: '/guide/training' },
  { text: 'One graph, several models', link: '/guide/multiple-models' },
  { text: 'Complex graph topologies', link: '/guide/complex-topologies' },
  { text: 'Shared layers, feature extraction', link: '/guide/shared-layers' },
  { text: 'Custom layers', link: '/guide/custom-layers' },
  { text: 'When to use it; mixing styles', link: '/guide/when-to-use' },
];
const packages = ['graph', 'viz', 'io', 'datasets', 'backend-cpu', 'backend-wasm', 'backend-node', 'backend-tfjs'].map((p) => ({
  text: `@kfn/${p}`,
  link: `/packages/${p}`,
}));

export default defineConfig({
  title: 'kfn',
  description: "Keras 3's functional API in TypeScript",
  lang: 'en-US',
  cleanUrls: false,
  srcExclude: ['README.md'],
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' }]],
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/guide/' },
      { text: 'Backends', link: '/backends' },
      { text: 'Keras ⇄ tfjs ⇄ kfn', link: '/interop' },
      { text: 'In the browser', link: '/playground' },
      { text: 'Packages', items: packages },
    ],
    sidebar: [
      { text: 'The functional API guide', items: guide },
      {
        text: 'Using kfn',
        items: [
          { text: 'Choosing a backend', link: '/backends' },
          { text: 'Keras ⇄ TensorFlow.js ⇄ kfn', link: '/interop' },
          { text: 'A model in your browser', link: '/playground' },
        ],
      },
      { text: 'Packages', items: packages },
    ],
    outline: { level: [2, 3] },
    search: { provider: 'local' },
  },
  vite: {
    // Workspace packages are compiled from their TypeScript sources, no build needed.
    resolve: { conditions: ['@kfn/source'] },
    // Models run only in the browser (WasmDemo loads them in onMounted): the server bundle
    // leaves them out, which halves the build's bundling work.
    ssr: { external: ['@kfn/graph', '@kfn/backend-wasm', '@kfn/backend-cpu', '@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-wasm'] },
    optimizeDeps: { include: ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-cpu'] },
    build: { chunkSizeWarningLimit: 4000 },
    server: {
      headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
    },
  },
});
