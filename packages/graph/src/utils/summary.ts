import { dtypeBits, type DType } from '../common/dtype.js';
import { ValueError } from '../common/errors.js';
import type { Layer } from '../engine/layer.js';
import type { GraphMap } from '../engine/map-graph.js';
import type { Node } from '../engine/node.js';
import { renderRichTable, type Justify, type RichColumn } from './rich-table.js';
import { classicSummary } from './summary-classic.js';

/** Options of `model.summary()`: Keras's `print_summary` arguments, in camelCase. */
export interface SummaryOptions {
  /** Total width of the table. Default: 88, or 108 with the "Connected to" column (+12 with `showTrainable`). */
  lineLength?: number;
  /** Right edge of each column as a fraction of `lineLength`, e.g. `[0.45, 0.8, 1]`. */
  positions?: readonly number[];
  /** Receives the whole text once (ending in a newline, as Keras's captured output). Default: `console.log`. */
  printFn?: (text: string) => void;
  /** Also lists the layers of models used as layers, indented with `└`. */
  expandNested?: boolean;
  /** Adds a "Trainable" column: `Y`, `N`, or `-` for layers without weights. */
  showTrainable?: boolean;
  /** `[first, last]`: only the layers from the first whose name matches `first` (a regex, anchored at the start) to the last matching `last`. */
  layerRange?: readonly [string, string];
  /**
   * `'keras3'` (default): the rich table of Keras 3. `'classic'`: the tf.keras 2 text layout
   * (underscore and `=` rules), which ignores `expandNested` and `showTrainable`.
   */
  style?: SummaryStyle;
}

export type SummaryStyle = 'keras3' | 'classic';

/** What the summary reads from a model: a structural type, so `Model` need not be imported here. */
export interface SummarizableModel {
  readonly name: string;
  readonly layers: readonly Layer<unknown>[];
  readonly graph: GraphMap;
  readonly trainableWeights: readonly WeightLike[];
  readonly nonTrainableWeights: readonly WeightLike[];
  /** Set by `compile()`; read duck-typed. */
  readonly optimizer?: unknown;
}

export interface WeightLike {
  readonly shape: readonly number[];
  readonly dtype: DType | string;
}

/** Prints the summary (`printFn`, else `console.log`) and returns its text. */
export function printSummary(model: SummarizableModel, options: SummaryOptions = {}): string {
  const text = options.style === 'classic' ? classicSummary(model, options) : richSummary(model, options);
  if (options.printFn) options.printFn(text);
  else console.log(text.endsWith('\n') ? text.slice(0, -1) : text);
  return text;
}

/**
 * Keras's test for a plain stack of layers: every depth holds one node with one input
 * tensor, and no layer is used twice in the model. Otherwise the summary shows "Connected to".
 */
export function isSequentialLike(model: SummarizableModel): boolean {
  for (const nodes of model.graph.nodesByDepth.values()) {
    if (nodes.length > 1 || (nodes.length === 1 && (nodes[0] as Node).inputTensors.length > 1)) return false;
  }
  for (const layer of model.layers) {
    if (layer.inboundNodes.filter((n) => model.graph.nodes.has(n)).length > 1) return false;
  }
  return true;
}

/** Every input of every node of `layer` that belongs to the model: `inbound[nodeIndex][tensorIndex]`. */
export function layerConnections(layer: Layer<unknown>, modelNodes: ReadonlySet<Node>): string[] {
  const connections: string[] = [];
  for (const node of layer.inboundNodes) {
    if (!modelNodes.has(node)) continue;
    for (const t of node.inputTensors) {
      const h = t.history;
      if (h) connections.push(`${h.layer.name}[${h.nodeIndex}][${h.tensorIndex}]`);
    }
  }
  return connections;
}

