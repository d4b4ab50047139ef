/**
 * The part of Python `rich` that Keras 3's `model.summary()` uses: a `Table` with fixed-width
 * columns, `box.HEAVY_HEAD` borders, `show_lines=True`, padding of one space, and cells that
 * wrap at spaces with `overflow="ellipsis"`, rendered without colours. The algorithms follow
 * rich 13 (`table.py`, `text.py`, `_wrap.py`, `_ratio.py`) so that widths, wraps and cuts
 * come out byte for byte as Keras prints them.
 */

export type Justify = 'left' | 'center' | 'right';

export interface RichColumn {
  header: string;
  justify: Justify;
  /** The column's text width before rich shrinks the table to fit: Keras's `Column(width=...)`. */
  width: number;
}

// box.HEAVY_HEAD: top, header row, header separator, body row, row separator, bottom.
const BOX = {
  top: ['┏', '━', '┳', '┓'],
  head: ['┃', '┃', '┃'],
  headRow: ['┡', '━', '╇', '┩'],
  mid: ['│', '│', '│'],
  row: ['├', '─', '┼', '┤'],
  bottom: ['└', '─', '┴', '┘'],
} as const;

/** Python's `round()`: halves go to the even neighbour. */
export function pythonRound(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff < 0.5) return floor;
  if (diff > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Terminal cells one character takes: 2 for East Asian wide characters, else 1 (rich's `cell_len`). */
function charCells(cp: number): number {
  const wide =
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd);
  return wide ? 2 : 1;
}

export function cellLength(text: string): number {
  let n = 0;
  for (const ch of text) n += charCells(ch.codePointAt(0) as number);
  return n;
}

/** Cuts or pads `text` to exactly `width` cells (rich's `set_cell_size`). */
function setCellSize(text: string, width: number): string {
  let out = '';
  let n = 0;
  for (const ch of text) {
    const w = charCells(ch.codePointAt(0) as number);
    if (n + w > width) break;
    out += ch;
    n += w;
  }
  return out + ' '.repeat(Math.max(0, width - n));
}

/** rich's `Text.truncate` with `overflow="ellipsis"`. */
function truncate(line: string, width: number, pad: boolean): string {
  const length = cellLength(line);
  if (length > width) return width > 0 ? setCellSize(line, width - 1) + '…' : '';
  return pad ? line + ' '.repeat(width - length) : line;
}

/** rich's `divide_line` without folding: offsets where a new line starts. */
function divideLine(text: string, width: number): number[] {
  const breaks: number[] = [];
  let offset = 0;
  // A word is its leading spaces, the word and its trailing spaces (`\s*\S+\s*`).
  for (const match of text.matchAll(/\s*\S+\s*/g)) {
    const start = match.index;
    const word = match[0];
    const wordLength = cellLength(word.trimEnd());
    if (width - offset >= wordLength) {
      offset += cellLength(word);
    } else if (wordLength > width) {
      // Too long for any line: it gets its own line and is cut with "…" later.
      if (start) breaks.push(start);
      offset = cellLength(word);
    } else if (offset && start) {
      breaks.push(start);
      offset = cellLength(word);
    }
  }
  return breaks;
}

/** Removes up to `excess` trailing spaces from a line longer than `size` (`Text.rstrip_end`). */
function rstripEnd(line: string, size: number): string {
  const length = line.length;
  if (length <= size) return line;
  const trailing = length - line.trimEnd().length;
  return line.slice(0, length - Math.min(trailing, length - size));
}

/** Wraps one cell's text to `width` cells and justifies every line to exactly that width (`Text.wrap`). */
export function wrapText(text: string, width: number, justify: Justify): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    const offsets = divideLine(paragraph, width);
    const bounds = [0, ...offsets, paragraph.length];
    for (let i = 0; i + 1 < bounds.length; i++) {
      let line = rstripEnd(paragraph.slice(bounds[i], bounds[i + 1]), width);
      if (justify === 'left') {
        line = truncate(line, width, true);
      } else {
        line = truncate(line.trimEnd(), width, false);
        const free = width - cellLength(line);
        line = justify === 'right' ? ' '.repeat(free) + line : ' '.repeat(Math.floor(free / 2)) + line;
        line += ' '.repeat(width - cellLength(line));
      }
      lines.push(line);
    }
  }
  return lines;
}

