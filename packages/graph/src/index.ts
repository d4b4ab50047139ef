// @kfn/graph: the public API.

// Backend interface (implemented by @kfn/backend-*).
export type {
  AdamStep,
  Backend,
  BackendProvider,
  ConvOptions,
  FusableActivation,
  Padding,
  PoolOptions,
  RMSpropStep,
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
export { ExecutionPlan } from './engine/execution-plan.js';
export type { PlanStep } from './engine/execution-plan.js';
export type { InputData, NestedNumbers, PredictInput, PredictOptions } from './engine/predict.js';
export type { SummaryOptions, SummaryStyle } from './utils/summary.js';

// Layers.
export { Input, InputLayer } from './layers/core/input-layer.js';
export type { InputArgs } from './layers/core/input-layer.js';
export { Dense } from './layers/core/dense.js';
export type { DenseArgs } from './layers/core/dense.js';
export { Merge } from './layers/merging/base-merge.js';
export { Concatenate, concatenate } from './layers/merging/concatenate.js';
export type { ConcatenateArgs } from './layers/merging/concatenate.js';
export { Embedding } from './layers/core/embedding.js';
export type { EmbeddingArgs } from './layers/core/embedding.js';
export { Add, add } from './layers/merging/add.js';
export { Average, average } from './layers/merging/average.js';
export { Subtract, subtract } from './layers/merging/subtract.js';
export { Multiply, multiply } from './layers/merging/multiply.js';
export { Maximum, maximum } from './layers/merging/maximum.js';
export { Minimum, minimum } from './layers/merging/minimum.js';
export { LSTM } from './layers/rnn/lstm.js';
export type { LSTMArgs } from './layers/rnn/lstm.js';
export { LSTMCell } from './layers/rnn/lstm-cell.js';
export type { LSTMCellArgs } from './layers/rnn/lstm-cell.js';
export { BaseConv } from './layers/convolutional/base-conv.js';
export type { BaseConvArgs, ConvPadding } from './layers/convolutional/base-conv.js';
export { Conv1D } from './layers/convolutional/conv1d.js';
export type { Conv1DArgs } from './layers/convolutional/conv1d.js';
export { Conv2D } from './layers/convolutional/conv2d.js';
export type { Conv2DArgs } from './layers/convolutional/conv2d.js';
export { BaseConvTranspose } from './layers/convolutional/base-conv-transpose.js';
export type { BaseConvTransposeArgs } from './layers/convolutional/base-conv-transpose.js';
export { Conv2DTranspose } from './layers/convolutional/conv2d-transpose.js';
export type { Conv2DTransposeArgs } from './layers/convolutional/conv2d-transpose.js';
export { BasePooling } from './layers/pooling/base-pooling.js';
export type { BasePoolingArgs } from './layers/pooling/base-pooling.js';
export { MaxPooling1D } from './layers/pooling/max-pooling1d.js';
export type { MaxPooling1DArgs } from './layers/pooling/max-pooling1d.js';
export { MaxPooling2D } from './layers/pooling/max-pooling2d.js';
export type { MaxPooling2DArgs } from './layers/pooling/max-pooling2d.js';
export { AveragePooling1D } from './layers/pooling/average-pooling1d.js';
export type { AveragePooling1DArgs } from './layers/pooling/average-pooling1d.js';
export { AveragePooling2D } from './layers/pooling/average-pooling2d.js';
export type { AveragePooling2DArgs } from './layers/pooling/average-pooling2d.js';
export { BaseGlobalPooling } from './layers/pooling/base-global-pooling.js';
export type { BaseGlobalPoolingArgs } from './layers/pooling/base-global-pooling.js';
export { GlobalMaxPooling1D } from './layers/pooling/global-max-pooling1d.js';
export type { GlobalMaxPooling1DArgs } from './layers/pooling/global-max-pooling1d.js';
export { GlobalMaxPooling2D } from './layers/pooling/global-max-pooling2d.js';
export type { GlobalMaxPooling2DArgs } from './layers/pooling/global-max-pooling2d.js';
export { GlobalAveragePooling1D } from './layers/pooling/global-average-pooling1d.js';
export type { GlobalAveragePooling1DArgs } from './layers/pooling/global-average-pooling1d.js';
export { GlobalAveragePooling2D } from './layers/pooling/global-average-pooling2d.js';
export type { GlobalAveragePooling2DArgs } from './layers/pooling/global-average-pooling2d.js';
export { Reshape } from './layers/reshaping/reshape.js';
export type { ReshapeArgs } from './layers/reshaping/reshape.js';
export { Flatten } from './layers/reshaping/flatten.js';
export type { FlattenArgs } from './layers/reshaping/flatten.js';
export { UpSampling2D } from './layers/reshaping/up-sampling2d.js';
export type { UpSampling2DArgs } from './layers/reshaping/up-sampling2d.js';
export { ZeroPadding2D } from './layers/reshaping/zero-padding2d.js';
export type { ZeroPadding2DArgs } from './layers/reshaping/zero-padding2d.js';
export { Cropping2D } from './layers/reshaping/cropping2d.js';
export type { Cropping2DArgs } from './layers/reshaping/cropping2d.js';
export { Dropout } from './layers/regularization/dropout.js';
export type { DropoutArgs } from './layers/regularization/dropout.js';
export { ActivationLayer } from './layers/activations/activation.js';
export type { ActivationLayerArgs } from './layers/activations/activation.js';
export { ReLU } from './layers/activations/relu.js';
export type { ReLUArgs } from './layers/activations/relu.js';

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
export { loadedCompileConfig, modelToJSON, serializeKerasTensor, serializeLayer, serializeModel } from './saving/serialization.js';
export type { SerializedKerasTensor } from './saving/serialization.js';
export { deserializeLayer, functionalFromConfig, functionalGetConfig, modelFromConfig, modelFromJSON } from './saving/functional-config.js';
export type { FunctionalConfig, TensorTriple, TensorTripleStructure } from './saving/functional-config.js';

// Training: losses, metrics, optimizers, callbacks, compile/fit/evaluate.
export { Loss } from './losses/loss.js';
export type { LossArgs, Reduction } from './losses/loss.js';
export { MeanSquaredError } from './losses/mean-squared-error.js';
export { MeanAbsoluteError } from './losses/mean-absolute-error.js';
export { Huber } from './losses/huber.js';
export type { HuberArgs } from './losses/huber.js';
export { BinaryCrossentropy } from './losses/binary-crossentropy.js';
export type { BinaryCrossentropyArgs } from './losses/binary-crossentropy.js';
export { CategoricalCrossentropy } from './losses/categorical-crossentropy.js';
export type { CategoricalCrossentropyArgs } from './losses/categorical-crossentropy.js';
export { SparseCategoricalCrossentropy } from './losses/sparse-categorical-crossentropy.js';
export type { SparseCategoricalCrossentropyArgs } from './losses/sparse-categorical-crossentropy.js';
export { deserializeLoss, getLoss } from './losses/get.js';
export type { LossIdentifier } from './losses/get.js';
export { Metric } from './metrics/metric.js';
export { Mean, MeanMetricWrapper } from './metrics/mean.js';
export type { MetricFn } from './metrics/mean.js';
export { Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy } from './metrics/accuracy.js';
export {
  MeanAbsoluteError as MeanAbsoluteErrorMetric,
  MeanSquaredError as MeanSquaredErrorMetric,
} from './metrics/regression.js';
export { getMetric } from './metrics/get.js';
export type { MetricIdentifier } from './metrics/get.js';
export { Optimizer } from './optimizers/optimizer.js';
export type { OptimizerArgs } from './optimizers/optimizer.js';
export { SGD } from './optimizers/sgd.js';
export type { SGDArgs } from './optimizers/sgd.js';
export { RMSprop } from './optimizers/rmsprop.js';
export type { RMSpropArgs } from './optimizers/rmsprop.js';
export { Adam } from './optimizers/adam.js';
export type { AdamArgs } from './optimizers/adam.js';
export { AdamW } from './optimizers/adamw.js';
export { deserializeOptimizer, getOptimizer } from './optimizers/get.js';
export type { OptimizerIdentifier } from './optimizers/get.js';
export { Callback, CallbackList } from './callbacks/callback.js';
export type { CallbackModel, Logs, TrainingParams } from './callbacks/callback.js';
export { History } from './callbacks/history.js';
export { EarlyStopping } from './callbacks/early-stopping.js';
export type { EarlyStoppingArgs } from './callbacks/early-stopping.js';
export { ReduceLROnPlateau } from './callbacks/reduce-lr-on-plateau.js';
export type { ReduceLROnPlateauArgs } from './callbacks/reduce-lr-on-plateau.js';
export { TerminateOnNaN } from './callbacks/terminate-on-nan.js';
export { LearningRateScheduler } from './callbacks/learning-rate-scheduler.js';
export { CSVLogger } from './callbacks/csv-logger.js';
export { LambdaCallback } from './callbacks/lambda-callback.js';
export type { LambdaCallbackArgs } from './callbacks/lambda-callback.js';
export { ProgbarLogger } from './callbacks/progbar-logger.js';
export type { ProgbarLoggerOptions } from './callbacks/progbar-logger.js';
export { Progbar } from './callbacks/progbar.js';
export type { ProgbarOptions } from './callbacks/progbar.js';
export type { CompileArgs } from './trainers/trainer.js';
export type { LossSpec, LossWeightsSpec, MetricsSpec } from './trainers/compile-utils.js';
export type { EvaluateOptions, FitOptions, Verbosity } from './trainers/fit.js';
export type { DataStructure } from './trainers/data-adapter.js';
export type { SampleWeightData } from './trainers/prepare-data.js';
export { compileArgsFromConfig } from './trainers/compile-from-config.js';
