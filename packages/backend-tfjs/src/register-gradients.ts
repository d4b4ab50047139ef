// Registers tfjs-core's gradient functions (training needs them; tfjs-core's Node build has none).
//
// This file is the entry for bundlers and browsers, which resolve tfjs-core's ESM sources.
// Node cannot import that ESM (extension-less relative imports): the package's `node`
// export is `dist/register-gradients.bundle.js`, the same registrations bundled at build time
// by `scripts/bundle-gradients.mjs`.
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
