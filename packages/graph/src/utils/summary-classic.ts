import { ValueError } from '../common/errors.js';
import { formatShape } from '../common/shape.js';
import type { Layer } from '../engine/layer.js';
import {
  formatCount,
  isSequentialLike,
  layerConnections,
  layerRangeBounds,
  paramTotals,
  type SummarizableModel,
  type SummaryOptions,
} from './summary.js';

/**
 * The tf.keras 2 summary layout (`layer_utils.print_summary` before rich), as the guide's
 * older translations show it: `_` and `=` rules, width 65 (or 98 with "Connected to"),
 * cells cut to their column, raw parameter counts.
 */
export function classicSummary(model: SummarizableModel, options: SummaryOptions = {}): string {
  const sequentialLike = isSequentialLike(model);
  const lineLength = options.lineLength ?? (sequentialLike ? 65 : 98);
  let positions = [...(options.positions ?? (sequentialLike ? [0.45, 0.85, 1.0] : [0.33, 0.55, 0.67, 1.0]))];
  // As in tf.keras 2, positions up to 1 are fractions of the line, larger ones are absolute.
  if ((positions[positions.length - 1] ?? 0) <= 1) positions = positions.map((p) => Math.trunc(lineLength * p));
  const columns = sequentialLike ? 3 : 4;
  if (positions.length !== columns) {
    throw new ValueError(`summary(): positions must have ${columns} entries for this model. Received: positions=[${positions.join(', ')}]`);
  }

  const lines = [`Model: "${model.name}"`, '_'.repeat(lineLength)];
  const row = (fields: readonly string[]): void => {
    // tf.keras 2's print_row: each field starts at the previous position, the previous
    // field's last character turned into a space, then cut or padded to its position.
    let line = '';
    fields.forEach((field, i) => {
      if (i > 0) line = `${line.slice(0, -1)} `;
      line = (line + field).slice(0, positions[i] as number);
      line += ' '.repeat(Math.max(0, (positions[i] as number) - line.length));
    });
    lines.push(line);
  };
  row(sequentialLike ? ['Layer (type)', 'Output Shape', 'Param #'] : ['Layer (type)', 'Output Shape', 'Param #', 'Connected to']);
  lines.push('='.repeat(lineLength));

  const [start, end] = layerRangeBounds(model.layers, options.layerRange);
  const layers = model.layers.slice(start, end);
  layers.forEach((layer, i) => {
    const fields = [`${layer.name} (${layer.className})`, classicOutputShape(layer), String(layer.built ? layer.countParams() : 0)];
    if (sequentialLike) {
      row(fields);
    } else {
      const connections = layerConnections(layer, model.graph.nodes);
      row([...fields, connections[0] ?? '']);
      for (const more of connections.slice(1)) row(['', '', '', more]);
    }
    lines.push((i === layers.length - 1 ? '=' : '_').repeat(lineLength));
  });

  const t = paramTotals(model);
  lines.push(`Total params: ${formatCount(t.trainable + t.nonTrainable)}`);
  lines.push(`Trainable params: ${formatCount(t.trainable)}`);
  lines.push(`Non-trainable params: ${formatCount(t.nonTrainable)}`);
  lines.push('_'.repeat(lineLength));
  return `${lines.join('\n')}\n`;
}

/**
 * tf.keras 2's `layer.output_shape`: the shape shared by all the layer's calls, a list for
 * an InputLayer or several outputs, `multiple` when the calls differ.
 */
function classicOutputShape(layer: Layer<unknown>): string {
  const reprs = new Set(
    layer.inboundNodes.map((node) => {
      const shapes = node.outputs.map((t) => formatShape(t.shape));
      return node.isInput || shapes.length !== 1 ? `[${shapes.join(', ')}]` : (shapes[0] as string);
    }),
  );
  return reprs.size === 1 ? ([...reprs][0] as string) : 'multiple';
}
