// `npm run demo`: the guide's main example on all of MNIST (or the offline subset).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runGuideExample } from './guide-example.js';

const HELP = `Usage: node apps/demo/dist/main.js [--out <folder>]

Runs the Keras functional API guide's main example: builds mnist_model, prints its
summary, plots it, trains it on MNIST for 2 epochs, evaluates it, saves it as .keras,
loads it back and checks the predictions are identical.

Options:
  --out <folder>   where the files go (default: ./out)
  -h, --help       show this help`;

let args;
try {
  args = parseArgs({ options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }).values;
} catch (e) {
  console.error(`${(e as Error).message}\n\n${HELP}`);
  process.exit(2);
}
if (args.help) {
  console.log(HELP);
  process.exit(0);
}

const outDir = path.resolve(args.out ?? 'out');
const started = performance.now();
console.log("kfn demo: the Keras functional API guide's main example, in TypeScript");
const result = await runGuideExample({ outDir });
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`\nDone in ${seconds} s on the ${result.backend} backend. Files in ${outDir}${path.sep}:`);
for (const file of result.files) console.log(`  ${path.basename(file)}`);
if (!result.identicalPredictions) process.exitCode = 1;
