import { clearSession, concatenate, Dense, Input, Model, useBackend, type BackendProvider, type Tensor } from '@kfn/graph';
import { describe, expect, it } from 'vitest';
import { expectClose, hostData, toHost } from './data.js';
import { flatOutputs } from './golden.js';
import { referenceCpu, setDeterministicWeights } from './reference.js';

/** The guide's MNIST MLP: 784 → Dense 64 relu → Dense 64 relu → Dense 10. */
export function mnistMlp(): Model {
  const inputs = Input({ shape: [784], name: 'img' });
  let x = new Dense({ units: 64, activation: 'relu' }).apply(inputs);
  x = new Dense({ units: 64, activation: 'relu' }).apply(x);
  return new Model({ inputs, outputs: new Dense({ units: 10 }).apply(x), name: 'mnist_model' });
}

/** `predict` on a real backend: batching, input forms, structures, leaks, nesting. */
export function describeInference(provider: BackendProvider): void {
  describe('inference', () => {
    it('predicts the same rows at any batch size, leaving the tensor count unchanged', async () => {
      clearSession();
      const model = mnistMlp();
      const rows = 67;
      const x = hostData({ shape: [rows, 784] }, 5) as Float32Array;
      const ref = await useBackend(referenceCpu);
      for (const layer of model.layers) setDeterministicWeights(layer, layer.name.length);
      const want = toHost(ref, model.predict(x) as Tensor);
      const ops = await useBackend(provider);
      const device = ops.tensor(x, [rows, 784]);
      for (const [form, batchSize] of [[x, 1], [x, 32], [device, 16], [device, 100], [{ img: x }, 64]] as const) {
        const before = ops.numTensors();
        const out = model.predict(form, { batchSize }) as Tensor;
        expectClose(toHost(ops, out), want, 1e-5, `batchSize ${batchSize}`);
        ops.dispose(out);
        expect(ops.numTensors()).toBe(before);
      }
      ops.dispose(device);
      for (const w of model.weights) w.dispose();
    });

    it('initializes weights lazily on the first predict', async () => {
      clearSession();
      const ops = await useBackend(provider);
      const model = mnistMlp();
      expect(model.weights.every((w) => !w.isInitialized)).toBe(true);
      const before = ops.numTensors();
      const out = model.predict(new Float32Array(2 * 784)) as Tensor;
      expect(out.shape).toEqual([2, 10]);
      ops.dispose(out);
      expect(ops.numTensors()).toBe(before + 6); // the six weights, and nothing else
      for (const w of model.weights) w.dispose();
      expect(ops.numTensors()).toBe(before);
    });

    it('returns records and lists, and runs nested models and models called on tensors', async () => {
      clearSession();
      const ops = await useBackend(provider);
      const a = Input({ shape: [3], name: 'a' });
      const b = Input({ shape: [2], name: 'b' });
      const inner = new Model({ inputs: a, outputs: new Dense({ units: 4, activation: 'relu' }).apply(a), name: 'inner' });
      const h = inner.apply(a);
      const joined = concatenate([h, b]);
      const model = new Model({
        inputs: { a, b },
        outputs: { score: new Dense({ units: 1, name: 'score' }).apply(joined), hidden: h },
      });
      const xa = [[1, 2, 3], [4, 5, 6]];
      const xb = [[0.5, -1], [2, 0]];
      const before = ops.numTensors();
      const out = model.predict({ a: xa, b: xb }) as Record<string, Tensor>;
      expect(Object.keys(out).sort()).toEqual(['hidden', 'score']);
      expect(out.score?.shape).toEqual([2, 1]);
      const viaCall = ops.tidy(() => {
        const ta = ops.tensor([1, 2, 3, 4, 5, 6], [2, 3]);
        return toHost(ops, inner.apply(ta) as Tensor);
      });
      expectClose(toHost(ops, out.hidden as Tensor), viaCall, 1e-6, 'nested model output');
      ops.dispose(flatOutputs(out));
      const weights = model.weights.length;
      expect(ops.numTensors()).toBe(before + weights);
      for (const w of model.weights) w.dispose();
    });

    it('rejects a wrong last dimension before any kernel runs', async () => {
      clearSession();
      const ops = await useBackend(provider);
      const model = mnistMlp();
      const before = ops.numTensors();
      expect(() => model.predict([[1, 2, 3]])).toThrow('Input "img" of model "mnist_model" expected shape (None, 784)');
      expect(ops.numTensors()).toBe(before);
      expect(model.weights.every((w) => !w.isInitialized)).toBe(true);
    });
  });
}
