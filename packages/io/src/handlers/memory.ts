import { ModelFileError } from '../errors.js';
import type { ModelIOHandler } from './io-handler.js';

/**
 * Model files held in memory: load from bytes, or save and take `files` (for a browser
 * download, a database, a test). `location` picks the format: `model.keras` or `model.json`.
 */
export class MemoryHandler implements ModelIOHandler {
  readonly files = new Map<string, Uint8Array>();

  constructor(
    readonly location: string = 'model.keras',
    files: Record<string, Uint8Array> | ReadonlyMap<string, Uint8Array> = {},
  ) {
    const entries = files instanceof Map ? [...files.entries()] : Object.entries(files);
    for (const [k, v] of entries) this.files.set(k, v);
  }

  /** The main file's bytes (after a save). */
  get main(): Uint8Array | undefined {
    return this.files.get(this.location);
  }

  async read(sibling?: string): Promise<Uint8Array> {
    const name = sibling ?? this.location;
    const data = this.files.get(name);
    if (data === undefined) throw new ModelFileError({ file: this.location, member: name }, 'no such file in memory.');
    return data;
  }

  async write(main: Uint8Array, siblings: ReadonlyMap<string, Uint8Array>): Promise<void> {
    for (const [k, v] of siblings) this.files.set(k, v);
    this.files.set(this.location, main);
  }
}

/** A handler over bytes already in memory (`loadModel(bytes)`); the format is sniffed from the bytes. */
export function bytesHandler(bytes: Uint8Array, location = '<bytes>'): MemoryHandler {
  return new MemoryHandler(location, { [location]: bytes });
}
