import { getBackend, type Model, type Tensor } from '@kfn/graph';

function flattenOutputs(out: unknown): Tensor[] {
  if (Array.isArray(out)) return out as Tensor[];
  if (typeof out === 'object' && out !== null && !('shape' in out)) {
    const rec = out as Record<string, Tensor>;
    return Object.keys(rec)
      .sort()
      .map((k) => rec[k] as Tensor);
  }
  return [out as Tensor];
}

/** `model.predict` with outputs flattened (records in sorted key order) and read to the host. */
export function predictFlat(model: Model, inputs: unknown[]): { shape: number[]; data: Float32Array }[] {
  const ops = getBackend();
  const out = model.predict((inputs.length === 1 ? inputs[0] : inputs) as never);
  return flattenOutputs(out).map((t) => {
    const data = Float32Array.from(ops.readSync(t));
    const shape = [...t.shape];
    ops.dispose(t);
    return { shape, data };
  });
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}
