/// <reference path="./d3-shape.d.ts" />
import { curveBasis, line } from 'd3-shape';
import { escapeXml } from './label.js';
import { CELL_SIZE, TITLE_SIZE, type LayerBox } from './layer-box.js';
import type { GraphLayout, PlacedCluster, PlacedEdge, PlacedNode, Point } from './layout.js';
import { FONT_FAMILY, type TextRun } from './text/measure.js';

const ARROW_LENGTH = 10;
const ARROW_HALF_WIDTH = 4.5;
const EDGE_WIDTH = 2;

const n = (v: number): string => String(Math.round(v * 100) / 100);
const attr = (name: string, value: string | number): string => ` ${name}="${escapeXml(String(value))}"`;

/** One line of text centred in a box: bold runs as tspans, whitespace kept. */
function textLine(runs: readonly TextRun[], cx: number, cy: number, size: number, color: string): string {
  const body = runs.map((r) => (r.bold ? `<tspan font-weight="bold">${escapeXml(r.text)}</tspan>` : escapeXml(r.text))).join('');
  // 0.35 em below the centre puts the middle of lower-case letters on the centre line.
  return `<text${attr('x', n(cx))}${attr('y', n(cy + size * 0.35))}${attr('font-size', size)}${attr('fill', color)} text-anchor="middle" xml:space="preserve">${body}</text>`;
}

function boxSvg(box: LayerBox): string {
  const parts = [`<rect width="${n(box.width)}" height="${n(box.height)}" fill="black"/>`];
  parts.push(textLine(box.title.runs, box.width / 2, box.title.height / 2, TITLE_SIZE, 'white'));
  for (const c of box.cells) {
    parts.push(
      `<rect class="kfn-cell"${attr('data-kind', c.kind)} x="${n(c.x)}" y="${n(c.y)}" width="${n(c.width)}" height="${n(c.height)}"${attr('fill', c.fill)}/>`,
      textLine(c.runs, c.x + c.width / 2, c.y + c.height / 2, CELL_SIZE, c.color),
    );
  }
  return parts.join('');
}

function nodeSvg(p: PlacedNode): string {
  const { layer, path, id } = p.node;
  // Data attributes are the hooks for interactivity (hover for the config, click to expand).
  const data =
    attr('data-id', id) +
    attr('data-layer', layer.name) +
    attr('data-class', layer.className) +
    attr('data-path', path.join('/')) +
    attr('data-params', layer.countParams()) +
    attr('data-trainable', String(layer.trainable));
  return `<g class="kfn-layer"${data} transform="translate(${n(p.x)},${n(p.y)})"><title>${escapeXml(`${layer.name} (${layer.className})`)}</title>${boxSvg(p.box)}</g>`;
}

/** Moves `to` back towards `from` by `by`. */
function pullBack(from: Point, to: Point, by: number): Point {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const len = Math.hypot(dx, dy) || 1;
  return { x: to.x - (dx / len) * by, y: to.y - (dy / len) * by };
}

const curve = line<Point>()
  .x((p) => p.x)
  .y((p) => p.y)
  .curve(curveBasis);

/**
 * An edge as a smooth curve through dagre's points, ending where an arrowhead starts; the
 * arrowhead is a triangle whose tip touches the target box, so neither crosses into it.
 */
function edgeSvg(e: PlacedEdge): string {
  const pts = e.points;
  if (pts.length < 2) return '';
  const tip = pts[pts.length - 1] as Point;
  const before = pts[pts.length - 2] as Point;
  const base = pullBack(before, tip, ARROW_LENGTH);
  const d = curve([...pts.slice(0, -1), base]) ?? '';
  const dx = (tip.x - base.x) / ARROW_LENGTH;
  const dy = (tip.y - base.y) / ARROW_LENGTH;
  const left = { x: base.x - dy * ARROW_HALF_WIDTH, y: base.y + dx * ARROW_HALF_WIDTH };
  const right = { x: base.x + dy * ARROW_HALF_WIDTH, y: base.y - dx * ARROW_HALF_WIDTH };
  const arrow = `M${n(tip.x)},${n(tip.y)}L${n(left.x)},${n(left.y)}L${n(right.x)},${n(right.y)}Z`;
  return (
    `<g class="kfn-edge"${attr('data-from', e.from)}${attr('data-to', e.to)}>` +
    `<path d="${d}" fill="none" stroke="black" stroke-width="${EDGE_WIDTH}"/><path d="${arrow}" fill="black"/></g>`
  );
}

function clusterSvg(c: PlacedCluster): string {
  const model = c.cluster.model;
  return (
    `<g class="kfn-cluster"${attr('data-id', c.cluster.id)}${attr('data-model', model.name)}${attr('data-path', c.cluster.path.join('/'))}${attr('data-params', model.countParams())}>` +
    `<rect x="${n(c.x)}" y="${n(c.y)}" width="${n(c.width)}" height="${n(c.height)}" fill="none" stroke="#555" stroke-width="1.2" stroke-dasharray="6 4" rx="4"/>` +
    `<text x="${n(c.x + 8)}" y="${n(c.y + 16)}" font-size="${CELL_SIZE}" fill="#333" xml:space="preserve">${escapeXml(model.name)}</text></g>`
  );
}

/** The SVG document of a laid-out graph: clusters behind edges behind boxes. */
export function renderSvg(layout: GraphLayout, meta: { modelName: string; title?: string }): string {
  const { width, height } = layout;
  const clusters = [...layout.clusters].sort((a, b) => a.depth - b.depth);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="kfn-plot"${attr('data-model', meta.modelName)} width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"${attr('font-family', FONT_FAMILY)}>` +
    `<title>${escapeXml(meta.title ?? meta.modelName)}</title>` +
    `<rect width="${width}" height="${height}" fill="white"/>` +
    `<g class="kfn-clusters">${clusters.map(clusterSvg).join('')}</g>` +
    `<g class="kfn-edges">${layout.edges.map(edgeSvg).join('')}</g>` +
    `<g class="kfn-layers">${layout.nodes.map(nodeSvg).join('')}</g>` +
    '</svg>\n'
  );
}
