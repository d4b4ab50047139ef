import { Dataset, File as H5File, Group, ready as h5ready } from 'h5wasm';
import { ModelFileError, messageOf, type FileLocation } from '../errors.js';

/**
 * A thin layer over h5wasm (HDF5's own C library compiled to WebAssembly, in Node and
 * browsers): files live in its in-memory file system only while they are read or written.
 */

export type H5DType = 'float32' | 'float64' | 'float16' | 'int8' | 'int16' | 'int32' | 'int64' | 'uint8' | 'uint16' | 'uint32' | 'uint64';

export interface H5DatasetInfo {
  path: string;
  shape: number[];
  dtype: H5DType;
  byteLength: number;
}

/** Host arrays as they are read from, or written to, a dataset. */
export type H5Array = Float32Array | Int32Array | Uint8Array;

type H5FS = Awaited<typeof h5ready>['FS'];

let loading: Promise<H5FS> | null = null;
let fs: H5FS | null = null;
let counter = 0;

async function module(): Promise<H5FS> {
  loading ??= h5ready.then((m) => {
    // Errors become exceptions instead of diagnostics printed to stderr.
    m.activate_throwing_error_handler();
    fs = m.FS;
    return m.FS;
  });
  return loading;
}

function memfs(): H5FS {
  if (fs === null) throw new Error('h5wasm is not loaded');
  return fs;
}

/** A fresh name in h5wasm's in-memory file system (loads may run concurrently). */
function tempName(): string {
  return `/kfn-${counter++}-${Math.random().toString(36).slice(2, 8)}.h5`;
}

function dtypeOf(meta: { type: number; size: number; signed: boolean }): H5DType | null {
  if (meta.type === 1) return meta.size === 4 ? 'float32' : meta.size === 8 ? 'float64' : meta.size === 2 ? 'float16' : null;
  if (meta.type !== 0) return null;
  const bits = meta.size * 8;
  if (![8, 16, 32, 64].includes(bits)) return null;
  return `${meta.signed ? 'int' : 'uint'}${bits}` as H5DType;
}

/** Reads groups, attributes and datasets of an HDF5 file held in memory. */
export class H5Reader {
  private constructor(
    private readonly file: H5File,
    private readonly fsPath: string,
    private readonly where: FileLocation,
  ) {}

  static async open(bytes: Uint8Array, where: FileLocation): Promise<H5Reader> {
    const FS = await module();
    // The HDF5 signature is at offset 0 in every file Keras or h5py writes (no user block).
    const signature = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
    if (bytes.length < 8 || signature.some((b, i) => bytes[i] !== b)) {
      throw new ModelFileError(where, 'this is not an HDF5 file (its first bytes are not the HDF5 signature).');
    }
    const fsPath = tempName();
    FS.writeFile(fsPath, bytes);
    try {
      return new H5Reader(new H5File(fsPath, 'r'), fsPath, where);
    } catch (e) {
      FS.unlink(fsPath);
      throw new ModelFileError(where, `HDF5 cannot open this file (corrupt or truncated): ${messageOf(e)}`, { cause: e });
    }
  }

  private fail(path: string, problem: string, cause?: unknown): never {
    throw new ModelFileError({ ...this.where, h5Path: path }, problem, cause === undefined ? undefined : { cause });
  }

