import type { Backend, Tensor } from '../backend/backend.js';
import { getBackend } from '../backend/registry.js';
import type { DType } from '../common/dtype.js';
import { GraphError, KfnError, ValueError } from '../common/errors.js';
import { autoName, snakeToCamel } from '../common/naming.js';
import { describe, flatten, isPlainRecord, mapStructure, type Nested } from '../common/nest.js';
import type { Shape } from '../common/shape.js';
import { getInitializer, type InitializerIdentifier } from '../initializers/get.js';
import type { KerasObject } from '../saving/keras-object.js';
import { DTypePolicy } from './dtype-policy.js';
import { Node } from './node.js';
import { isSymbolicTensor, SymbolicTensor } from './symbolic-tensor.js';
import { Weight } from './weight.js';

/** Input shapes as a layer sees them: one shape, or a list (merge layers). */
export type ShapeStructure = Shape | readonly Shape[];
export type DTypeStructure = DType | readonly DType[];

export interface LayerArgs {
  name?: string;
  trainable?: boolean;
  dtype?: string | DTypePolicy | KerasObject | null;
}

/** What `call` gets besides its inputs: the kernels, and whether this is a training step. */
export interface CallContext {
  readonly ops: Backend;
  readonly training: boolean;
}

export interface AddWeightArgs {
  name: string;
  shape: readonly number[];
  initializer?: InitializerIdentifier;
  trainable?: boolean;
  dtype?: DType;
}

/** A symbolic output's shape and dtype. */
export interface OutputSpec {
  shape: Shape;
  dtype: DType;
}

export type LayerConfig = Record<string, unknown>;

function isShapeList(s: ShapeStructure): s is readonly Shape[] {
  return s.length > 0 && Array.isArray(s[0]);
}

/**
 * The base of every layer (Keras's `Layer`). A subclass declares its weights in `build`,
 * its shape inference in `computeOutputShape`, its math in `call` and its arguments in
 * `getConfig`, side by side in one file.
 */
export class Layer<TOut = SymbolicTensor> {
  /** The Keras class name, used in configs and summaries (minification-safe). */
  static className = 'Layer';

  readonly name: string;
  /** Keras's `layer.path`: the scope its weight paths start with (`lstm/lstm_cell` for LSTM's cell). */
  path: string;
  trainable: boolean;
  readonly dtypePolicy: DTypePolicy;
  built = false;
  readonly inboundNodes: Node[] = [];
  readonly outboundNodes: Node[] = [];
  /** The input shape(s) the layer was built with: Keras's `build_config`. */
  buildInputShape: ShapeStructure | null = null;
  /** Keyword arguments Keras records on every node of this layer (LSTM and Model: `{mask: null}`). */
  protected nodeKwargs: Record<string, unknown> = {};
  private readonly ownWeights: Weight[] = [];
  private readonly trackedLayers: Layer<unknown>[] = [];

  constructor(args: LayerArgs = {}) {
    this.name = args.name ?? autoName(this.className);
    if (this.name.includes('/')) {
      throw new ValueError(`Argument \`name\` must not contain "/". Received: name=${JSON.stringify(this.name)}`);
    }
    this.path = this.name;
    this.trainable = args.trainable ?? true;
    this.dtypePolicy = DTypePolicy.from(args.dtype);
  }

  get className(): string {
    return (this.constructor as typeof Layer).className;
  }

  /** The dtype of the layer's weights. */
  get dtype(): DType {
    return this.dtypePolicy.variableDtype;
  }

  /** Declares the weights once the input shape is known. Layers without weights keep the default. */
  build(_inputShape: ShapeStructure): void {}

  /** The output shape(s) for the given input shape(s); throws a `ShapeError` on a shape the layer cannot take. */
  computeOutputShape(_inputShape: ShapeStructure): ShapeStructure {
    throw new KfnError(`Layer "${this.name}" (${this.className}) does not implement computeOutputShape().`);
  }

