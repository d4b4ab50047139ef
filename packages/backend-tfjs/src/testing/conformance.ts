import { clearSession, useBackend, type Backend, type BackendProvider, type Layer, type Tensor, type Variable } from '@kfn/graph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectClose, makeInput, toHost, type HostTensor, type InputSpec } from './data.js';
import { describeGolden } from './golden.js';
import { LAYER_CASES, layerClass, uncoveredLayers } from './layer-cases.js';
import { OP_CASES } from './op-cases.js';
import { describeInference } from './inference.js';
import { referenceCpu, runOn, setDeterministicWeights } from './reference.js';
import { describeTfjsLayersReference } from './tfjs-layers-reference.js';

export interface ConformanceOptions {
  /** What results are compared with; tfjs's cpu kernels by default. */
  reference?: BackendProvider;
  /** Largest relative error (`|a - e| / max(1, |e|)`), 1e-5 by default. */
  tolerance?: number;
  /**
   * Gradients the backend cannot compute yet, by case name, with the kernel it lacks. The
   * suite checks they still fail with that kernel's name, so a fix shows up as a failure to update.
   */
  gradientGaps?: Readonly<Record<string, string>>;
}

/** Gradients tfjs-core 4.22 has on no backend. */
const TFJS_GRADIENT_GAPS: Readonly<Record<string, string>> = {
  'conv 1-D dilated': 'dilation rates greater than 1 are not yet supported in gradients',
  'conv 2-D dilated': 'dilation rates greater than 1 are not yet supported in gradients',
  'Conv2D dilated': 'dilation rates greater than 1 are not yet supported in gradients',
};

const sumAll = (ops: Backend, ts: Tensor | Tensor[]): Tensor =>
  (Array.isArray(ts) ? ts : [ts]).map((t) => ops.sum(ops.cast(t, 'float32'))).reduce((a, b) => ops.add(a, b));

/** Value and gradients of `sum(fn(vars))` w.r.t. variables made from `specs` (float ones), on the host. */
async function gradsOn(provider: BackendProvider, specs: InputSpec[], fn: (ops: Backend, x: Tensor[]) => Tensor | Tensor[]): Promise<HostTensor[]> {
  const ops = await useBackend(provider);
  const vars: Variable[] = [];
  try {
    return ops.tidy(() => {
      const x = specs.map((s, i) => {
        const t = makeInput(ops, s, 100 + i);
        if (s.kind === 'int' || s.kind === 'bool') return t;
        const v = ops.variable(t, true, `conformance_x${i}`);
        vars.push(v);
        return v;
      });
      const { value, grads } = ops.valueAndGrads(() => sumAll(ops, fn(ops, x)), vars);
      return [value, ...grads].map((t) => toHost(ops, t));
    });
  } finally {
    ops.dispose(vars);
  }
}

/** Compares a case's gradients, or checks a declared gap still fails with the kernel it names. */
async function compareGrads(
  name: string,
  provider: BackendProvider,
  reference: BackendProvider,
  tol: number,
  gaps: Readonly<Record<string, string>>,
  compute: (p: BackendProvider) => Promise<HostTensor[]>,
): Promise<void> {
  const gap = gaps[name];
  if (gap !== undefined) {
    await expect(compute(provider), `${name}: declared gradient gap "${gap}"`).rejects.toThrow(gap);
    return;
  }
  const want = await compute(reference);
  const got = await compute(provider);
  want.forEach((w, i) => expectClose(got[i] as HostTensor, w, tol, `${name} ${i === 0 ? 'value' : `grad ${i - 1}`}`));
}

/**
 * tfjs's `describeWithFlags` idea for kfn: one suite, run by each backend package on its
 * provider. Every Backend op and every kfn layer must compute what the reference (cpu)
 * computes, gradients included; then inference, golden fixtures and tfjs-layers checks.
 */
