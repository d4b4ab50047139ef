/**
 * Nested structures of tensors (one, an array, or a record keyed by name), flattened the
 * way Keras's `tree.flatten` does: arrays in order, records in sorted key order.
 */
export type Nested<T> = T | readonly Nested<T>[] | { readonly [key: string]: Nested<T> };

export function isPlainRecord(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}

export function flatten<T>(structure: Nested<T>, isLeaf: (x: unknown) => x is T): T[] {
  const out: T[] = [];
  const visit = (s: unknown): void => {
    if (isLeaf(s)) out.push(s);
    else if (Array.isArray(s)) for (const c of s) visit(c);
    else if (isPlainRecord(s)) for (const k of Object.keys(s).sort()) visit(s[k]);
    else throw new TypeError(`Expected a tensor, an array or a record of tensors; received ${describe(s)}.`);
  };
  visit(structure);
  return out;
}

/** Rebuilds `structure`'s shape with the leaves of `flat`, in flatten order. */
export function packSequenceAs<T, U>(structure: Nested<T>, flat: readonly U[], isLeaf: (x: unknown) => x is T): Nested<U> {
  let i = 0;
  const build = (s: unknown): Nested<U> => {
    if (isLeaf(s)) return flat[i++] as U;
    if (Array.isArray(s)) return s.map(build);
    if (isPlainRecord(s)) {
      const out: Record<string, Nested<U>> = {};
      for (const k of Object.keys(s).sort()) out[k] = build(s[k]);
      // Keep the user's key order for display, values placed by sorted order.
      const ordered: Record<string, Nested<U>> = {};
      for (const k of Object.keys(s)) ordered[k] = out[k] as Nested<U>;
      return ordered;
    }
    throw new TypeError(`Unexpected structure element ${describe(s)}.`);
  };
  const result = build(structure);
  if (i !== flat.length) throw new TypeError(`Structure has ${i} leaves but ${flat.length} values were given.`);
  return result;
}

export function mapStructure<T, U>(structure: Nested<T>, fn: (x: T) => U, isLeaf: (x: unknown) => x is T): Nested<U> {
  return packSequenceAs(structure, flatten(structure, isLeaf).map(fn), isLeaf);
}

export function describe(x: unknown): string {
  if (x === null) return 'null';
  if (x === undefined) return 'undefined';
  if (typeof x === 'object') return (x as object).constructor?.name ?? 'object';
  return `${typeof x} ${String(x)}`;
}
