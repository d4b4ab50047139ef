import { unzipSync, zipSync } from 'fflate';
import { ModelFileError, messageOf } from '../errors.js';

/** Limits on what a zip may inflate to: the guard against zip bombs. */
export interface UnzipLimits {
  /** Total bytes all members may inflate to. Default 2 GiB. */
  maxUncompressedBytes?: number;
  /** Largest inflated/compressed ratio of a deflated member. Default 1000 (real weights compress < 2×). */
  maxCompressionRatio?: number;
}

const DEFAULT_MAX_BYTES = 2 ** 31;
const DEFAULT_MAX_RATIO = 1000;

/** Zips members, stored without compression and in the given order, as Keras writes `.keras` files. */
export function zipStored(members: readonly [string, Uint8Array][], mtime: Date): Uint8Array {
  const files: Record<string, [Uint8Array, { level: 0; mtime: Date }]> = {};
  for (const [name, data] of members) files[name] = [data, { level: 0, mtime }];
  return zipSync(files);
}

/**
 * Unzips in memory within `limits`: sizes are checked from the central directory before
 * anything is inflated, and every member's length and CRC-32 after.
 */
export function unzipChecked(bytes: Uint8Array, file: string | undefined, limits: UnzipLimits = {}): Map<string, Uint8Array> {
  const maxBytes = limits.maxUncompressedBytes ?? DEFAULT_MAX_BYTES;
  const maxRatio = limits.maxCompressionRatio ?? DEFAULT_MAX_RATIO;
  const where = file === undefined ? {} : { file };
  if (bytes.length < 22 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw new ModelFileError(where, 'this is not a zip archive (a .keras file is a zip); it does not start with "PK".');
  }
  const crcs = readCentralCrcs(bytes);
  const declared = new Map<string, number>();
  let total = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        const at = { ...where, member: f.name };
        total += f.originalSize;
        if (total > maxBytes) {
          throw new ModelFileError(at, `the archive inflates to more than ${maxBytes} bytes (zip bomb?); raise maxUncompressedBytes to load it.`);
        }
        if (f.compression !== 0 && f.originalSize > maxRatio * Math.max(f.size, 1) + 65536) {
          throw new ModelFileError(at, `the member inflates ${f.size} bytes to ${f.originalSize} (ratio over ${maxRatio}: zip bomb?).`);
        }
        declared.set(f.name, f.originalSize);
        return true;
      },
    });
  } catch (e) {
    if (e instanceof ModelFileError) throw e;
    throw new ModelFileError(where, `the zip archive is corrupt or truncated: ${messageOf(e)}`, { cause: e });
  }
  const out = new Map<string, Uint8Array>();
  for (const [name, data] of Object.entries(files)) {
    const at = { ...where, member: name };
    if (data.length !== declared.get(name)) {
      throw new ModelFileError(at, `the member holds ${data.length} bytes but the zip directory says ${declared.get(name)} (truncated or corrupt).`);
    }
    const crc = crcs.get(name);
    if (crc !== undefined && crc32(data) !== crc) throw new ModelFileError(at, 'the member fails its CRC-32 check (corrupt).');
    out.set(name, data);
  }
  return out;
}

/** Member name → CRC-32 from the central directory (plain zip; zip64 archives skip the check). */
function readCentralCrcs(d: Uint8Array): Map<string, number> {
  const crcs = new Map<string, number>();
  const view = new DataView(d.buffer, d.byteOffset, d.byteLength);
  let e = d.length - 22;
  while (e >= 0 && view.getUint32(e, true) !== 0x06054b50) {
    if (d.length - e > 65558) return crcs;
    e--;
  }
  if (e < 0) return crcs;
  const count = view.getUint16(e + 10, true);
  let o = view.getUint32(e + 16, true);
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i++) {
    if (o + 46 > d.length || view.getUint32(o, true) !== 0x02014b50) return crcs;
    const nameLength = view.getUint16(o + 28, true);
    const skip = nameLength + view.getUint16(o + 30, true) + view.getUint16(o + 32, true);
    if (o + 46 + nameLength > d.length) return crcs;
    crcs.set(decoder.decode(d.subarray(o + 46, o + 46 + nameLength)), view.getUint32(o + 16, true));
    o += 46 + skip;
  }
  return crcs;
}

let table: Uint32Array | null = null;

export function crc32(data: Uint8Array): number {
  if (table === null) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = (table[(crc ^ (data[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