/** `[start, end)` indices of the layers `layerRange` selects (Keras's `get_layer_index_bound_by_layer_name`). */
export function layerRangeBounds(layers: readonly Layer<unknown>[], layerRange?: readonly [string, string]): [number, number] {
  if (!layerRange) return [0, layers.length];
  if (layerRange.length !== 2 || typeof layerRange[0] !== 'string' || typeof layerRange[1] !== 'string') {
    throw new ValueError(`summary(): layerRange must be an array of 2 strings. Received: layerRange=${JSON.stringify(layerRange)}`);
  }
  // Python's re.match: anchored at the start only.
  const matching = (pattern: string): number[] => {
    const re = new RegExp(pattern, 'y');
    return layers.flatMap((l, i) => {
      re.lastIndex = 0;
      return re.test(l.name) ? [i] : [];
    });
  };
  const lower = matching(layerRange[0]);
  const upper = matching(layerRange[1]);
  if (lower.length === 0 || upper.length === 0) {
    throw new ValueError(
      `summary(): layerRange does not match the layer names in the model. Received: layerRange=${JSON.stringify(layerRange)}; ` +
        `layers are [${layers.map((l) => `'${l.name}'`).join(', ')}].`,
    );
  }
  const minLower = Math.min(...lower);
  const maxUpper = Math.max(...upper);
  if (minLower > maxUpper) return [Math.min(...upper), Math.max(...lower) + 1];
  return [minLower, maxUpper + 1];
}

/** Python's `f"{n:,}"`. */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function weightCount(weights: readonly WeightLike[]): number {
  return weights.reduce((n, w) => n + w.shape.reduce((a, d) => a * d, 1), 0);
}

/** Bytes of the distinct weights (`weight_memory_size`). */
function weightBytes(weights: readonly WeightLike[]): number {
  let bits = 0;
  for (const w of new Set(weights)) bits += w.shape.reduce((a, d) => a * d, 1) * dtypeBits(w.dtype as DType);
  return bits / 8;
}

/** Python's `"{:.2f}".format(x)`: ties at the third decimal go to the even digit, unlike `toFixed`. */
function formatFixed2(x: number): string {
  const eighths = x * 8;
  // Byte sizes are dyadic, so a tie at two decimals is exactly an odd number of eighths.
  if (Number.isInteger(eighths) && eighths % 2 !== 0 && Math.abs(x) < 2 ** 40) {
    const scaled = Math.floor(x * 100);
    const cents = scaled % 2 === 0 ? scaled : scaled + 1;
    return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
  }
  return x.toFixed(2);
}

/** `readable_memory_size`: `215.04 KB`. */
export function readableBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let size = bytes;
  for (const unit of units) {
    if (size / 1024 < 1) return `${formatFixed2(size)} ${unit}`;
    size /= 1024;
  }
  return `${formatFixed2(size)} PB`;
}

/** The optimizer's variables when it is built (duck-typed: the optimizer lives in the training package). */
function optimizerVariables(model: SummarizableModel): WeightLike[] | null {
  const opt = model.optimizer as { built?: unknown; variables?: unknown } | null | undefined;
  if (!opt || typeof opt !== 'object' || !Array.isArray(opt.variables)) return null;
  const vars = opt.variables as WeightLike[];
  if (opt.built === false || (opt.built === undefined && vars.length === 0)) return null;
  return vars;
}

export interface ParamTotals {
  trainable: number;
  nonTrainable: number;
  trainableBytes: number;
  nonTrainableBytes: number;
  optimizer: { count: number; bytes: number } | null;
}

export function paramTotals(model: SummarizableModel): ParamTotals {
  const vars = optimizerVariables(model);
  return {
    trainable: weightCount(model.trainableWeights),
    nonTrainable: weightCount(model.nonTrainableWeights),
    trainableBytes: weightBytes(model.trainableWeights),
    nonTrainableBytes: weightBytes(model.nonTrainableWeights),
    optimizer: vars ? { count: weightCount(vars), bytes: weightBytes(vars) } : null,
  };
}

/** Keras 3's Output Shape cell: the last node's outputs, `(None, 784)` or `[(None, 4), (None, 1)]`. */
export function formatLayerShape(layer: Layer<unknown>): string {
  const format = (shape: readonly (number | null)[]): string => `(${shape.map((d) => (d === null ? 'None' : String(d))).join(', ')})`;
  const last = layer.inboundNodes[layer.inboundNodes.length - 1];
  let shapes: string[];
  if (last) {
    shapes = last.outputs.map((t) => format(t.shape));
  } else if (layer.buildInputShape !== null) {
    try {
      const out = layer.computeOutputShape(layer.buildInputShape);
      const many = out.length > 0 && Array.isArray(out[0]);
      shapes = many ? (out as readonly (readonly (number | null)[])[]).map(format) : [format(out as readonly (number | null)[])];
    } catch {
      return '?';
    }
  } else {
    return '?';
  }
  return shapes.length === 1 ? (shapes[0] as string) : `[${shapes.join(', ')}]`;
}

