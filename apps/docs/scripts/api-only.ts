import { writeApiPages } from '../src/api-docs.js';
const t = performance.now();
console.log(await writeApiPages(), performance.now() - t);
