import { DatasetError, type HostArray } from './host-array.js';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/**
 * Reads a `.npy` array (numpy's format 1.0–3.0): little-endian numbers, C order.
 * int64 labels are narrowed to int32 (checked), since JavaScript has no int64 arrays.
 */
export function parseNpy(bytes: Uint8Array, name = 'array.npy'): HostArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new DatasetError(`${name} is not a .npy file (bad magic bytes).`);
  }
  const major = bytes[6] as number;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  const header = new TextDecoder().decode(bytes.subarray(headerStart, headerStart + headerLen));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shapeText === undefined) throw new DatasetError(`${name}: unreadable .npy header ${JSON.stringify(header)}.`);
  if (fortran === 'True') throw new DatasetError(`${name}: Fortran-ordered arrays are not supported.`);
  const shape = shapeText.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const offset = headerStart + headerLen;
  const body = bytes.subarray(offset);
  const need = (itemSize: number) => {
    if (body.length < count * itemSize) {
      throw new DatasetError(`${name}: expected ${count * itemSize} bytes of data for shape (${shape.join(', ')}), found ${body.length} (truncated file?).`);
    }
  };
  const aligned = (itemSize: number) => {
    need(itemSize);
    return body.slice(0, count * itemSize).buffer; // copy: guarantees alignment
  };
  switch (descr) {
    case '|u1':
    case '<u1':
      need(1);
      return { data: body.slice(0, count), shape, dtype: 'uint8' };
    case '|b1':
      need(1);
      return { data: body.slice(0, count), shape, dtype: 'bool' };
    case '<i4':
      return { data: new Int32Array(aligned(4)), shape, dtype: 'int32' };
    case '<f4':
      return { data: new Float32Array(aligned(4)), shape, dtype: 'float32' };
    case '<f8':
      return { data: new Float64Array(aligned(8)), shape, dtype: 'float64' };
    case '<i8': {
      const wide = new BigInt64Array(aligned(8));
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) {
        const v = wide[i] as bigint;
        if (v > 2147483647n || v < -2147483648n) throw new DatasetError(`${name}: int64 value ${v} does not fit in int32.`);
        out[i] = Number(v);
      }
      return { data: out, shape, dtype: 'int32' };
    }
    default:
      throw new DatasetError(`${name}: dtype ${descr} is not supported (expected uint8, bool, int32, int64, float32 or float64).`);
  }
}