function nestedLayers(layer: Layer<unknown>): readonly Layer<unknown>[] {
  const layers = (layer as { layers?: unknown }).layers;
  return Array.isArray(layers) ? (layers as Layer<unknown>[]) : [];
}

/** Keras 3's `print_summary`, as captured with a `print_fn`: the title, the rich table and the footer. */
export function richSummary(model: SummarizableModel, options: SummaryOptions = {}): string {
  const sequentialLike = isSequentialLike(model);
  let lineLength = sequentialLike ? 88 : 108;
  let positions = options.positions ?? (sequentialLike ? [0.45, 0.8, 1.0] : [0.3, 0.56, 0.74, 1.0]);
  const header = sequentialLike ? ['Layer (type)', 'Output Shape', 'Param #'] : ['Layer (type)', 'Output Shape', 'Param #', 'Connected to'];
  const justify: Justify[] = sequentialLike ? ['left', 'left', 'right'] : ['left', 'left', 'right', 'left'];
  if (options.showTrainable) {
    lineLength += 12;
    positions = [...positions.map((p) => p * 0.9), 1.0];
    header.push('Trainable');
    justify.push('center');
  }
  // Keras also narrows the default to the terminal; only when printing to one here, so captured text is stable.
  if (!options.printFn) lineLength = Math.min(lineLength, terminalColumns() - 4);
  lineLength = options.lineLength ?? lineLength;

  if (positions.length !== header.length) {
    throw new ValueError(
      `summary(): positions must have ${header.length} entries for the columns [${header.join(', ')}]. ` +
        `Received: positions=[${options.positions?.join(', ') ?? ''}]`,
    );
  }
  const columns: RichColumn[] = [];
  let current = 0;
  positions.forEach((pos, i) => {
    const width = Math.trunc(pos * lineLength) - current;
    if (width < 4) {
      throw new ValueError(
        `summary(): insufficient width to print the summary: column ${i} would be ${width} characters wide ` +
          `(lineLength=${lineLength}, positions=[${positions.join(', ')}]); expected at least 4.`,
      );
    }
    columns.push({ header: header[i] ?? '', justify: justify[i] ?? 'left', width });
    current += width;
  });

  const rowOf = (layer: Layer<unknown>, prefix: string): string[] => {
    const params = layer.built ? formatCount(layer.countParams()) : '0 (unbuilt)';
    const row = [`${prefix}${layer.name} (${layer.className})`, formatLayerShape(layer), params];
    if (!sequentialLike) row.push(layerConnections(layer, model.graph.nodes).join(', ') || '-');
    if (options.showTrainable) row.push(layer.weights.length > 0 ? (layer.trainable ? 'Y' : 'N') : '-');
    return row;
  };
  const rows: string[][] = [];
  const addLayer = (layer: Layer<unknown>, level: number): void => {
    rows.push(rowOf(layer, level ? `${'   '.repeat(level)}└ ` : ''));
    if (options.expandNested) for (const inner of nestedLayers(layer)) addLayer(inner, level + 1);
  };
  const [start, end] = layerRangeBounds(model.layers, options.layerRange);
  for (const layer of model.layers.slice(start, end)) addLayer(layer, 0);

  const t = paramTotals(model);
  const opt = t.optimizer;
  const lines = [`Model: "${model.name}"`, ...renderRichTable(columns, rows, lineLength)];
  const total = t.trainable + t.nonTrainable + (opt?.count ?? 0);
  const totalBytes = t.trainableBytes + t.nonTrainableBytes + (opt?.bytes ?? 0);
  lines.push(` Total params: ${formatCount(total)} (${readableBytes(totalBytes)})`);
  lines.push(` Trainable params: ${formatCount(t.trainable)} (${readableBytes(t.trainableBytes)})`);
  lines.push(` Non-trainable params: ${formatCount(t.nonTrainable)} (${readableBytes(t.nonTrainableBytes)})`);
  if (opt) lines.push(` Optimizer params: ${formatCount(opt.count)} (${readableBytes(opt.bytes)})`);
  return `${lines.join('\n')}\n`;
}

/** The width of the terminal being printed to, if any (Node); unbounded otherwise. */
function terminalColumns(): number {
  const stdout = (globalThis as { process?: { stdout?: { isTTY?: boolean; columns?: number } } }).process?.stdout;
  return stdout?.isTTY && typeof stdout.columns === 'number' && stdout.columns > 0 ? stdout.columns : Infinity;
}
