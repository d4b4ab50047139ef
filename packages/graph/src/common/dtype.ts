import { ValueError } from './errors.js';

/** The dtypes kfn tensors carry, spelled as Keras spells them. */
export type DType = 'float32' | 'float16' | 'bfloat16' | 'float64' | 'int32' | 'int64' | 'uint8' | 'int8' | 'bool' | 'string';

const DTYPES = new Set<string>(['float32', 'float16', 'bfloat16', 'float64', 'int32', 'int64', 'uint8', 'int8', 'bool', 'string']);

export function standardizeDtype(dtype: string | undefined | null, argName = 'dtype'): DType {
  if (dtype === undefined || dtype === null) return 'float32';
  if (!DTYPES.has(dtype)) {
    throw new ValueError(`Invalid dtype: ${argName}=${JSON.stringify(dtype)}. Expected one of ${[...DTYPES].join(', ')}.`);
  }
  return dtype as DType;
}

export function isFloatDtype(dtype: DType): boolean {
  return dtype.startsWith('float') || dtype === 'bfloat16';
}

export function isIntDtype(dtype: DType): boolean {
  return dtype.startsWith('int') || dtype.startsWith('uint');
}

/** Bytes per element, for summary byte counts. */
export function dtypeBits(dtype: DType): number {
  switch (dtype) {
    case 'float16':
    case 'bfloat16':
      return 16;
    case 'float64':
    case 'int64':
      return 64;
    case 'uint8':
    case 'int8':
    case 'bool':
      return 8;
    default:
      return 32;
  }
}
