import { ValueError } from '@kfn/graph';

/** Python's format spec: `[[fill]align][sign][0][width][,][.precision][type]`. */
const SPEC = /^(?:([\s\S])?([<>=^]))?([+\- ])?(0)?(\d+)?(,)?(?:\.(\d+))?([deEfFgG%s])?$/;

/** Python writes at least two exponent digits (`1e-07`); JavaScript one (`1e-7`). */
function pythonExponent(s: string): string {
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

function special(x: number, upper: boolean): string | null {
  if (Number.isNaN(x)) return upper ? 'NAN' : 'nan';
  if (!Number.isFinite(x)) return upper ? 'INF' : 'inf';
  return null;
}

/** Python's `repr(float)`: the shortest round-trip digits, fixed from 1e-4 to 1e16 (`1.0`, `0.0001`, `1e-05`). */
export function pythonFloat(x: number): string {
  const s = special(Math.abs(x), false);
  if (s !== null) return x < 0 ? `-${s}` : s;
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, expText] = Math.abs(x).toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const digits = mantissa.replace('.', '');
  const sign = x < 0 ? '-' : '';
  if (exp < -4 || exp >= 16) return `${sign}${pythonExponent(`${mantissa}e${exp < 0 ? '-' : '+'}${Math.abs(exp)}`)}`;
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const whole = digits.padEnd(exp + 1, '0');
  const frac = digits.slice(exp + 1);
  return `${sign}${whole.slice(0, exp + 1)}.${frac === '' ? '0' : frac}`;
}

function general(x: number, precision: number, upper: boolean): string {
  const p = precision === 0 ? 1 : precision;
  if (x === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(Number(x.toPrecision(p)))));
  const strip = (s: string) => (s.includes('.') ? s.replace(/\.?0+$/, '') : s);
  if (exp >= -4 && exp < p) return strip(x.toFixed(Math.max(0, p - 1 - exp)));
  const [mantissa, e] = x.toExponential(p - 1).split('e') as [string, string];
  const out = pythonExponent(`${strip(mantissa)}e${e}`);
  return upper ? out.toUpperCase() : out;
}

function formatNumber(x: number, type: string | undefined, precision: number | undefined, isInt: boolean, key: string): string {
  const upper = type === 'E' || type === 'F' || type === 'G';
  const sp = special(Math.abs(x), upper);
  switch (type) {
    case 'd':
      if (!Number.isInteger(x)) throw new ValueError(`Unknown format code 'd' for the float "${key}" (${x}); use {${key}:.4f}.`);
      return String(Math.abs(x));
    case 'f':
    case 'F':
      return sp ?? Math.abs(x).toFixed(precision ?? 6);
    case 'e':
    case 'E': {
      const s = sp ?? pythonExponent(Math.abs(x).toExponential(precision ?? 6));
      return upper ? s.toUpperCase() : s;
    }
    case 'g':
    case 'G':
      return sp ?? general(Math.abs(x), precision ?? 6, upper);
    case '%':
      return sp !== null ? `${sp}%` : `${(Math.abs(x) * 100).toFixed(precision ?? 6)}%`;
    default:
      if (precision !== undefined) return sp ?? general(Math.abs(x), precision, false);
      return isInt ? String(Math.abs(x)) : pythonFloat(Math.abs(x));
  }
}

function formatOne(key: string, value: number, spec: string, isInt: boolean): string {
  const m = SPEC.exec(spec);
  if (!m) throw new ValueError(`Invalid format specifier "${spec}" for "${key}".`);
  const [, fillChar, alignChar, sign, zero, widthText, comma, precisionText, type] = m;
  if (type === 's') throw new ValueError(`Unknown format code 's' for the number "${key}".`);
  let body = formatNumber(value, type, precisionText === undefined ? undefined : Number(precisionText), isInt, key);
  if (comma) body = body.replace(/^(\d+)/, (d) => d.replace(/\B(?=(\d{3})+(?!\d))/g, ','));
  const negative = value < 0 || Object.is(value, -0);
  const signText = negative ? '-' : sign === '+' ? '+' : sign === ' ' ? ' ' : '';
  const width = widthText === undefined ? 0 : Number(widthText);
  const fill = fillChar ?? (zero && !alignChar ? '0' : ' ');
  const align = alignChar ?? (zero ? '=' : '>');
  const pad = Math.max(0, width - signText.length - body.length);
  if (align === '=') return signText + fill.repeat(pad) + body;
  const text = signText + body;
  if (align === '<') return text + fill.repeat(pad);
  if (align === '^') return fill.repeat(Math.floor(pad / 2)) + text + fill.repeat(Math.ceil(pad / 2));
  return fill.repeat(pad) + text;
}

/**
 * Python's `str.format(**values)` for the numbers of a checkpoint's file name, as Keras's
 * `ModelCheckpoint` fills `model-{epoch:02d}-{val_loss:.2f}.keras`. Keys in `ints` are
 * integers (`epoch`, `batch`); the rest are floats, as Keras's logs are.
 */
export function formatFilepath(template: string, values: Readonly<Record<string, number>>, ints: readonly string[] = ['epoch', 'batch']): string {
  return template.replace(/\{\{|\}\}|\{([^{}:]*)(?::([^{}]*))?\}/g, (whole, key: string | undefined, spec: string | undefined) => {
    if (whole === '{{') return '{';
    if (whole === '}}') return '}';
    const name = key ?? '';
    const value = values[name];
    if (value === undefined) {
      throw new ValueError(
        `Failed to format this callback filepath: "${template}". Reason: no value named "${name}" (available: ${Object.keys(values).join(', ')}).`,
      );
    }
    return formatOne(name, value, spec ?? '', ints.includes(name));
  });
}
