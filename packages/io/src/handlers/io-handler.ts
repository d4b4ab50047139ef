/**
 * Where a model file lives (tfjs's `IOHandler` idea): one main file (`model.keras`,
 * `model.json`) and, for layers-models, sibling files next to it (weight shards).
 * The format code works on bytes only; handlers move bytes, so users can add their own.
 */
export interface ModelIOHandler {
  /** The file's name or URL: used to pick the format by extension and in error messages. */
  readonly location: string;
  /** The format stored, for locations with no extension to tell it (`indexeddb://name`). */
  readonly format?: 'keras' | 'layers-model';
  /** The main file's bytes, or with `sibling`, those of a file next to it (a relative name). */
  read?(sibling?: string): Promise<Uint8Array>;
  /**
   * Writes the main file and its siblings. A handler should not leave a half-written
   * main file behind when it fails (the Node handler writes to a temp file and renames).
   */
  write?(main: Uint8Array, siblings: ReadonlyMap<string, Uint8Array>): Promise<void>;
}

export function isModelIOHandler(x: unknown): x is ModelIOHandler {
  return typeof x === 'object' && x !== null && typeof (x as ModelIOHandler).location === 'string' &&
    (typeof (x as ModelIOHandler).read === 'function' || typeof (x as ModelIOHandler).write === 'function');
}

/**
 * A sibling name from a file (a manifest's shard path) is only ever a plain relative
 * name: no absolute paths, no `..`, no URL schemes, so a file cannot make us read elsewhere.
 */
export function checkSiblingName(name: string): string | null {
  if (name === '' || name.length > 1024) return 'empty or too long';
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(name) || name.startsWith('/') || name.startsWith('\\')) return 'absolute paths and URLs are not allowed';
  if (name.split(/[\\/]/).some((p) => p === '..')) return '".." is not allowed';
  if (name.includes('\0')) return 'NUL characters are not allowed';
  return null;
}
