// One model across backends: built and trained on cpu, it predicts and trains on wasm, and back,
// with each backend's own kernels (kfn's cpu matMul and fused RMSprop, wasm's XNNPACK binding).
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { cpu } from '@kfn/backend-cpu';
import { wasm } from '@kfn/backend-wasm';
import { clearSession, RMSprop, SparseCategoricalCrossentropy, useBackend, type Backend, type Tensor } from '@kfn/graph';
import { mnistMlp, rng } from '@kfn/graph/testing';
import { describe, expect, it } from 'vitest';

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] as number) - (b[i] as number)));
  return worst;
};

function predictHost(ops: Backend, model: ReturnType<typeof mnistMlp>, x: Float32Array): Float32Array {
  const y = model.predict(x) as Tensor;
  const values = Float32Array.from(ops.readSync(y));
  ops.dispose(y);
  return values;
}

describe('a model moves between backends', () => {
  it('trained on cpu, predicts the same on wasm, trains there, and predicts the same back on cpu', async () => {
    clearSession();
    let ops = await useBackend(cpu);
    const before = ops.numTensors();
    const model = mnistMlp();
    model.compile({ optimizer: new RMSprop(), loss: new SparseCategoricalCrossentropy({ fromLogits: true }) });
    const r = rng(11);
    const x = Float32Array.from({ length: 32 * 784 }, r);
    const y = Int32Array.from({ length: 32 }, () => Math.floor(r() * 10));
    await model.fit(x, y, { batchSize: 16, epochs: 1, verbose: 0 });
    const onCpu = predictHost(ops, model, x);

    ops = await useBackend(wasm);
    expect(maxDiff(predictHost(ops, model, x), onCpu)).toBeLessThan(1e-4);
    const history = await model.fit(x, y, { batchSize: 16, epochs: 1, verbose: 0 });
    expect(history.history.loss?.[0]).toBeTypeOf('number');
    const onWasm = predictHost(ops, model, x);
    expect(maxDiff(onWasm, onCpu)).toBeGreaterThan(1e-4); // it trained

    ops = await useBackend(cpu);
    expect(maxDiff(predictHost(ops, model, x), onWasm)).toBeLessThan(1e-4);
    for (const w of [...model.weights, ...(model.optimizer?.variables ?? [])]) w.dispose();
    expect(ops.numTensors()).toBe(before);
  });
});
