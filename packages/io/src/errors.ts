import { KfnError } from '@kfn/graph';

/** Where in a model file something was wrong; every part is optional. */
export interface FileLocation {
  /** The file or URL the user gave (`model.keras`, `https://…/model.json`). */
  file?: string;
  /** A member of the zip or of the layers-model (`config.json`, `group1-shard1of2.bin`). */
  member?: string;
  /** A path inside `model.weights.h5` (`/layers/dense/vars/0`). */
  h5Path?: string;
  /** The layer involved. */
  layer?: string;
}

export function describeLocation(where: FileLocation): string {
  const parts: string[] = [];
  if (where.file !== undefined) parts.push(`file "${where.file}"`);
  if (where.member !== undefined) parts.push(`member "${where.member}"`);
  if (where.h5Path !== undefined) parts.push(`HDF5 path "${where.h5Path}"`);
  if (where.layer !== undefined) parts.push(`layer "${where.layer}"`);
  return parts.join(', ');
}

/**
 * The one error every reader and writer of @kfn/io throws for a file it cannot use:
 * the message says what was wrong and where (file, zip member, HDF5 path, layer).
 */
export class ModelFileError extends KfnError {
  override name = 'ModelFileError';
  readonly location: FileLocation;

  constructor(where: FileLocation, problem: string, options?: { cause?: unknown }) {
    const at = describeLocation(where);
    super(at ? `${at}: ${problem}` : problem, options);
    this.location = where;
  }
}

/** The text of an error of any type, for wrapping it. */
export function messageOf(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  // h5wasm's errors carry HDF5's whole diagnostic stack; its first line is the useful one.
  const line = text.split('\n').find((l) => l.trim() !== '' && !l.startsWith('HDF5-DIAG'))?.trim() ?? text;
  return line.replace(/^#\d+: \S+ line \d+ in /, '');
}

/** Runs `fn`, turning any non-ModelFileError into one located at `where`. */
export function located<T>(where: FileLocation, what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ModelFileError) throw e;
    throw new ModelFileError(where, `${what}: ${messageOf(e)}`, { cause: e });
  }
}

export async function locatedAsync<T>(where: FileLocation, what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ModelFileError) throw e;
    throw new ModelFileError(where, `${what}: ${messageOf(e)}`, { cause: e });
  }
}
