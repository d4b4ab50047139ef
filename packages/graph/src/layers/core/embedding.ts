import type { Tensor } from '../../backend/backend.js';
import type { DType } from '../../common/dtype.js';
import { ValueError } from '../../common/errors.js';
import type { Shape } from '../../common/shape.js';
import { Layer, type CallContext, type DTypeStructure, type LayerArgs, type LayerConfig } from '../../engine/layer.js';
import type { Weight } from '../../engine/weight.js';
import { getInitializer, serializeInitializer, type InitializerIdentifier } from '../../initializers/get.js';
import type { Initializer } from '../../initializers/initializer.js';
import { RandomUniform } from '../../initializers/random.js';

export interface EmbeddingArgs extends LayerArgs {
  /** Size of the vocabulary: the largest index plus one. */
  inputDim: number;
  /** Size of each embedding vector. */
  outputDim: number;
  embeddingsInitializer?: InitializerIdentifier;
  /** Index 0 means padding (Keras computes a mask from it; kfn records the flag). */
  maskZero?: boolean;
  /** Keras 2's argument; Keras 3 ignores it, so does kfn. */
  inputLength?: number | null;
}

/** Turns integer indices into dense vectors: row `i` of a `(inputDim, outputDim)` table. */
export class Embedding extends Layer {
  static override className = 'Embedding';
  readonly inputDim: number;
  readonly outputDim: number;
  readonly embeddingsInitializer: Initializer;
  readonly maskZero: boolean;
  embeddings: Weight | null = null;

  constructor(args: EmbeddingArgs) {
    super(args);
    for (const key of ['inputDim', 'outputDim'] as const) {
      const v = args?.[key];
      if (!Number.isInteger(v) || (v as number) <= 0) {
        const snake = key === 'inputDim' ? 'input_dim' : 'output_dim';
        throw new ValueError(
          `Layer "${this.name}" (Embedding): \`${snake}\` must be a positive integer. Received: ${snake}=${JSON.stringify(v)}`,
        );
      }
    }
    this.inputDim = args.inputDim;
    this.outputDim = args.outputDim;
    // Keras's default: RandomUniform(-0.05, 0.05), written out in full in the config.
    this.embeddingsInitializer = getInitializer(args.embeddingsInitializer ?? new RandomUniform(), `${this.name}.embeddings_initializer`);
    this.maskZero = args.maskZero ?? false;
  }

  override build(_inputShape: Shape): void {
    this.embeddings = this.addWeight({
      name: 'embeddings',
      shape: [this.inputDim, this.outputDim],
      initializer: this.embeddingsInitializer,
    });
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape, this.outputDim];
  }

  /** Indices may be any integer or float dtype (Keras casts floats to int32); strings and booleans are refused. */
  override computeOutputDtype(inputDtype: DTypeStructure): DType {
    this.checkDtype(inputDtype as string);
    return super.computeOutputDtype(inputDtype);
  }

  override call(inputs: Tensor, { ops }: CallContext): Tensor {
    this.checkDtype(inputs.dtype);
    const indices = inputs.dtype === 'int32' ? inputs : ops.cast(inputs, 'int32');
    return ops.gather((this.embeddings as Weight).read(), indices, 0);
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      input_dim: this.inputDim,
      output_dim: this.outputDim,
      embeddings_initializer: serializeInitializer(this.embeddingsInitializer),
      embeddings_regularizer: null,
      activity_regularizer: null,
      embeddings_constraint: null,
      mask_zero: this.maskZero,
      quantization_config: null,
    };
  }

  private checkDtype(dtype: string): void {
    if (dtype === 'string' || dtype === 'bool') {
      throw new ValueError(
        `Layer "${this.name}" (Embedding) expects integer indices (int32, or floats holding integers); received an input of dtype ${dtype}.`,
      );
    }
  }
}
