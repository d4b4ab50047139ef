import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ModelFileError, messageOf } from '../errors.js';
import { checkSiblingName, type ModelIOHandler } from './io-handler.js';

/**
 * A model file on disk. Saving writes each file to a temporary name in the same folder
 * and renames it into place: an error or a crash mid-save leaves the old file whole.
 */
export class NodeFileHandler implements ModelIOHandler {
  constructor(readonly location: string) {}

  private pathOf(sibling?: string): string {
    if (sibling === undefined) return this.location;
    const bad = checkSiblingName(sibling);
    if (bad) throw new ModelFileError({ file: this.location, member: sibling }, `refusing this file name: ${bad}.`);
    return join(dirname(this.location), sibling);
  }

  async read(sibling?: string): Promise<Uint8Array> {
    const path = this.pathOf(sibling);
    try {
      return new Uint8Array(await readFile(path));
    } catch (e) {
      const where = sibling === undefined ? { file: path } : { file: this.location, member: sibling };
      const code = (e as NodeJS.ErrnoException).code;
      throw new ModelFileError(where, code === 'ENOENT' ? 'no such file.' : `cannot read it: ${messageOf(e)}`, { cause: e });
    }
  }

  async write(main: Uint8Array, siblings: ReadonlyMap<string, Uint8Array>): Promise<void> {
    // Siblings first: the main file, which names them, appears last.
    for (const [name, data] of siblings) await atomicWrite(this.pathOf(name), data);
    await atomicWrite(this.location, main);
  }
}

/** Writes `data` to `path` through a temporary file in the same folder and a rename. */
export async function atomicWrite(path: string, data: Uint8Array): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, data, { flag: 'wx' });
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** Creates the folder a file goes into, as Keras's `ModelCheckpoint` does before saving. */
export async function ensureParentDir(path: string): Promise<void> {
  const dir = dirname(path);
  if (dir !== '' && dir !== '.') await mkdir(dir, { recursive: true });
}
