import { ValueError } from '@kfn/graph';
import { ModelFileError, messageOf } from '../errors.js';
import type { ModelIOHandler } from './io-handler.js';

/** The URL scheme of models kept in the browser's IndexedDB (tfjs's `indexeddb://` idea). */
export const INDEXEDDB_SCHEME = 'indexeddb://';
/** The database and object store kfn keeps models in (not tfjs's: tfjs stores artifacts, kfn `.keras` bytes). */
export const INDEXEDDB_DATABASE = 'kfn_models';
const STORE = 'models';

/** One stored model: the `.keras` file's bytes under a name. */
interface StoredModel {
  name: string;
  bytes: Uint8Array;
  dateSaved: string;
}

/** What `listIndexedDBModels` tells about a stored model. */
export interface IndexedDBModelInfo {
  name: string;
  byteLength: number;
  dateSaved: string;
}

function factoryOf(factory?: IDBFactory): IDBFactory {
  const f = factory ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!f) throw new ValueError('IndexedDB is not available here (it is a browser API); pass an IDBFactory to use another one.');
  return f;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function openDatabase(factory: IDBFactory): Promise<IDBDatabase> {
  const req = factory.open(INDEXEDDB_DATABASE, 1);
  req.onupgradeneeded = () => {
    if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE, { keyPath: 'name' });
  };
  return request(req);
}

/** Runs `fn` in one transaction; resolves when the transaction commits (all or nothing). */
async function transact<T>(factory: IDBFactory, mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDatabase(factory);
  try {
    const tx = db.transaction(STORE, mode);
    const result = request(fn(tx.objectStore(STORE)));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
    return await result;
  } finally {
    db.close();
  }
}

function nameOf(location: string): string {
  const name = location.startsWith(INDEXEDDB_SCHEME) ? location.slice(INDEXEDDB_SCHEME.length) : location;
  if (name === '') throw new ValueError(`An IndexedDB model needs a name: "${INDEXEDDB_SCHEME}my-model". Received: "${location}"`);
  return name;
}

/**
 * A model kept in the browser's IndexedDB as the bytes of its `.keras` file:
 * `saveModel(model, 'indexeddb://my-model')`, `loadModel('indexeddb://my-model')`.
 * A save is one transaction, so a failed one leaves the previous model whole.
 */
export class IndexedDBHandler implements ModelIOHandler {
  readonly location: string;
  /** What is stored: always a `.keras` file (the location has no extension to say so). */
  readonly format = 'keras' as const;
  readonly name: string;

  constructor(
    location: string,
    private readonly factory?: IDBFactory,
  ) {
    this.name = nameOf(location);
    this.location = `${INDEXEDDB_SCHEME}${this.name}`;
  }

  async read(sibling?: string): Promise<Uint8Array> {
    if (sibling !== undefined) throw new ModelFileError({ file: this.location, member: sibling }, 'IndexedDB models are single .keras files; they have no sibling files.');
    let found: StoredModel | undefined;
    try {
      found = await transact(factoryOf(this.factory), 'readonly', (s) => s.get(this.name) as IDBRequest<StoredModel | undefined>);
    } catch (e) {
      throw new ModelFileError({ file: this.location }, `cannot read IndexedDB: ${messageOf(e)}`, { cause: e });
    }
    if (found === undefined) throw new ModelFileError({ file: this.location }, `no model named "${this.name}" in IndexedDB (database "${INDEXEDDB_DATABASE}").`);
    return found.bytes instanceof Uint8Array ? found.bytes : new Uint8Array(found.bytes as ArrayBufferLike);
  }

  async write(main: Uint8Array, siblings: ReadonlyMap<string, Uint8Array>): Promise<void> {
    if (siblings.size > 0) {
      throw new ValueError(`IndexedDB keeps .keras files only; "${this.location}" cannot hold a layers-model with ${[...siblings.keys()].join(', ')}.`);
    }
    const record: StoredModel = { name: this.name, bytes: main.slice(), dateSaved: new Date().toISOString() };
    await transact(factoryOf(this.factory), 'readwrite', (s) => s.put(record));
  }
}

/** The models kept in IndexedDB (tfjs's `io.listModels` for this scheme). */
export async function listIndexedDBModels(factory?: IDBFactory): Promise<IndexedDBModelInfo[]> {
  const all = await transact(factoryOf(factory), 'readonly', (s) => s.getAll() as IDBRequest<StoredModel[]>);
  return all.map((m) => ({ name: m.name, byteLength: m.bytes.byteLength, dateSaved: m.dateSaved }));
}

/** Deletes a model from IndexedDB; returns whether it was there. */
export async function deleteIndexedDBModel(location: string, factory?: IDBFactory): Promise<boolean> {
  const name = nameOf(location);
  const f = factoryOf(factory);
  const count = await transact(f, 'readonly', (s) => s.count(name));
  if (count === 0) return false;
  await transact(f, 'readwrite', (s) => s.delete(name));
  return true;
}
