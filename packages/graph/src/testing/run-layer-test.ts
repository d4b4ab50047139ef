import { expect } from 'vitest';
import type { Shape } from '../common/shape.js';
import type { Layer, LayerConfig } from '../engine/layer.js';
import { isSymbolicTensor, type SymbolicTensor } from '../engine/symbolic-tensor.js';
import { Input } from '../layers/core/input-layer.js';
import { getLayerClass } from '../saving/registry.js';

export interface LayerTestCase {
  /** Makes a fresh layer (called twice: once for the test, once to check names don't leak state). */
  layer: () => Layer<unknown>;
  /** Input shape(s) including the batch dimension, e.g. `[null, 28, 28, 1]`; a list for merge layers. */
  inputShape: Shape | Shape[];
  inputDtype?: string;
  expectedOutputShape: Shape | Shape[];
  expectedParams?: number;
  expectedTrainableWeights?: number;
  expectedNonTrainableWeights?: number;
  /** Expected weight shapes in `layer.weights` order. */
  expectedWeightShapes?: number[][];
}

function isShapeList(s: Shape | Shape[]): s is Shape[] {
  return s.length > 0 && Array.isArray(s[0]);
}

function symbolicInputs(shape: Shape | Shape[], dtype?: string): SymbolicTensor | SymbolicTensor[] {
  const make = (s: Shape) => Input({ batchShape: s, ...(dtype ? { dtype } : {}) });
  return isShapeList(shape) ? shape.map(make) : make(shape);
}

/**
 * Keras's `run_layer_test`, for kfn: builds the layer on symbolic inputs, checks the output
 * shape, weights and parameter count, and that the config survives JSON and `fromConfig`
 * (through the registry, as a file would be loaded).
 */
export function runLayerTest(c: LayerTestCase): Layer<unknown> {
  const layer = c.layer();
  const out = layer.apply(symbolicInputs(c.inputShape, c.inputDtype) as never) as SymbolicTensor | SymbolicTensor[];
  const shapes = isSymbolicTensor(out) ? out.shape : (out as SymbolicTensor[]).map((t) => t.shape);
  expect(shapes).toEqual(c.expectedOutputShape);
  expect(layer.built).toBe(true);
  if (c.expectedParams !== undefined) expect(layer.countParams()).toBe(c.expectedParams);
  if (c.expectedTrainableWeights !== undefined) expect(layer.trainableWeights.length).toBe(c.expectedTrainableWeights);
  if (c.expectedNonTrainableWeights !== undefined) expect(layer.nonTrainableWeights.length).toBe(c.expectedNonTrainableWeights);
  if (c.expectedWeightShapes !== undefined) expect(layer.weights.map((w) => [...w.shape])).toEqual(c.expectedWeightShapes);

  // Config: plain JSON, and the registry's class rebuilds an identical layer.
  const config = layer.getConfig();
  const json = JSON.parse(JSON.stringify(config)) as LayerConfig;
  expect(json).toEqual(config);
  const cls = getLayerClass(layer.className);
  const revived = cls.fromConfig(json);
  expect(revived.constructor).toBe(layer.constructor);
  expect(revived.getConfig()).toEqual(config);
  // The revived layer infers the same shapes and weights.
  const out2 = revived.apply(symbolicInputs(c.inputShape, c.inputDtype) as never) as SymbolicTensor | SymbolicTensor[];
  const shapes2 = isSymbolicTensor(out2) ? out2.shape : (out2 as SymbolicTensor[]).map((t) => t.shape);
  expect(shapes2).toEqual(shapes);
  expect(revived.countParams()).toBe(layer.countParams());
  expect(revived.getBuildConfig()).toEqual(layer.getBuildConfig());
  return layer;
}
