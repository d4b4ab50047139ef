import type { LabelCell, LayerLabel } from './label.js';
import { runsWidth, type TextRun } from './text/measure.js';

// Keras's label: 16 pt title, 14 pt cells, `cellpadding="10"`; sizes are in points (SVG user units).
export const TITLE_SIZE = 16;
export const CELL_SIZE = 14;
const PAD_X = 10;
const PAD_Y = 7;
/** The black frame around and between the white cells. */
const GAP = 2;
const LINE = 1.25;

export interface BoxCell {
  x: number;
  y: number;
  width: number;
  height: number;
  runs: TextRun[];
  fill: string;
  color: string;
  kind: LabelCell['kind'] | 'activation';
}

/** A layer's box, measured: positions are relative to its top-left corner. */
export interface LayerBox {
  width: number;
  height: number;
  title: { height: number; runs: TextRun[] };
  cells: BoxCell[];
}

const CELL_COLORS: Record<LabelCell['kind'], { fill: string; color: string }> = {
  'input-shape': { fill: 'white', color: 'black' },
  'output-shape': { fill: 'white', color: 'black' },
  dtype: { fill: 'white', color: 'black' },
  trainable: { fill: 'forestgreen', color: 'white' },
  'non-trainable': { fill: 'firebrick', color: 'white' },
};

function cellRuns(cell: LabelCell): TextRun[] {
  return cell.caption ? [{ text: cell.caption, bold: false }, { text: cell.value, bold: true }] : [{ text: cell.value, bold: true }];
}

export function titleRuns(label: LayerLabel): TextRun[] {
  return label.name === null
    ? [{ text: label.className, bold: true }]
    : [{ text: label.name, bold: true }, { text: ` (${label.className})`, bold: false }];
}

/**
 * Lays out one label like Graphviz draws Keras's HTML table: a black title bar, then an
 * optional full-width activation row, then one row of cells. Unlike Graphviz, a row with
 * fewer cells than the title's colspan still fills the box's width.
 */
export function measureLayerBox(label: LayerLabel): LayerBox {
  const title = titleRuns(label);
  const titleHeight = TITLE_SIZE * LINE + 2 * PAD_Y;
  const rowHeight = CELL_SIZE * LINE + 2 * PAD_Y;
  const activation: TextRun[] | null =
    label.activation === null ? null : [{ text: 'Activation: ', bold: false }, { text: label.activation, bold: true }];
  const cells = label.cells.map((c) => ({ cell: c, runs: cellRuns(c), width: runsWidth(cellRuns(c), CELL_SIZE) + 2 * PAD_X }));

  const cellsWidth = cells.reduce((w, c) => w + c.width, 0) + (cells.length + 1) * GAP;
  const width = Math.ceil(
    Math.max(
      runsWidth(title, TITLE_SIZE) + 2 * PAD_X + 2 * GAP,
      activation ? runsWidth(activation, CELL_SIZE) + 2 * PAD_X + 2 * GAP : 0,
      cells.length > 0 ? cellsWidth : 0,
    ),
  );

  const out: BoxCell[] = [];
  let y = titleHeight;
  if (activation) {
    out.push({ x: GAP, y, width: width - 2 * GAP, height: rowHeight, runs: activation, fill: 'white', color: 'black', kind: 'activation' });
    y += rowHeight + GAP;
  }
  if (cells.length > 0) {
    // Spread the spare width evenly so the row spans the box.
    const spare = (width - cellsWidth) / cells.length;
    let x = GAP;
    for (const c of cells) {
      const { fill, color } = CELL_COLORS[c.cell.kind];
      out.push({ x, y, width: c.width + spare, height: rowHeight, runs: c.runs, fill, color, kind: c.cell.kind });
      x += c.width + spare + GAP;
    }
    y += rowHeight + GAP;
  }
  return { width, height: out.length > 0 ? y : titleHeight, title: { height: titleHeight, runs: title }, cells: out };
}