/** rich's `ratio_reduce`: takes `total` cells away, in proportion to `ratios`, capped by `maximums`. */
function ratioReduce(total: number, ratios: number[], maximums: number[], values: number[]): number[] {
  const rs = ratios.map((r, i) => (maximums[i] ? r : 0));
  let totalRatio = rs.reduce((a, b) => a + b, 0);
  if (!totalRatio) return [...values];
  let remaining = total;
  return values.map((value, i) => {
    const ratio = rs[i] as number;
    if (!ratio || totalRatio <= 0) return value;
    const distributed = Math.min(maximums[i] as number, pythonRound((ratio * remaining) / totalRatio));
    remaining -= distributed;
    totalRatio -= ratio;
    return value - distributed;
  });
}

/** rich's `ratio_distribute`: shares `total` extra cells in proportion to `ratios`. */
function ratioDistribute(total: number, ratios: number[]): number[] {
  let totalRatio = ratios.reduce((a, b) => a + b, 0);
  let remaining = total;
  return ratios.map((ratio) => {
    const distributed = totalRatio > 0 ? Math.ceil((ratio * remaining) / totalRatio) : remaining;
    totalRatio -= ratio;
    remaining -= distributed;
    return distributed;
  });
}

/**
 * The rendered width of each column including its padding (`Table._calculate_column_widths`
 * for fixed-width columns in a table of fixed `width`, which rich always expands to fill).
 */
export function columnWidths(columns: readonly RichColumn[], tableWidth: number): number[] {
  const maxWidth = tableWidth - (columns.length + 1);
  let widths = columns.map((c) => Math.max(0, Math.min(c.width + 2, maxWidth)));
  let total = widths.reduce((a, b) => a + b, 0);
  if (total > maxWidth) {
    // Fixed-width columns cannot wrap, so rich's last resort applies: reduce all evenly.
    widths = ratioReduce(total - maxWidth, widths.map(() => 1), widths, widths);
    total = widths.reduce((a, b) => a + b, 0);
  }
  if (total < maxWidth && total > 0) {
    const pads = ratioDistribute(maxWidth - total, widths);
    widths = widths.map((w, i) => w + (pads[i] as number));
  }
  return widths;
}

function rule(parts: readonly string[], widths: readonly number[]): string {
  const [left, fill, divider, right] = parts as [string, string, string, string];
  return left + widths.map((w) => fill.repeat(w)).join(divider) + right;
}

function renderRow(
  cells: readonly string[],
  columns: readonly RichColumn[],
  widths: readonly number[],
  edges: readonly string[],
  alignBottom: boolean,
): string[] {
  const rendered = cells.map((cell, i) => {
    const width = widths[i] as number;
    const textWidth = width - 2;
    if (textWidth < 1) return [' '.repeat(width)];
    return wrapText(cell, textWidth, (columns[i] as RichColumn).justify).map((l) => ` ${l} `);
  });
  const height = Math.max(...rendered.map((r) => r.length));
  const [left, divider, right] = edges as [string, string, string];
  const lines: string[] = [];
  for (let row = 0; row < height; row++) {
    // Rich aligns header cells to the bottom of the row, body cells to the top.
    const parts = rendered.map((r, i) => r[alignBottom ? row - (height - r.length) : row] ?? ' '.repeat(widths[i] as number));
    lines.push(left + parts.join(divider) + right);
  }
  return lines;
}

/**
 * Renders `rich.table.Table(*columns, width=tableWidth, show_lines=True)` as plain text,
 * one string per output line.
 */
export function renderRichTable(columns: readonly RichColumn[], rows: readonly (readonly string[])[], tableWidth: number): string[] {
  const widths = columnWidths(columns, tableWidth);
  const lines = [rule(BOX.top, widths)];
  const headers = columns.map((c) => c.header);
  lines.push(...renderRow(headers, columns, widths, BOX.head, true));
  lines.push(rule(BOX.headRow, widths));
  rows.forEach((row, i) => {
    if (i > 0) lines.push(rule(BOX.row, widths));
    lines.push(...renderRow(row, columns, widths, BOX.mid, false));
  });
  lines.push(rule(BOX.bottom, widths));
  return lines;
}
