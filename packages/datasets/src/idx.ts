import { gunzipSync } from 'fflate';
import { DatasetError, type HostArray } from './host-array.js';

/** Reads an IDX file (MNIST's original format), gzipped or not: uint8 data only. */
export function parseIdx(bytes: Uint8Array, name = 'file.idx'): HostArray<Uint8Array> {
  let raw = bytes;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      raw = gunzipSync(bytes);
    } catch (e) {
      throw new DatasetError(`${name}: corrupt gzip data (${(e as Error).message}).`);
    }
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  if (raw.length < 4 || view.getUint16(0) !== 0 || raw[2] !== 0x08) {
    throw new DatasetError(`${name} is not an IDX file of unsigned bytes.`);
  }
  const rank = raw[3] as number;
  const shape: number[] = [];
  for (let i = 0; i < rank; i++) shape.push(view.getUint32(4 + 4 * i));
  const count = shape.reduce((a, b) => a * b, 1);
  const offset = 4 + 4 * rank;
  if (raw.length - offset < count) throw new DatasetError(`${name}: truncated (expected ${count} values).`);
  return { data: raw.slice(offset, offset + count), shape, dtype: 'uint8' };
}
