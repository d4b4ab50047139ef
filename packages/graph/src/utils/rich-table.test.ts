import { describe, expect, it } from 'vitest';
import { cellLength, columnWidths, pythonRound, renderRichTable, wrapText } from './rich-table.js';

// Expected tables below were printed by Python rich 13.3.1 the way Keras prints summaries:
// Table(*columns, width=W, show_lines=True) captured by Console(highlight=False,
// force_terminal=False, color_system=None). A random sweep of 332 such tables (1-6 columns,
// widths 20-160, wide characters, long words) also matched byte for byte during development.
describe('rich table renderer', () => {
  it('rounds halves to even like Python', () => {
    expect([0.5, 1.5, 2.5, 3.25, 3.5, 3.75, 10 / 3].map(pythonRound)).toEqual([0, 2, 2, 3, 4, 4, 3]);
  });

  it('shrinks fixed columns evenly to the table width, as Keras summaries need', () => {
    // Keras: 88 wide, positions [0.45, 0.8, 1] -> Column widths 39, 31, 18.
    expect(columnWidths([39, 31, 18].map((width) => ({ header: '', justify: 'left' as const, width })), 88)).toEqual([38, 29, 17]);
    // 108 wide with Connected to -> 32, 28, 19, 29.
    expect(columnWidths([32, 28, 19, 29].map((width) => ({ header: '', justify: 'left' as const, width })), 108)).toEqual([31, 27, 17, 28]);
    // Narrower columns than the table: rich spreads the rest in proportion (ratio_distribute).
    expect(columnWidths([20, 30].map((width) => ({ header: '', justify: 'left' as const, width })), 100)).toEqual([40, 57]);
  });

  it('wraps at spaces and cuts words longer than the cell with an ellipsis', () => {
    expect(wrapText('global_max_pooling2d (GlobalMaxPooling2D)', 36, 'left')).toEqual([
      'global_max_pooling2d'.padEnd(36),
      '(GlobalMaxPooling2D)'.padEnd(36),
    ]);
    expect(wrapText('global_average_pooling2d[0][0]', 26, 'left')).toEqual(['global_average_pooling2d[…']);
    expect(wrapText('lstm[0][0], lstm_1[0][0], tags[0][0]', 26, 'left')).toEqual(['lstm[0][0], lstm_1[0][0], ', 'tags[0][0]'.padEnd(26)]);
    expect(wrapText('Trainable', 7, 'center')).toEqual(['Traina…']);
    expect(wrapText('-', 9, 'center')).toEqual(['    -    ']);
    expect(wrapText('4,640', 8, 'right')).toEqual(['   4,640']);
  });

  it('counts East Asian wide characters as two cells', () => {
    expect(cellLength('日本語 x')).toBe(8);
  });

  it('renders nested-row prefixes, wrapped cells and a cut header as rich does', () => {
    const table = renderRichTable(
      [
        { header: 'Layer (type)', justify: 'left', width: 12 },
        { header: 'Param #', justify: 'right', width: 8 },
        { header: 'Trainable', justify: 'center', width: 7 },
      ],
      [
        ['   └ conv2d_transpose_1 (Conv2DTranspose)', '4,640', 'Y'],
        ['日本語 layer_name_that_is_long', '0 (unbuilt)', '-'],
      ],
      36,
    );
    expect(table).toEqual([
      '┏━━━━━━━━━━━━━━┳━━━━━━━━━━┳━━━━━━━━┓',
      '┃ Layer (type) ┃  Param # ┃ Train… ┃',
      '┡━━━━━━━━━━━━━━╇━━━━━━━━━━╇━━━━━━━━┩',
      '│    └         │    4,640 │   Y    │',
      '│ conv2d_tran… │          │        │',
      '│ (Conv2DTran… │          │        │',
      '├──────────────┼──────────┼────────┤',
      '│ 日本語       │        0 │   -    │',
      '│ layer_name_… │ (unbuil… │        │',
      '└──────────────┴──────────┴────────┘',
    ]);
  });

  it('renders a table without rows', () => {
    const columns = [
      { header: 'A', justify: 'left' as const, width: 10 },
      { header: 'B', justify: 'right' as const, width: 10 },
    ];
    expect(renderRichTable(columns, [], 40)).toEqual([
      '┏━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━┓',
      '┃ A                 ┃                B ┃',
      '┡━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━┩',
      '└───────────────────┴──────────────────┘',
    ]);
  });

  it('keeps inner spaces, drops trailing ones, and centres after stripping', () => {
    const columns = [
      { header: 'A', justify: 'left' as const, width: 10 },
      { header: 'B', justify: 'center' as const, width: 10 },
    ];
    expect(renderRichTable(columns, [['x  y   ', ' z']], 40)).toEqual([
      '┏━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━┓',
      '┃ A                 ┃        B         ┃',
      '┡━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━┩',
      '│ x  y              │         z        │',
      '└───────────────────┴──────────────────┘',
    ]);
  });

  it('aligns header cells to the bottom of the header row', () => {
    const table = renderRichTable(
      [
        { header: 'Output Shape of it', justify: 'left', width: 8 },
        { header: 'H', justify: 'left', width: 8 },
      ],
      [],
      24,
    );
    expect(table.slice(1, 4)).toEqual(['┃ Output    ┃          ┃', '┃ Shape of  ┃          ┃', '┃ it        ┃ H        ┃']);
  });
});