  private guard<T>(path: string, what: string, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof ModelFileError) throw e;
      return this.fail(path, `${what}: ${messageOf(e)}`, e);
    }
  }

  /** 'group', 'dataset', null when absent; links and other objects are refused. */
  kind(path: string): 'group' | 'dataset' | null {
    return this.guard(path, 'cannot read the object', () => {
      const entity = this.file.get(path);
      if (entity === null) return null;
      if (entity instanceof Group) return 'group';
      if (entity instanceof Dataset) return 'dataset';
      // Nothing outside the file is followed: external links, soft links, named types.
      return this.fail(path, `expected a group or a dataset but found ${entity.constructor.name} (links are not followed).`);
    });
  }

  keys(path: string): string[] {
    return this.guard(path, 'cannot list the group', () => {
      const g = this.file.get(path);
      if (!(g instanceof Group)) return this.fail(path, 'expected a group.');
      return g.keys();
    });
  }

  /** A string attribute, or undefined. */
  attr(path: string, name: string): string | undefined {
    return this.guard(path, `cannot read attribute "${name}"`, () => {
      const obj = this.file.get(path);
      if (obj === null || !('attrs' in obj)) return undefined;
      const a = (obj.attrs as Record<string, { value: unknown }>)[name];
      return a === undefined ? undefined : String(a.value);
    });
  }

  info(path: string): H5DatasetInfo {
    return this.guard(path, 'cannot read the dataset header', () => {
      const d = this.file.get(path);
      if (!(d instanceof Dataset)) return this.fail(path, 'expected a dataset.');
      const meta = d.metadata;
      const dtype = dtypeOf(meta);
      if (dtype === null) return this.fail(path, `unsupported dataset type (HDF5 class ${meta.type}, ${meta.size} bytes); expected numbers.`);
      const shape = [...(meta.shape ?? [])];
      const count = shape.reduce((a, b) => a * b, 1);
      return { path, shape, dtype, byteLength: count * meta.size };
    });
  }

  /**
   * The values of a dataset as float32 or int32 (or uint8), after the caller checked its
   * header: reading is what costs memory, so it comes last.
   */
  read(path: string): H5Array {
    const info = this.info(path);
    return this.guard(path, 'cannot read the dataset', () => {
      const d = this.file.get(path) as Dataset;
      const v = d.value as unknown;
      const count = info.shape.reduce((a, b) => a * b, 1);
      const out = toHostArray(v, info.dtype);
      if (out === null || out.length !== count) return this.fail(path, `dataset holds unreadable data of type ${info.dtype}.`);
      return out;
    });
  }

  close(): void {
    try {
      this.file.close();
    } finally {
      memfs().unlink(this.fsPath);
    }
  }
}

function toHostArray(v: unknown, dtype: H5DType): H5Array | null {
  if (typeof v === 'number' || typeof v === 'bigint') v = [v];
  if (!(ArrayBuffer.isView(v) || Array.isArray(v))) return null;
  const arr = v as ArrayLike<number | bigint>;
  if (arr instanceof Float32Array || arr instanceof Int32Array || arr instanceof Uint8Array) return arr;
  if (dtype.startsWith('float')) return Float32Array.from(arr as ArrayLike<number>, Number);
  if (dtype === 'uint8') return Uint8Array.from(arr as ArrayLike<number>, Number);
  return Int32Array.from(arr as ArrayLike<number>, Number);
}

const H5_DTYPE: Record<string, string> = { float32: '<f', int32: '<i', uint8: '|u1', float64: '<d', int64: '<q' };

/** Builds an HDF5 file in memory: groups made on demand, string attributes, datasets. */
export class H5Writer {
  private readonly groups = new Set<string>(['']);

  private constructor(
    private readonly file: H5File,
    private readonly fsPath: string,
  ) {}

  static async create(): Promise<H5Writer> {
    await module();
    const fsPath = tempName();
    return new H5Writer(new H5File(fsPath, 'w'), fsPath);
  }

  /** Creates `path` and its parents (h5wasm does not), returning it. */
  group(path: string, attrs: Record<string, string> = {}): Group {
    const parts = path.split('/').filter((p) => p !== '');
    let current = '';
    for (const part of parts) {
      const next = current === '' ? part : `${current}/${part}`;
      if (!this.groups.has(next)) {
        this.file.create_group(next);
        this.groups.add(next);
      }
      current = next;
    }
    const g = (parts.length === 0 ? this.file : this.file.get(current)) as Group;
    for (const [k, v] of Object.entries(attrs)) g.create_attribute(k, v);
    return g;
  }

  dataset(groupPath: string, name: string, data: H5Array, shape: readonly number[], dtype: 'float32' | 'int32' | 'uint8'): void {
    const g = this.group(groupPath);
    const h5dtype = H5_DTYPE[dtype] as string;
    g.create_dataset({ name, data, shape: [...shape], dtype: h5dtype });
  }

  /** Closes the file and returns its bytes. */
  finish(): Uint8Array {
    const FS = memfs();
    try {
      this.file.close();
      return FS.readFile(this.fsPath) as Uint8Array;
    } finally {
      FS.unlink(this.fsPath);
    }
  }

  /** Drops an unfinished file. */
  abort(): void {
    try {
      this.file.close();
    } catch {
      // already closed
    }
    memfs().unlink(this.fsPath);
  }
}
