import { ModelFileError, messageOf } from '../errors.js';
import { checkSiblingName, type ModelIOHandler } from './io-handler.js';

/** Reads a model over HTTP(S): `model.keras`, or `model.json` with its shards resolved next to it. */
export class UrlHandler implements ModelIOHandler {
  constructor(
    readonly location: string,
    private readonly init: RequestInit = {},
    private readonly fetchFn: typeof fetch = globalThis.fetch,
  ) {}

  async read(sibling?: string): Promise<Uint8Array> {
    if (sibling !== undefined) {
      const bad = checkSiblingName(sibling);
      if (bad) throw new ModelFileError({ file: this.location, member: sibling }, `refusing this file name: ${bad}.`);
    }
    const url = sibling === undefined ? this.location : new URL(sibling, new URL(this.location, globalThis.location?.href)).href;
    let response: Response;
    try {
      response = await this.fetchFn(url, this.init);
    } catch (e) {
      throw new ModelFileError({ file: url }, `fetch failed: ${messageOf(e)}`, { cause: e });
    }
    if (!response.ok) throw new ModelFileError({ file: url }, `fetch answered HTTP ${response.status} ${response.statusText}.`);
    return new Uint8Array(await response.arrayBuffer());
  }
}

/**
 * Reads from `Blob`s / `File`s (an `<input type="file" multiple>`): the first is the main
 * file, the others are found by name as its siblings (the shards of a `model.json`).
 */
export class BlobHandler implements ModelIOHandler {
  readonly location: string;
  private readonly main: Blob;
  private readonly byName = new Map<string, Blob>();

  constructor(files: Blob | readonly Blob[], location?: string) {
    const list = Array.isArray(files) ? (files as readonly Blob[]) : [files as Blob];
    const first = list[0];
    if (first === undefined) throw new ModelFileError({}, 'no file was given.');
    this.main = first;
    this.location = location ?? (first as File).name ?? 'model.keras';
    for (const f of list.slice(1)) if (typeof (f as File).name === 'string') this.byName.set((f as File).name, f);
  }

  async read(sibling?: string): Promise<Uint8Array> {
    const blob = sibling === undefined ? this.main : this.byName.get(sibling.split('/').pop() ?? sibling);
    if (blob === undefined) {
      throw new ModelFileError({ file: this.location, member: sibling }, `the file was not given; pass it along with "${this.location}".`);
    }
    return new Uint8Array(await blob.arrayBuffer());
  }
}
