/**
 * Builds a residual chain of N Dense layers (x = add([dense(x), x])), constructs the model,
 * then runs summary() and getConfig(), with kfn and with @tensorflow/tfjs-layers in the
 * same process. Prints microseconds per Dense layer (median over repeats) and the ratio.
 *
 *   pnpm --filter @kfn/graph-bench bench   (node --expose-gc, through tsx)
 */
import { Add, clearSession, Dense, Input, Model } from '@kfn/graph';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';

const WIDTH = 8;
const SIZES = [100, 1_000, 10_000];
const REPEATS: Record<number, number> = { 100: 15, 1_000: 5, 10_000: 3 };

interface Timing {
  build: number;
  model: number;
  summary: number;
  config: number;
}

/** Collects garbage before each run (node --expose-gc), so one run's garbage is not billed to the next. */
const collect = (globalThis as { gc?: () => void }).gc ?? (() => {});

function kfnRun(n: number): Timing {
  collect();
  clearSession();
  const t0 = performance.now();
  const input = Input({ shape: [WIDTH] });
  let x = input;
  for (let i = 0; i < n; i++) x = new Add().apply([new Dense({ units: WIDTH }).apply(x), x]);
  const t1 = performance.now();
  const model = new Model(input, x);
  const t2 = performance.now();
  model.summary({ printFn: () => {} });
  const t3 = performance.now();
  JSON.stringify(model.getConfig());
  const t4 = performance.now();
  return { build: t1 - t0, model: t2 - t1, summary: t3 - t2, config: t4 - t3 };
}

function tfjsRun(n: number): Timing {
  collect();
  const t0 = performance.now();
  const input = tfl.input({ shape: [WIDTH] });
  let x = input;
  for (let i = 0; i < n; i++) {
    const y = tfl.layers.dense({ units: WIDTH }).apply(x) as tfl.SymbolicTensor;
    x = tfl.layers.add().apply([y, x]) as tfl.SymbolicTensor;
  }
  const t1 = performance.now();
  const model = tfl.model({ inputs: input, outputs: x });
  const t2 = performance.now();
  model.summary(undefined, undefined, () => {});
  const t3 = performance.now();
  JSON.stringify(model.getConfig());
  const t4 = performance.now();
  return { build: t1 - t0, model: t2 - t1, summary: t3 - t2, config: t4 - t3 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** Warms both libraries up at this size, then alternates their runs so load and JIT state hit both alike. */
function measurePair(n: number): [Timing | string, Timing | string] {
  const runs = [kfnRun, tfjsRun];
  const samples: Timing[][] = [[], []];
  const failed: (string | null)[] = [null, null];
  const attempt = (i: number): Timing | null => {
    if (failed[i]) return null;
    try {
      return (runs[i] as (n: number) => Timing)(n);
    } catch (e) {
      failed[i] = `fails: ${(e as Error).message.slice(0, 60)}`;
      return null;
    }
  };
  for (let w = 0; w < 3; w++) for (let i = 0; i < 2; i++) attempt(i);
  for (let r = 0; r < (REPEATS[n] ?? 3); r++) {
    for (let i = 0; i < 2; i++) {
      const t = attempt(i);
      if (t) samples[i]!.push(t);
    }
  }
  return [0, 1].map((i) => {
    if (failed[i]) return failed[i] as string;
    const s = samples[i] as Timing[];
    const key = (k: keyof Timing) => median(s.map((x) => x[k]));
    return { build: key('build'), model: key('model'), summary: key('summary'), config: key('config') };
  }) as [Timing | string, Timing | string];
}

const perLayer = (ms: number, n: number) => ((ms * 1000) / n).toFixed(1).padStart(9);
const total = (t: Timing) => t.build + t.model + t.summary + t.config;

console.log(`Residual Dense chain, width ${WIDTH}; µs per Dense layer (median), kfn vs tfjs-layers ${tfl.version_layers}`);
console.log('     N  lib    build(calls)  Model()  summary  getConfig    total   tfjs/kfn');
for (const n of SIZES) {
  const [k, t] = measurePair(n);
  for (const [lib, r] of [['kfn', k], ['tfjs', t]] as const) {
    if (typeof r === 'string') {
      console.log(`${String(n).padStart(6)}  ${lib.padEnd(5)}  ${r}`);
      continue;
    }
    const ratio = lib === 'tfjs' && typeof k !== 'string' ? (total(r) / total(k)).toFixed(2).padStart(9) + '×' : '';
    console.log(
      `${String(n).padStart(6)}  ${lib.padEnd(5)}  ${perLayer(r.build, n)}    ${perLayer(r.model, n)}${perLayer(r.summary, n)}  ${perLayer(r.config, n)}${perLayer(total(r), n)}${ratio}`,
    );
  }
}