export function describeBackendConformance(provider: BackendProvider, options: ConformanceOptions = {}): void {
  const reference = options.reference ?? referenceCpu;
  const tol = options.tolerance ?? 1e-5;
  const gaps = { ...TFJS_GRADIENT_GAPS, ...options.gradientGaps };

  describe(`backend conformance: ${provider.name}`, () => {
    beforeAll(async () => {
      await useBackend(provider);
    });
    afterAll(async () => {
      await useBackend(provider);
    });

    describe('memory', () => {
      it('frees what tidy made, keeps what it returns or keeps, and counts tensors', async () => {
        const ops = await useBackend(provider);
        const before = ops.numTensors();
        let kept: Tensor | null = null;
        const out = ops.tidy(() => {
          const a = ops.tensor([1, 2, 3, 4], [2, 2]);
          kept = ops.keep(ops.add(a, a));
          ops.mul(a, a);
          return ops.sub(a, ops.scalar(1));
        });
        expect(ops.numTensors()).toBe(before + 2);
        expect(Array.from(ops.readSync(out))).toEqual([0, 1, 2, 3]);
        expect(Array.from(await ops.read(kept as unknown as Tensor))).toEqual([2, 4, 6, 8]);
        ops.dispose([out, kept as unknown as Tensor]);
        expect(ops.numTensors()).toBe(before);
      });

      it('makes variables with unique names that survive tidy and can be assigned', async () => {
        const ops = await useBackend(provider);
        const before = ops.numTensors();
        const [v1, v2] = ops.tidy(() => {
          const init = ops.tensor(new Float32Array([1, 2]), [2]);
          return [ops.variable(init, true, 'dense/kernel'), ops.variable(init, false, 'dense/kernel')];
        });
        ops.tidy(() => v1?.assign(ops.tensor([5, 6], [2])));
        expect(Array.from(ops.readSync(v1 as Variable))).toEqual([5, 6]);
        expect(Array.from(ops.readSync(v2 as Variable))).toEqual([1, 2]);
        ops.dispose([v1 as Variable, v2 as Variable]);
        expect(ops.numTensors()).toBe(before);
      });
    });

    describe('ops', () => {
      for (const c of OP_CASES) {
        it(c.name, async () => {
          const run = (p: BackendProvider) => runOn(p, (ops) => c.run(ops, c.inputs.map((s, i) => makeInput(ops, s, 100 + i))));
          const want = await run(reference);
          const got = await run(provider);
          want.forEach((w, i) => expectClose(got[i] as HostTensor, w, tol, `${c.name} output ${i}`));
          if (c.grad) await compareGrads(c.name, provider, reference, tol, gaps, (p) => gradsOn(p, c.inputs, c.run));
        });
      }
    });

    describe('layers', () => {
      it('covers every layer @kfn/graph exports', () => {
        const missing = uncoveredLayers();
        if (missing.length > 0) console.warn(`[conformance] layers without a case yet: ${missing.join(', ')}`);
        expect(LAYER_CASES.length).toBeGreaterThan(0);
      });
      for (const c of LAYER_CASES) {
        const Cls = layerClass(c.className);
        (Cls ? it : it.skip)(`${c.name}${Cls ? '' : ` (not in @kfn/graph yet)`}`, async () => {
          clearSession();
          const layer = new (Cls as NonNullable<typeof Cls>)(c.args);
          const single = c.inputs.length === 1;
          const shapes = c.inputs.map((s) => [null, ...s.shape.slice(1)]);
          layer.maybeBuild(single ? (shapes[0] as number[]) : shapes);
          await useBackend(reference);
          setDeterministicWeights(layer);
          const apply = (ops: Backend, xs: Tensor[]) => layer.apply(single ? (xs[0] as Tensor) : xs) as Tensor | Tensor[];
          const inputs = (ops: Backend) => c.inputs.map((s, i) => makeInput(ops, s, 100 + i));
          try {
            const want = await runOn(reference, (ops) => apply(ops, inputs(ops)));
            const got = await runOn(provider, (ops) => apply(ops, inputs(ops)));
            want.forEach((w, i) => expectClose(got[i] as HostTensor, w, tol, `${c.name} output ${i}`));
            if (c.grad && layer.trainableWeights.length > 0) {
              const grads = async (p: BackendProvider) => {
                const ops = await useBackend(p);
                return ops.tidy(() => {
                  const xs = inputs(ops);
                  const vars = layer.trainableWeights.map((w) => w.read());
                  const { value, grads: g } = ops.valueAndGrads(() => sumAll(ops, apply(ops, xs)), vars);
                  return [value, ...g].map((t) => toHost(ops, t));
                });
              };
              await compareGrads(c.name, provider, reference, tol, gaps, grads);
            }
          } finally {
            for (const w of layer.weights) w.dispose();
          }
        });
      }
    });

    describeTfjsLayersReference(provider);
    describeInference(provider);
    describeGolden(provider);
  });
}
