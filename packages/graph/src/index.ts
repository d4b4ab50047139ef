// @kfn/graph: the public API.

// Backend interface (implemented by @kfn/backend-*).
export type {
  Backend,
  BackendProvider,
  ConvOptions,
  FusableActivation,
  Padding,
  PoolOptions,
  Tensor,
  TypedArray,
  Variable,
} from './backend/backend.js';
export { getBackend, hasBackend, useBackend } from './backend/registry.js';

// Common.
export { BackendError, ConfigError, GraphError, KfnError, ShapeError, ValueError } from './common/errors.js';
export type { DType } from './common/dtype.js';
export type { Dim, Shape } from './common/shape.js';
export { formatShape } from './common/shape.js';
export { clearSession, toSnakeCase } from './common/naming.js';
export type { Nested } from './common/nest.js';

// Graph.
export { SymbolicTensor, isSymbolicTensor } from './engine/symbolic-tensor.js';
export type { KerasHistory } from './engine/symbolic-tensor.js';
export { Node } from './engine/node.js';
export { Layer } from './engine/layer.js';
export type { AddWeightArgs, CallContext, LayerArgs, LayerConfig, OutputSpec, ShapeStructure } from './engine/layer.js';
export { Weight } from './engine/weight.js';
export type { WeightSpec } from './engine/weight.js';
export { DTypePolicy } from './engine/dtype-policy.js';
export { Functional, Model } from './engine/model.js';
export type { ModelArgs, SymbolicStructure } from './engine/model.js';

// Layers.
export { Input, InputLayer } from './layers/core/input-layer.js';
export type { InputArgs } from './layers/core/input-layer.js';
export { Dense } from './layers/core/dense.js';
export type { DenseArgs } from './layers/core/dense.js';
export { Merge } from './layers/merging/base-merge.js';
export { Concatenate, concatenate } from './layers/merging/concatenate.js';
export type { ConcatenateArgs } from './layers/merging/concatenate.js';

// Activations and initializers.
export { getActivation, registerActivation } from './activations/activations.js';
export type { Activation } from './activations/activations.js';
export { Initializer } from './initializers/initializer.js';
export { Constant, Identity, Ones, Zeros } from './initializers/constant.js';
export {
  GlorotNormal,
  GlorotUniform,
  HeNormal,
  HeUniform,
  LecunNormal,
  LecunUniform,
  Orthogonal,
  RandomNormal,
  RandomUniform,
  TruncatedNormal,
  VarianceScaling,
} from './initializers/random.js';
export { getInitializer, serializeInitializer } from './initializers/get.js';

// Saving.
export type { KerasObject } from './saving/keras-object.js';
export { getLayerClass, registerLayer } from './saving/registry.js';
export type { CustomObjects, LayerClass } from './saving/registry.js';
