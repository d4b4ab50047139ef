// The fused optimizer kernels inside `fit`: the cpu backend offers applyRmsprop/applyAdam, the
// optimizers take them, and training ends on the weights tfjs's own kernels give.
import { referenceCpu, setDeterministicWeights } from '@kfn/backend-tfjs/testing';
import { Adam, clearSession, Dense, Input, Model, RMSprop, useBackend, type Backend, type Optimizer } from '@kfn/graph';
import { rng } from '@kfn/graph/testing';
import { describe, expect, it } from 'vitest';
import { cpu } from '../index.js';

async function train(ops: Backend, optimizer: Optimizer): Promise<Float32Array[]> {
  clearSession();
  const inputs = Input({ shape: [6] });
  const hidden = new Dense({ units: 5, activation: 'relu' });
  const out = new Dense({ units: 3 });
  const model = new Model({ inputs, outputs: out.apply(hidden.apply(inputs)) });
  setDeterministicWeights(hidden, 1);
  setDeterministicWeights(out, 2);
  model.compile({ optimizer, loss: 'mse' });
  const r = rng(3);
  const x = Float32Array.from({ length: 16 * 6 }, () => r() * 2 - 1);
  const y = Float32Array.from({ length: 16 * 3 }, () => r());
  await model.fit(x, y, { batchSize: 4, epochs: 3, shuffle: false, verbose: 0 });
  const weights = model.weights.map((w) => Float32Array.from(ops.readSync(w.read())));
  for (const w of model.weights) w.dispose();
  return weights;
}

describe('fused optimizer kernels in fit (cpu)', () => {
  const cases: [string, () => Optimizer][] = [
    ['RMSprop', () => new RMSprop({ learningRate: 0.01 })],
    ['RMSprop, momentum and centered', () => new RMSprop({ learningRate: 0.01, momentum: 0.5, centered: true })],
    ['Adam', () => new Adam({ learningRate: 0.01 })],
    ['Adam, amsgrad', () => new Adam({ learningRate: 0.01, amsgrad: true })],
  ];
  it.each(cases)('%s: same weights as composed tfjs kernels, through the fused op', async (_, make) => {
    const ops = await useBackend(cpu);
    expect(ops.applyRmsprop).toBeTypeOf('function');
    expect(ops.applyAdam).toBeTypeOf('function');
    let fusedCalls = 0;
    const counting: Backend = {
      ...ops,
      applyRmsprop: (s) => (fusedCalls++, ops.applyRmsprop!(s)),
      applyAdam: (s) => (fusedCalls++, ops.applyAdam!(s)),
    };
    const fused = await train(await useBackend({ name: 'cpu-counting', load: async () => counting }), make());
    expect(fusedCalls).toBe(3 * 4 * 4); // epochs × steps × weights

    const reference = await useBackend(referenceCpu);
    expect(reference.applyRmsprop).toBeUndefined();
    const composed = await train(reference, make());
    fused.forEach((w, i) => {
      const c = composed[i] as Float32Array;
      const worst = Math.max(...w.map((v, j) => Math.abs(v - (c[j] as number))));
      expect(worst, `weight ${i}`).toBeLessThan(1e-6);
    });
  });
});
