import type { LayerClass } from '../saving/registry.js';
import { Dense } from './core/dense.js';
import { InputLayer } from './core/input-layer.js';
import { Concatenate } from './merging/concatenate.js';
import { Model } from '../engine/model.js';

/**
 * Every layer class of Keras's `keras.layers` that kfn implements, plus `Functional`.
 * A function, not a constant, so that import cycles through `Model` resolve before it is read.
 */
export function builtinLayers(): readonly LayerClass[] {
  return [
    InputLayer,
    Dense,
    Concatenate,
    Model,
  ];
}
