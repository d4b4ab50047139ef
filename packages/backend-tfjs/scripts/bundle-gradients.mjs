// Bundles tfjs-core's gradient registrations into one ESM file Node can import.
//
// tfjs-core's Node build (dist/tf-core.node.js) registers no gradients, and its ESM
// dist/register_all_gradients.js uses extension-less relative imports that Node's ESM
// loader rejects. Bundled, the file carries its own copy of the ops the gradients use;
// that is safe because tfjs keeps its engine, kernel registry and gradient registry on
// globalThis (how @tensorflow/tfjs's own bundles share one tfjs-core), and checks tensors
// with Symbol.hasInstance rather than class identity.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const core = path.dirname(require.resolve('@tensorflow/tfjs-core/package.json'));

await build({
  entryPoints: [path.join(core, 'dist/register_all_gradients.js')],
  outfile: path.join(here, '../dist/register-gradients.bundle.js'),
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2020',
  legalComments: 'none',
  logLevel: 'warning',
  banner: { js: '// tfjs-core 4.22 gradient registrations, bundled by @kfn/backend-tfjs (scripts/bundle-gradients.mjs).' },
});
