// `npm run docs:serve`: the built site with COOP/COEP headers (threads for the wasm backend).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from './serve.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../.vitepress/dist');
const { url } = await serveStatic(root, Number(process.env.PORT ?? 4173));
console.log(`kfn docs: ${url}/ (cross-origin isolated)`);
