import { formatShape, type Layer, type SymbolicTensor } from '@kfn/graph';

/** What a node box shows, as Keras's `make_layer_label` decides it. */
export interface LabelOptions {
  showShapes: boolean;
  showDtype: boolean;
  showLayerNames: boolean;
  showLayerActivations: boolean;
  showTrainable: boolean;
}

/** One cell of the bottom row: a caption and a bold value (`Output shape: **(None, 64)**`). */
export interface LabelCell {
  kind: 'input-shape' | 'output-shape' | 'dtype' | 'trainable' | 'non-trainable';
  caption: string;
  value: string;
}

/** The content of one layer's box, independent of how it is drawn (DOT HTML or SVG). */
export interface LayerLabel {
  /** The layer name, or `null` when names are hidden (then the class is the bold title). */
  name: string | null;
  className: string;
  /** Keras's `colspan` of the title row: max(1, dtype + trainable + 2·shapes). */
  colspan: number;
  activation: string | null;
  cells: LabelCell[];
}

/** Python's repr of the shapes of a node's tensors: one tuple, or a list of tuples. */
export function formatTensorShapes(tensors: readonly SymbolicTensor[] | null): string {
  if (tensors === null) return '?';
  if (tensors.length === 1) return formatShape((tensors[0] as SymbolicTensor).shape);
  return `[${tensors.map((t) => formatShape(t.shape)).join(', ')}]`;
}

/** Python's repr of the dtypes: `float32`, or `['float32', 'int32']` for several outputs. */
export function formatTensorDtypes(tensors: readonly SymbolicTensor[] | null): string {
  if (tensors === null) return '?';
  if (tensors.length === 1) return (tensors[0] as SymbolicTensor).dtype;
  return `[${tensors.map((t) => `'${t.dtype}'`).join(', ')}]`;
}

/**
 * The activation's Keras name, for layers that have one (Dense, Conv, LSTM, Activation):
 * an `activation` property, else an `activation` key in the config. `null` otherwise.
 */
export function activationName(layer: Layer<unknown>): string | null {
  const own = (layer as unknown as { activation?: unknown }).activation;
  const value = own !== undefined ? own : layer.getConfig().activation;
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'function') return value.name;
  if (typeof value === 'object') {
    const o = value as { name?: unknown; config?: { name?: unknown }; class_name?: unknown };
    if (typeof o.name === 'string') return o.name;
    if (typeof o.config?.name === 'string') return o.config.name;
    if (typeof o.class_name === 'string') return o.class_name;
  }
  return String(value);
}

/** Keras's `make_layer_label` as data: which rows and cells a layer's box has. */
export function layerLabel(layer: Layer<unknown>, options: LabelOptions): LayerLabel {
  const colspan = Math.max(1, Number(options.showDtype) + Number(options.showTrainable) + (options.showShapes ? 2 : 0));
  // Keras reads `layer.input` / `layer.output`: the tensors of the layer's first call.
  const first = layer.inboundNodes[0];
  const inputs = first ? first.inputTensors : null;
  const outputs = first ? first.outputs : null;
  const cells: LabelCell[] = [];
  if (options.showShapes) {
    if (layer.className !== 'InputLayer') {
      cells.push({ kind: 'input-shape', caption: 'Input shape: ', value: formatTensorShapes(inputs) });
    }
    cells.push({ kind: 'output-shape', caption: 'Output shape: ', value: formatTensorShapes(outputs) });
  }
  if (options.showDtype) cells.push({ kind: 'dtype', caption: 'Output dtype: ', value: formatTensorDtypes(outputs) });
  if (options.showTrainable && layer.weights.length > 0) {
    cells.push(
      layer.trainable
        ? { kind: 'trainable', caption: '', value: 'Trainable' }
        : { kind: 'non-trainable', caption: '', value: 'Non-trainable' },
    );
  }
  return {
    name: options.showLayerNames ? layer.name : null,
    className: layer.className,
    colspan,
    activation: options.showLayerActivations ? activationName(layer) : null,
    cells,
  };
}

/** Escapes text for XML/HTML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`);
}

/** The label as Keras writes it for Graphviz: `<table …>…</table>` (the DOT `<…>` brackets not included). */
export function labelToHtml(label: LayerLabel): string {
  // Keras inserts names unescaped; escaping only changes names with <, > or &, which Graphviz would reject.
  const title = label.name === null
    ? `<b>${escapeXml(label.className)}</b>`
    : `<b>${escapeXml(label.name)}</b> (${escapeXml(label.className)})`;
  let html = '<table border="0" cellborder="1" bgcolor="black" cellpadding="10">';
  html += `<tr><td colspan="${label.colspan}" bgcolor="black"><font point-size="16" color="white">${title}</font></td></tr>`;
  if (label.activation !== null) {
    html += `<tr><td bgcolor="white" colspan="${label.colspan}"><font point-size="14">Activation: <b>${escapeXml(label.activation)}</b></font></td></tr>`;
  }
  const cells = label.cells.map((c) => {
    if (c.kind === 'trainable' || c.kind === 'non-trainable') {
      const bg = c.kind === 'trainable' ? 'forestgreen' : 'firebrick';
      return `<td bgcolor="${bg}"><font point-size="14" color="white"><b>${c.value}</b></font></td>`;
    }
    return `<td bgcolor="white"><font point-size="14">${c.caption}<b>${escapeXml(c.value)}</b></font></td>`;
  });
  if (cells.length > 0) html += `<tr>${cells.join('')}</tr>`;
  return `${html}</table>`;
}
