/**
 * Keras's automatic names: snake_case of the class name, made unique with `_1`, `_2`…
 * by a counter shared by the whole process (`utils/naming.py`); `clearSession()` resets it.
 */
const uids = new Map<string, number>();

export function toSnakeCase(name: string): string {
  return name
    .replace(/\W/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

export function uniquify(name: string): string {
  const n = uids.get(name) ?? 0;
  uids.set(name, n + 1);
  return n === 0 ? name : `${name}_${n}`;
}

export function autoName(prefix: string): string {
  return uniquify(toSnakeCase(prefix));
}

/** Resets automatic names, as `keras.backend.clear_session()` does. */
export function clearSession(): void {
  uids.clear();
}

/** `use_bias` → `useBias`: Keras's config keys to kfn's constructor arguments. */
export function snakeToCamel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
