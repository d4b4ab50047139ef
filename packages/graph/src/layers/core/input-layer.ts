import { standardizeDtype, type DType } from '../../common/dtype.js';
import { ValueError } from '../../common/errors.js';
import type { Shape } from '../../common/shape.js';
import { Layer, type LayerConfig } from '../../engine/layer.js';
import { Node } from '../../engine/node.js';
import { SymbolicTensor } from '../../engine/symbolic-tensor.js';

export interface InputArgs {
  /** The shape of one sample, without the batch dimension: `[784]`, `[28, 28, 1]`, `[null]`. */
  shape?: readonly (number | null)[];
  /** A fixed batch size; the batch dimension is free (`null`) otherwise. */
  batchSize?: number | null;
  /** The full shape including the batch dimension (instead of `shape`). */
  batchShape?: readonly (number | null)[];
  dtype?: string;
  name?: string;
  sparse?: boolean;
  optional?: boolean;
}

/** The layer behind `Input()`: it has no inputs and produces the model's input tensor. */
export class InputLayer extends Layer {
  static override className = 'InputLayer';
  readonly batchShape: Shape;
  readonly inputDtype: DType;
  readonly sparse: boolean;
  readonly optional: boolean;

  constructor(args: InputArgs & { batchInputShape?: readonly (number | null)[]; inputShape?: readonly (number | null)[] } = {}) {
    super({ name: args.name });
    // Keras 2 files say `batch_input_shape`; tfjs says `batchInputShape`.
    const batchShape = args.batchShape ?? args.batchInputShape;
    const shape = args.shape ?? args.inputShape;
    if (batchShape && shape) {
      throw new ValueError(`Input "${this.name}": give either \`shape\` or \`batchShape\`, not both.`);
    }
    if (!batchShape && !shape) {
      throw new ValueError(`Input "${this.name}": a \`shape\` (or \`batchShape\`) is required. Received: shape=undefined`);
    }
    const full = batchShape ?? [args.batchSize ?? null, ...(shape as readonly (number | null)[])];
    for (const d of full) {
      if (d !== null && !(Number.isInteger(d) && d >= 0)) {
        throw new ValueError(`Input "${this.name}": dimensions must be non-negative integers or null. Received: shape=${JSON.stringify(shape ?? batchShape)}`);
      }
    }
    this.batchShape = Object.freeze([...full]);
    this.inputDtype = standardizeDtype(args.dtype);
    this.sparse = args.sparse ?? false;
    this.optional = args.optional ?? false;
    this.built = true;
    // Keras names the tensor after the user's name, else `keras_tensor_N`.
    const tensor = new SymbolicTensor(this.batchShape, this.inputDtype, args.name);
    new Node(this, [], {}, tensor);
  }

  override computeOutputShape(): Shape {
    return this.batchShape;
  }

  override getConfig(): LayerConfig {
    return {
      batch_shape: this.batchShape,
      dtype: this.inputDtype,
      sparse: this.sparse,
      ragged: false,
      name: this.name,
      optional: this.optional,
    };
  }
}

/**
 * `Input({ shape: [784] })`: the symbolic tensor a model starts from. Its shape is
 * `[null, 784]`: the batch dimension stays free unless `batchSize` is given.
 */
export function Input(args: InputArgs): SymbolicTensor {
  const layer = new InputLayer(args);
  return layer.inboundNodes[0]!.outputs[0] as SymbolicTensor;
}
