import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, mkdir, open, rename, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatasetError } from './host-array.js';

export interface GetFileOptions {
  /** File name inside the cache folder. */
  fname: string;
  /** Where to download it from when it is not cached. */
  origin: string;
  /** sha256 of the file; a cached or downloaded file that differs is rejected. */
  fileHash?: string;
  /** Sub-folder of the cache, `datasets` as in Keras. */
  cacheSubdir?: string;
  /** Cache root; default `$KERAS_HOME`, else `~/.keras` (Python Keras's, so its downloads are reused). */
  cacheDir?: string;
  /** Injected for tests and custom transports. */
  fetch?: typeof fetch;
  /** Progress and notices; default: stderr. */
  log?: (line: string) => void;
}

/** Keras's cache root: `KERAS_HOME`, else `~/.keras`, else a temp folder if home is read-only. */
export function kerasHome(): string {
  return process.env.KERAS_HOME ?? join(homedir(), '.keras');
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The cached path of a file, if present (and matching its hash when one is given). */
export async function findCached(options: GetFileOptions): Promise<string | null> {
  const path = join(options.cacheDir ?? kerasHome(), options.cacheSubdir ?? 'datasets', options.fname);
  if (!(await exists(path))) return null;
  if (options.fileHash && (await sha256File(path)) !== options.fileHash) return null;
  return path;
}

/**
 * Keras's `get_file`: returns the cached file, or downloads it into the cache, checking its
 * sha256. The download goes to a temporary file renamed into place only when complete and
 * verified, so an interrupted or corrupt download never leaves a file in the cache.
 */
export async function getFile(options: GetFileOptions): Promise<string> {
  const cached = await findCached(options);
  if (cached) return cached;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  let dir = join(options.cacheDir ?? kerasHome(), options.cacheSubdir ?? 'datasets');
  try {
    await mkdir(dir, { recursive: true });
  } catch {
    dir = join(tmpdir(), '.keras', options.cacheSubdir ?? 'datasets');
    await mkdir(dir, { recursive: true });
  }
  const target = join(dir, options.fname);
  const partial = `${target}.part-${randomBytes(4).toString('hex')}`;
  log(`Downloading data from ${options.origin}`);
  const fetchImpl = options.fetch ?? fetch;
  const file = await open(partial, 'w');
  try {
    // A closed network should fail fast rather than hang: 30 s for the server to answer.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error('no answer within 30 s')), 30_000);
    const response = await fetchImpl(options.origin, { signal: controller.signal }).finally(() => clearTimeout(timer));
    if (!response.ok || !response.body) {
      throw new DatasetError(`Downloading ${options.origin} failed: HTTP ${response.status} ${response.statusText}.`);
    }
    const total = Number(response.headers.get('content-length') ?? 0);
    const hash = createHash('sha256');
    let received = 0;
    let lastReport = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      hash.update(chunk);
      await file.write(chunk);
      received += chunk.length;
      const now = Date.now();
      if (total > 0 && process.stderr.isTTY && now - lastReport > 100) {
        lastReport = now;
        process.stderr.write(`\r${formatBytes(received)} / ${formatBytes(total)} (${((100 * received) / total).toFixed(0)}%)`);
      }
    }
    if (process.stderr.isTTY && total > 0) process.stderr.write('\n');
    if (total > 0 && received !== total) {
      throw new DatasetError(`Downloading ${options.origin} stopped after ${received} of ${total} bytes.`);
    }
    const digest = hash.digest('hex');
    if (options.fileHash && digest !== options.fileHash) {
      throw new DatasetError(
        `Incomplete or corrupted file detected: the sha256 of ${options.origin} is ${digest}, expected ${options.fileHash}.`,
      );
    }
    await file.close();
    await rename(partial, target);
    return target;
  } catch (e) {
    await file.close().catch(() => {});
    await rm(partial, { force: true });
    if (e instanceof DatasetError) throw e;
    throw new DatasetError(`Downloading ${options.origin} failed: ${(e as Error).message}`);
  }
}

function formatBytes(n: number): string {
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : `${(n / 1024).toFixed(0)} KB`;
}
