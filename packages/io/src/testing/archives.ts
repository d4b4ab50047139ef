import { zipSync } from 'fflate';
import { readKerasArchive } from '../keras/keras-file.js';
import { pythonJson } from '../keras/python-json.js';
import { zipStored } from '../keras/zip.js';

const enc = new TextEncoder();

/** A `.keras` file with its config (or any member) changed: for bad-file tests. */
export function rebuildKeras(
  bytes: Uint8Array,
  change: { config?: (c: Record<string, unknown>) => unknown; weights?: Uint8Array | null; metadata?: string | null; dropConfig?: boolean },
): Uint8Array {
  const a = readKerasArchive(bytes);
  const members: [string, Uint8Array][] = [];
  if (change.metadata !== null) members.push(['metadata.json', enc.encode(change.metadata ?? pythonJson(a.metadata))]);
  if (!change.dropConfig) {
    const copy = structuredClone(a.config);
    const config = change.config ? (change.config(copy) ?? copy) : copy;
    members.push(['config.json', enc.encode(JSON.stringify(config))]);
  }
  if (change.weights !== null) members.push(['model.weights.h5', change.weights ?? a.weights]);
  return zipStored(members, new Date(2026, 0, 1));
}

/** A zip whose `config.json` is `size` zero bytes, deflated (a zip bomb in small). */
export function zeroBomb(size: number): Uint8Array {
  return zipSync({ 'config.json': [new Uint8Array(size), { level: 9 }] });
}

/** Sets the declared uncompressed size of every member in the central directory. */
export function lieAboutSizes(zip: Uint8Array, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let o = 0; o + 46 <= out.length; o++) {
    if (view.getUint32(o, true) === 0x02014b50) view.setUint32(o + 24, size, true);
  }
  return out;
}
