import { describe, expect, it } from 'vitest';
import { layerCardText, makeInteractive, panView, parseViewBox, zoomView } from './interactive.js';

const base = { x: 0, y: 0, w: 400, h: 200 };

describe('interactive plot math', () => {
  it('parses viewBox attributes and rejects malformed ones', () => {
    expect(parseViewBox('0 0 491 323')).toEqual({ x: 0, y: 0, w: 491, h: 323 });
    expect(parseViewBox('-5,10, 20 30')).toEqual({ x: -5, y: 10, w: 20, h: 30 });
    expect(parseViewBox(null)).toBeNull();
    expect(parseViewBox('0 0 10')).toBeNull();
    expect(parseViewBox('0 0 0 10')).toBeNull();
    expect(parseViewBox('0 0 a 10')).toBeNull();
  });

  it('zooms about the given point, keeping the aspect ratio', () => {
    expect(zoomView(base, base, 2)).toEqual({ x: 100, y: 50, w: 200, h: 100 });
    // About the top-left corner: the corner stays put.
    expect(zoomView(base, base, 2, 0, 0)).toEqual({ x: 0, y: 0, w: 200, h: 100 });
    // Zooming out then in by the same factor returns to the start.
    const back = zoomView(zoomView(base, base, 0.8, 0.3, 0.7), base, 1.25, 0.3, 0.7);
    expect(back.x).toBeCloseTo(0);
    expect(back.y).toBeCloseTo(0);
    expect(back.w).toBeCloseTo(400);
  });

  it('clamps zoom between 8× in and 4× out', () => {
    let v = base;
    for (let i = 0; i < 30; i++) v = zoomView(v, base, 2);
    expect(v.w).toBe(50);
    expect(v.h).toBe(25);
    for (let i = 0; i < 30; i++) v = zoomView(v, base, 0.5);
    expect(v.w).toBe(1600);
    expect(v.h).toBe(800);
  });

  it('pans by screen pixels scaled to the view', () => {
    // A 200×100 view shown at 400×200 px: dragging 40 px right moves the view 20 units left.
    expect(panView({ x: 10, y: 10, w: 200, h: 100 }, 40, -20, 400, 200)).toEqual({ x: -10, y: 20, w: 200, h: 100 });
  });
});

describe('layerCardText', () => {
  it('uses the layer info, dropping the name from the config', () => {
    const text = layerCardText(
      { layer: 'conv2d_4', path: 'encoder/conv2d_4', className: 'Conv2D', params: 160, trainable: true },
      { className: 'Conv2D', params: 160, trainable: false, config: { name: 'conv2d_4', filters: 16, kernel_size: [3, 3] } },
    );
    expect(text).toEqual({
      title: 'conv2d_4 (Conv2D)',
      params: '160 params, non-trainable',
      config: '{ "filters": 16, "kernel_size": [ 3, 3 ] }',
    });
  });

  it('falls back to the SVG attributes without info', () => {
    expect(layerCardText({ layer: 'encoder', path: 'encoder', className: 'Functional', params: 18672, trainable: true })).toEqual({
      title: 'encoder (Functional)',
      params: '18,672 params, trainable',
      config: '',
    });
    // No weights: no trainable flag.
    expect(layerCardText({ layer: 'img', path: 'img', className: 'InputLayer', params: 0, trainable: true }).params).toBe('0 params');
    expect(layerCardText({ layer: 'x', path: 'x' })).toEqual({ title: 'x', params: '', config: '' });
  });

  it('makeInteractive rejects text that is not an SVG drawing, naming the argument', () => {
    expect(() => makeInteractive({} as HTMLElement, { svg: 'oops' })).toThrow(/makeInteractive expected `svg` to hold an <svg> drawing but received: "oops"/);
  });
});
