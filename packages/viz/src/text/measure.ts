import { DEJAVU_SANS, DEJAVU_SANS_BOLD } from './dejavu-metrics.js';

/** The font the plots name first and are measured with; the PNG writer ships it. */
export const FONT_FAMILY = "'DejaVu Sans', Verdana, Helvetica, Arial, sans-serif";

// Characters outside printable ASCII: the width of a wide letter, so boxes never come out short.
const FALLBACK_EM = 0.75;

/**
 * Width of `text` in user units at `size`, from DejaVu Sans's advance widths (no DOM, so the
 * same number in Node and browsers). DejaVu is wider than Helvetica/Arial, so text drawn with
 * a fallback font still fits.
 */
export function textWidth(text: string, size: number, bold = false): number {
  const table = bold ? DEJAVU_SANS_BOLD : DEJAVU_SANS;
  let em = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    em += code >= 32 && code < 127 ? (table[code - 32] as number) : FALLBACK_EM;
  }
  return em * size;
}

/** A run of text in one weight, part of a line. */
export interface TextRun {
  text: string;
  bold: boolean;
}

export function runsWidth(runs: readonly TextRun[], size: number): number {
  return runs.reduce((w, r) => w + textWidth(r.text, size, r.bold), 0);
}
