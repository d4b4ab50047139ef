import type { LayerClass } from '../saving/registry.js';
import { Dense } from './core/dense.js';
import { InputLayer } from './core/input-layer.js';
import { Concatenate } from './merging/concatenate.js';
import { Model } from '../engine/model.js';

/** Every layer class Keras's `keras.layers` module provides that kfn implements, plus `Functional`. */
export const BUILTIN_LAYERS: readonly LayerClass[] = [
  InputLayer,
  Dense,
  Concatenate,
  Model,
];
