import type { LayerClass } from '../saving/registry.js';
import { Dense } from './core/dense.js';
import { InputLayer } from './core/input-layer.js';
import { Concatenate } from './merging/concatenate.js';
import { Embedding } from './core/embedding.js';
import { Add } from './merging/add.js';
import { Average } from './merging/average.js';
import { Maximum } from './merging/maximum.js';
import { Minimum } from './merging/minimum.js';
import { Multiply } from './merging/multiply.js';
import { Subtract } from './merging/subtract.js';
import { LSTM } from './rnn/lstm.js';
import { LSTMCell } from './rnn/lstm-cell.js';
import { Conv1D } from './convolutional/conv1d.js';
import { Conv2D } from './convolutional/conv2d.js';
import { Conv2DTranspose } from './convolutional/conv2d-transpose.js';
import { AveragePooling1D } from './pooling/average-pooling1d.js';
import { AveragePooling2D } from './pooling/average-pooling2d.js';
import { MaxPooling1D } from './pooling/max-pooling1d.js';
import { MaxPooling2D } from './pooling/max-pooling2d.js';
import { GlobalAveragePooling1D } from './pooling/global-average-pooling1d.js';
import { GlobalAveragePooling2D } from './pooling/global-average-pooling2d.js';
import { GlobalMaxPooling1D } from './pooling/global-max-pooling1d.js';
import { GlobalMaxPooling2D } from './pooling/global-max-pooling2d.js';
import { Cropping2D } from './reshaping/cropping2d.js';
import { Flatten } from './reshaping/flatten.js';
import { Reshape } from './reshaping/reshape.js';
import { UpSampling2D } from './reshaping/up-sampling2d.js';
import { ZeroPadding2D } from './reshaping/zero-padding2d.js';
import { Dropout } from './regularization/dropout.js';
import { ActivationLayer } from './activations/activation.js';
import { ReLU } from './activations/relu.js';
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
    Embedding,
    Add,
    Average,
    Subtract,
    Multiply,
    Maximum,
    Minimum,
    LSTM,
    LSTMCell,
    Conv1D,
    Conv2D,
    Conv2DTranspose,
    AveragePooling1D,
    AveragePooling2D,
    MaxPooling1D,
    MaxPooling2D,
    GlobalAveragePooling1D,
    GlobalAveragePooling2D,
    GlobalMaxPooling1D,
    GlobalMaxPooling2D,
    Cropping2D,
    Flatten,
    Reshape,
    UpSampling2D,
    ZeroPadding2D,
    Dropout,
    ActivationLayer,
    ReLU,
    Model,
  ];
}
