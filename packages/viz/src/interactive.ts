// plotModel's drawings made interactive in a browser, with no framework: zoom (buttons,
// Ctrl/⌘ + wheel), drag to pan, a card with a layer's class, parameters and config on hover,
// and a click on a nested model to switch between the collapsed and expanded renderings.
// It hangs on the SVG's data attributes (`kfn-layer`, `data-path`, `data-class`, `kfn-cluster`).
// The math and the card's text are pure functions, so they are tested without a DOM.

/** What the hover card shows for a layer, keyed by its `data-path` (`encoder/conv2d`). */
export interface LayerInfo {
  className?: string;
  params?: number;
  trainable?: boolean;
  config?: Record<string, unknown>;
}

export interface InteractiveOptions {
  /** The drawing shown first (collapsed, unless `expanded`). */
  svg: string;
  /** The same model drawn with `expandNested: true`; enables click-to-expand. */
  expandedSvg?: string;
  /** Start with `expandedSvg` shown. */
  expanded?: boolean;
  /** Per-layer info for the hover card, keyed by layer path; the SVG's attributes fill gaps. */
  layers?: Record<string, LayerInfo>;
  /** Called after each switch between the renderings. */
  onToggle?: (expanded: boolean) => void;
}

export interface InteractivePlot {
  zoom(factor: number): void;
  reset(): void;
  /** Switches between the collapsed and expanded renderings (no-op without `expandedSvg`). */
  toggle(): void;
  readonly expanded: boolean;
  /** Removes the listeners and everything added to the container. */
  dispose(): void;
}

export interface ViewBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Reads an SVG `viewBox` attribute; null when it is missing or malformed. */
export function parseViewBox(text: string | null): ViewBox | null {
  const v = (text ?? '').trim().split(/[\s,]+/).map(Number);
  if (v.length !== 4 || v.some((n) => !Number.isFinite(n))) return null;
  const [x, y, w, h] = v as [number, number, number, number];
  return w > 0 && h > 0 ? { x, y, w, h } : null;
}

/**
 * Zooms `view` by `factor` (> 1 zooms in) keeping the point at fractions (`cx`, `cy`) of the
 * view fixed, clamped between 8× in and 4× out of `base`.
 */
export function zoomView(view: ViewBox, base: ViewBox, factor: number, cx = 0.5, cy = 0.5): ViewBox {
  const w = Math.min(base.w * 4, Math.max(base.w / 8, view.w / factor));
  const h = (w / view.w) * view.h;
  return { x: view.x + (view.w - w) * cx, y: view.y + (view.h - h) * cy, w, h };
}

/** Moves `start` by a drag of (`dx`, `dy`) screen pixels over an element `width`×`height` pixels. */
export function panView(start: ViewBox, dx: number, dy: number, width: number, height: number): ViewBox {
  return { ...start, x: start.x - (dx / width) * start.w, y: start.y - (dy / height) * start.h };
}

/** The hover card's lines: title, `N params, trainable`, and the config on one line. */
export function layerCardText(
  attrs: { layer: string; path: string; className?: string; params?: number; trainable?: boolean },
  info?: LayerInfo,
): { title: string; params: string; config: string } {
  const className = info?.className ?? attrs.className;
  const params = info?.params ?? attrs.params;
  const trainable = info?.trainable ?? attrs.trainable;
  const title = className ? `${attrs.layer} (${className})` : attrs.layer;
  let paramsLine = '';
  if (params !== undefined && Number.isFinite(params)) {
    paramsLine = `${params.toLocaleString('en-US')} params`;
    if (params > 0 && trainable !== undefined) paramsLine += trainable ? ', trainable' : ', non-trainable';
  }
  let config = '';
  if (info?.config) {
    // The name is already the title.
    const { name: _name, ...rest } = info.config;
    config = JSON.stringify(rest, null, 1).replace(/\n\s*/g, ' ');
  }
  return { title, params: paramsLine, config };
}

/** The attributes `renderSvg` puts on a layer group, read back. */
function layerAttrs(el: Element): Parameters<typeof layerCardText>[0] {
  const path = el.getAttribute('data-path') ?? '';
  const params = el.getAttribute('data-params');
  const trainable = el.getAttribute('data-trainable');
  return {
    path,
    layer: el.getAttribute('data-layer') ?? path,
    className: el.getAttribute('data-class') ?? undefined,
    params: params === null ? undefined : Number(params),
    trainable: trainable === null ? undefined : trainable === 'true',
  };
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, text = ''): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = cls;
  if (text) e.textContent = text;
  return e;
}

/**
 * Renders a `plotModel` SVG into `container` with a toolbar (zoom in/out, reset, expand/collapse),
 * pan by drag, Ctrl/⌘ + wheel zoom, a hover card (`.kfn-layer-card`) and click-to-expand on
 * nested models. The container gets the class `kfn-plot-view` and `data-expanded`.
 */
