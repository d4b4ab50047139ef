import { unzipSync } from 'fflate';
import { DatasetError, type HostArray } from './host-array.js';
import { parseNpy } from './npy.js';

/** Inflated size allowed for one archive: MNIST is 55 MB; refuse zip bombs well before memory runs out. */
const MAX_INFLATED_BYTES = 512 * 1024 * 1024;

/** Reads an `.npz` archive (a zip of `.npy` files) into arrays keyed by name without `.npy`. */
export function parseNpz(bytes: Uint8Array, name = 'archive.npz'): Record<string, HostArray> {
  let total = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (file) => {
        total += file.originalSize;
        if (total > MAX_INFLATED_BYTES) {
          throw new DatasetError(`${name} inflates to more than ${MAX_INFLATED_BYTES} bytes; refusing it.`);
        }
        return file.name.endsWith('.npy');
      },
    });
  } catch (e) {
    if (e instanceof DatasetError) throw e;
    throw new DatasetError(`${name} is not a readable .npz (zip) archive: ${(e as Error).message}`);
  }
  const out: Record<string, HostArray> = {};
  for (const [member, data] of Object.entries(files)) out[member.replace(/\.npy$/, '')] = parseNpy(data, `${name}/${member}`);
  return out;
}