  /** The output dtype; by default the layer's compute dtype. */
  computeOutputDtype(_inputDtype: DTypeStructure): DType {
    return this.dtypePolicy.computeDtype;
  }

  /** Output specs for symbolic inputs. Models override it to keep their output structure. */
  computeOutputSpec(inputs: Nested<OutputSpec>): Nested<OutputSpec> {
    const flat = flatten(inputs, isOutputSpec);
    const single = isOutputSpec(inputs);
    const shape = this.computeOutputShape(single ? flat[0]!.shape : flat.map((t) => t.shape));
    const dtype = this.computeOutputDtype(single ? flat[0]!.dtype : flat.map((t) => t.dtype));
    return isShapeList(shape) ? shape.map((s) => ({ shape: s, dtype })) : { shape, dtype };
  }

  /** The layer's math, in backend operations. */
  call(_inputs: Tensor | Tensor[], _ctx: CallContext): Tensor | Tensor[] {
    throw new KfnError(`Layer "${this.name}" (${this.className}) does not implement call().`);
  }

  /** The layer's constructor arguments, in Keras's config schema (snake_case keys). */
  getConfig(): LayerConfig {
    return { name: this.name, trainable: this.trainable, dtype: this.dtypePolicy.toConfig() };
  }

  /**
   * Recreates a layer from `getConfig()` output: Keras's `cls(**config)`, with keys in
   * camelCase. Layers whose constructor differs override it.
   */
  static fromConfig<T>(this: new (args: never) => T, config: LayerConfig): T {
    const args: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(config)) args[snakeToCamel(k)] = v;
    return new this(args as never);
  }

  /** `{input_shape}` once built, for layers that have a `build` step (Keras's `get_build_config`). */
  getBuildConfig(): { input_shape: unknown } | null {
    if (this.buildInputShape === null || this.build === Layer.prototype.build) return null;
    return { input_shape: this.buildInputShape };
  }

  /** Declares a weight; no memory is used until a backend reads it. */
  addWeight(args: AddWeightArgs): Weight {
    const weight = new Weight(
      {
        name: args.name,
        shape: args.shape,
        dtype: args.dtype ?? this.dtype,
        initializer: getInitializer(args.initializer ?? 'glorot_uniform', `${this.name}.${args.name}`),
        trainable: args.trainable ?? true,
      },
      this.path,
    );
    this.ownWeights.push(weight);
    return weight;
  }

  /** Makes a sublayer's weights part of this layer's (LSTM's cell). */
  protected trackLayer<L extends Layer<unknown>>(layer: L): L {
    this.trackedLayers.push(layer);
    return layer;
  }

  /** Layers this one owns, for saving (Keras walks them as attributes). */
  get sublayers(): readonly Layer<unknown>[] {
    return this.trackedLayers;
  }

  /** Every weight, trainable first, each once even if reached twice. */
  get weights(): Weight[] {
    return [...this.trainableWeights, ...this.nonTrainableWeights];
  }

  get trainableWeights(): Weight[] {
    if (!this.trainable) return [];
    return this.collectWeights().filter((w) => w.trainable);
  }

  get nonTrainableWeights(): Weight[] {
    const all = this.collectWeights();
    return this.trainable ? all.filter((w) => !w.trainable) : all;
  }

  /** Own weights then sublayers', deduplicated (a shared layer counts once). */
  protected collectWeights(): Weight[] {
    const seen = new Set<Weight>();
    for (const w of this.ownWeights) seen.add(w);
    for (const layer of this.trackedLayers) for (const w of layer.weights) seen.add(w);
    return [...seen];
  }

  countParams(): number {
    return this.weights.reduce((n, w) => n + w.size, 0);
  }

  /**
   * Calls the layer. On symbolic tensors it builds the layer, infers the output and records
   * a node in the graph; on concrete tensors it computes with the active backend.
   */
  apply(inputs: Nested<SymbolicTensor>, kwargs?: Record<string, unknown>): TOut;
  apply(inputs: Nested<Tensor>, kwargs?: Record<string, unknown>): Nested<Tensor>;
  apply(inputs: Nested<SymbolicTensor> | Nested<Tensor>, kwargs: Record<string, unknown> = {}): unknown {
    const isLeaf = (x: unknown): x is SymbolicTensor | Tensor =>
      isSymbolicTensor(x) || (typeof x === 'object' && x !== null && !Array.isArray(x) && !isPlainRecord(x));
    let flat: (SymbolicTensor | Tensor)[];
    try {
      flat = flatten(inputs as Nested<SymbolicTensor | Tensor>, isLeaf);
    } catch {
      throw new ValueError(`Layer "${this.name}" expects a tensor, an array or a record of tensors; received ${describe(inputs)}.`);
    }
    if (flat.length === 0) throw new ValueError(`Layer "${this.name}" was called without inputs.`);
    const symbolic = flat.filter(isSymbolicTensor).length;
    if (symbolic === flat.length) return this.symbolicCall(inputs as Nested<SymbolicTensor>, kwargs);
    if (symbolic > 0) {
      throw new ValueError(
        `Layer "${this.name}" was called on a mix of symbolic and concrete tensors; pass all symbolic (building a model) or all concrete (computing).`,
      );
    }
    return this.eagerCall(inputs as Nested<Tensor>, kwargs);
  }

  private symbolicCall(inputs: Nested<SymbolicTensor>, kwargs: Record<string, unknown>): TOut {
    const flat = flatten(inputs, isSymbolicTensor);
    for (const t of flat) {
      if (t.history === null) {
        throw new GraphError(`Layer "${this.name}" was called on tensor "${t.name}", which was not made by Input() or by a layer.`);
      }
    }
    this.maybeBuild(isSymbolicTensor(inputs) ? inputs.shape : flat.map((t) => t.shape));
    const specs = this.computeOutputSpec(inputs);
    const outputs = mapStructure(specs, (s) => new SymbolicTensor(s.shape, s.dtype), isOutputSpec);
    new Node(this, inputs, { ...this.nodeKwargs, ...kwargs }, outputs);
    return outputs as TOut;
  }

  private eagerCall(inputs: Nested<Tensor>, kwargs: Record<string, unknown>): Nested<Tensor> {
    const isTensor = (x: unknown): x is Tensor => typeof x === 'object' && x !== null && 'shape' in x && !Array.isArray(x);
    const flat = flatten(inputs, isTensor);
    const single = flat.length === 1 && isTensor(inputs);
    const shapes = flat.map((t) => [null, ...t.shape.slice(1)] as Shape);
    this.maybeBuild(single ? (shapes[0] as Shape) : shapes);
    const ops = getBackend();
    return this.call(single ? (flat[0] as Tensor) : flat, { ops, training: kwargs.training === true });
  }

  /** Builds on the first call, remembering the shapes for the build config. */
  maybeBuild(inputShape: ShapeStructure): void {
    if (this.built) return;
    this.build(inputShape);
    this.buildInputShape = inputShape;
    this.built = true;
  }

  private nodeOutput(which: 'input' | 'output'): TOut {
    const node = this.inboundNodes[0];
    if (!node) {
      throw new GraphError(`The layer ${this.name} has never been called and thus has no defined ${which}.`);
    }
    if (which === 'input') return node.callArgs as TOut;
    return (node.outputs.length === 1 ? node.outputs[0] : [...node.outputs]) as TOut;
  }

  /** The output of the layer's first call (Keras's `layer.output`). */
  get output(): TOut {
    return this.nodeOutput('output');
  }

  /** The input of the layer's first call. */
  get input(): Nested<SymbolicTensor> {
    return this.nodeOutput('input') as Nested<SymbolicTensor>;
  }

  toString(): string {
    return `<${this.className} name=${this.name}, built=${this.built}>`;
  }
}

/** A shape-and-dtype leaf: an `OutputSpec` or a `SymbolicTensor`. */
export function isOutputSpec(x: unknown): x is OutputSpec {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && 'shape' in x && 'dtype' in x;
}