export function makeInteractive(container: HTMLElement, options: InteractiveOptions): InteractivePlot {
  if (!options.svg.includes('<svg')) throw new Error(`makeInteractive expected \`svg\` to hold an <svg> drawing but received: ${JSON.stringify(options.svg.slice(0, 60))}`);
  const alt = options.expandedSvg;
  const layers = options.layers ?? {};
  let expanded = alt !== undefined && options.expanded === true;
  let base: ViewBox = { x: 0, y: 0, w: 1, h: 1 };
  let view = base;
  let drag: { x: number; y: number; view: ViewBox } | null = null;

  container.classList.add('kfn-plot-view');
  const toolbar = el('div', 'kfn-plot-toolbar');
  const button = (label: string, title: string, onClick: () => void, cls = ''): HTMLButtonElement => {
    const b = el('button', cls, label);
    b.type = 'button';
    b.title = title;
    b.addEventListener('click', onClick);
    toolbar.append(b);
    return b;
  };
  button('+', 'Zoom in', () => zoom(1.25));
  button('−', 'Zoom out', () => zoom(0.8));
  button('Reset', 'Reset the view', () => reset());
  const toggleButton = alt === undefined ? null : button('', 'Expand or collapse nested models', () => toggle(), 'kfn-toggle');
  const hint = el('span', 'kfn-plot-hint');
  toolbar.append(hint);
  const canvas = el('div', 'kfn-plot-canvas');
  const card = el('div', 'kfn-layer-card');
  card.hidden = true;
  container.append(toolbar, canvas, card);

  const svgEl = (): SVGSVGElement | null => canvas.querySelector('svg');
  const applyView = (): void => svgEl()?.setAttribute('viewBox', `${view.x} ${view.y} ${view.w} ${view.h}`);

  function show(): void {
    canvas.innerHTML = expanded && alt !== undefined ? alt : options.svg;
    const svg = svgEl();
    base = parseViewBox(svg?.getAttribute('viewBox') ?? null) ?? { x: 0, y: 0, w: 1, h: 1 };
    view = base;
    if (svg) {
      // Keep the drawing's natural size, but never wider than the container.
      svg.style.maxWidth = '100%';
      svg.style.height = 'auto';
    }
    container.dataset['expanded'] = String(expanded);
    if (toggleButton) toggleButton.textContent = expanded ? 'Collapse nested models' : 'Expand nested models';
    hint.textContent = 'drag to pan · Ctrl/⌘ + wheel to zoom · hover a layer for its config';
    if (alt !== undefined) hint.textContent += ` · click a nested model to ${expanded ? 'collapse' : 'expand'} it`;
    hideCard();
  }

  function zoom(factor: number, cx = 0.5, cy = 0.5): void {
    view = zoomView(view, base, factor, cx, cy);
    applyView();
  }

  function reset(): void {
    view = base;
    applyView();
  }

  function toggle(): void {
    if (alt === undefined) return;
    expanded = !expanded;
    show();
    options.onToggle?.(expanded);
  }

  function hideCard(): void {
    card.hidden = true;
  }

  function showCard(target: Element, e: PointerEvent): void {
    const attrs = layerAttrs(target);
    const text = layerCardText(attrs, layers[attrs.path]);
    const title = el('strong', '', text.title);
    const parts: Node[] = [title];
    if (text.params) parts.push(el('div', '', text.params));
    if (text.config) parts.push(el('code', '', text.config));
    card.replaceChildren(...parts);
    const rect = container.getBoundingClientRect();
    card.style.left = `${e.clientX - rect.left + 16}px`;
    card.style.top = `${e.clientY - rect.top + 12}px`;
    card.hidden = false;
  }

  const onWheel = (e: WheelEvent): void => {
    if (!(e.ctrlKey || e.metaKey)) return;
    const svg = svgEl();
    if (!svg) return;
    e.preventDefault();
    const r = svg.getBoundingClientRect();
    zoom(e.deltaY < 0 ? 1.2 : 1 / 1.2, (e.clientX - r.left) / r.width, (e.clientY - r.top) / r.height);
  };
  const onPointerDown = (e: PointerEvent): void => {
    if (e.button === 0) drag = { x: e.clientX, y: e.clientY, view };
  };
  const onPointerMove = (e: PointerEvent): void => {
    const target = (e.target as Element | null)?.closest?.('.kfn-layer');
    if (target && !drag) showCard(target, e);
    else if (!target) hideCard();
    const svg = svgEl();
    if (!drag || !svg) return;
    const r = svg.getBoundingClientRect();
    view = panView(drag.view, e.clientX - drag.x, e.clientY - drag.y, r.width, r.height);
    applyView();
  };
  const onPointerUp = (e: PointerEvent): void => {
    const moved = drag !== null && Math.hypot(e.clientX - drag.x, e.clientY - drag.y) > 4;
    drag = null;
    if (moved) return;
    // A click (not a drag) on a nested model, or on an expanded model's cluster, toggles it.
    const nested = (e.target as Element | null)?.closest?.('.kfn-layer[data-class="Functional"], .kfn-cluster');
    if (nested) toggle();
  };
  const onLeave = (): void => {
    hideCard();
    drag = null;
  };

  canvas.addEventListener('wheel', onWheel, { passive: false });
  canvas.addEventListener('pointerdown', onPointerDown);
  canvas.addEventListener('pointermove', onPointerMove);
  canvas.addEventListener('pointerup', onPointerUp);
  canvas.addEventListener('pointerleave', onLeave);
  show();

  return {
    zoom: (factor) => zoom(factor),
    reset,
    toggle,
    get expanded() {
      return expanded;
    },
    dispose() {
      canvas.removeEventListener('wheel', onWheel);
      canvas.removeEventListener('pointerdown', onPointerDown);
      canvas.removeEventListener('pointermove', onPointerMove);
      canvas.removeEventListener('pointerup', onPointerUp);
      canvas.removeEventListener('pointerleave', onLeave);
      toolbar.remove();
      canvas.remove();
      card.remove();
      delete container.dataset['expanded'];
    },
  };
}
