import { ValueError } from '../common/errors.js';
import { flatten, isPlainRecord, packSequenceAs, type Nested } from '../common/nest.js';
import { Layer, isOutputSpec, type LayerArgs, type LayerConfig, type OutputSpec } from './layer.js';
import { mapGraph, type GraphMap } from './map-graph.js';
import type { Node } from './node.js';
import { isSymbolicTensor, type SymbolicTensor } from './symbolic-tensor.js';
import type { Weight } from './weight.js';
import { functionalFromConfig, functionalGetConfig } from '../saving/functional-config.js';
import type { CustomObjects } from '../saving/registry.js';
import { printSummary, type SummaryOptions } from '../utils/summary.js';
import type { Tensor } from '../backend/backend.js';
import type { CallContext } from './layer.js';
import { ExecutionPlan } from './execution-plan.js';
import { predict, type PredictInput, type PredictOptions } from './predict.js';
import type { History } from '../callbacks/history.js';
import type { Logs } from '../callbacks/callback.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import type { DataStructure } from '../trainers/data-adapter.js';
import { evaluateModel, fitModel, type EvaluateOptions, type FitOptions } from '../trainers/fit.js';
import { compileModel, getTrainingState, type CompileArgs } from '../trainers/trainer.js';

/** Model inputs or outputs: one tensor, an array, or a record keyed by name (nesting allowed, as Keras). */
export type SymbolicStructure = Nested<SymbolicTensor>;

export interface ModelArgs<TIn extends SymbolicStructure, TOut extends SymbolicStructure> extends LayerArgs {
  inputs: TIn;
  outputs: TOut;
}

function isModelArgs(x: unknown, outputs: unknown): x is ModelArgs<SymbolicStructure, SymbolicStructure> {
  return outputs === undefined && isPlainRecord(x) && 'inputs' in x && 'outputs' in x;
}

/**
 * A model defined by its inputs and outputs in the layer graph (Keras's functional
 * `Model`, class name `Functional`). A model is a layer: it can be called on new
 * tensors, and its layers (and their weights) are shared, not copied.
 */
export class Model<TOut extends SymbolicStructure = SymbolicStructure> extends Layer<TOut> {
  static override className = 'Functional';

  /** The input tensors, flattened (records in sorted key order, as Keras). */
  readonly inputs: readonly SymbolicTensor[];
  readonly outputs: readonly SymbolicTensor[];
  /** Inputs and outputs as the user gave them: one tensor, an array, or a record. */
  readonly inputStructure: SymbolicStructure;
  readonly outputStructure: TOut;
  readonly graph: GraphMap;

  constructor(args: ModelArgs<SymbolicStructure, TOut>);
  constructor(inputs: SymbolicStructure, outputs: TOut, options?: LayerArgs);
  constructor(
    argsOrInputs: ModelArgs<SymbolicStructure, TOut> | SymbolicStructure,
    outputs?: TOut,
    options: LayerArgs = {},
  ) {
    const args = isModelArgs(argsOrInputs, outputs)
      ? (argsOrInputs as ModelArgs<SymbolicStructure, TOut>)
      : { ...options, inputs: argsOrInputs as SymbolicStructure, outputs: outputs as TOut };
    super(args);
    this.nodeKwargs = { mask: null };
    this.inputStructure = checkStructure(args.inputs, 'inputs');
    this.outputStructure = checkStructure(args.outputs, 'outputs') as TOut;
    this.inputs = flatten(this.inputStructure, isSymbolicTensor);
    this.outputs = flatten(this.outputStructure, isSymbolicTensor);
    for (const t of this.inputs) {
      const node = t.history?.layer.inboundNodes[t.history.nodeIndex];
      if (!node?.isInput) {
        throw new ValueError(
          `Model "${this.name}": every input must be a tensor made by Input(); "${t.name}" comes from layer "${t.history?.layer.name ?? '?'}".`,
        );
      }
    }
    this.graph = mapGraph(this.inputs, this.outputs);
    this.built = true;
  }

  /** The layers in Keras's order (inputs first), each once. */
  get layers(): Layer<SymbolicStructure>[] {
    return this.graph.layers as Layer<SymbolicStructure>[];
  }

  get inputNames(): string[] {
    return this.inputs.map((t) => t.history?.layer.name ?? t.name);
  }

  /** Names of the layers producing each output (may repeat for a shared layer, as in Keras). */
  get outputNames(): string[] {
    return this.outputs.map((t) => t.history?.layer.name ?? t.name);
  }

  /** The input shapes of one call, as Keras's `model.input_shape`. */
  get inputShape(): Nested<readonly (number | null)[]> {
    return this.inputs.length === 1 ? (this.inputs[0] as SymbolicTensor).shape : this.inputs.map((t) => t.shape);
  }

  get outputShape(): Nested<readonly (number | null)[]> {
    return this.outputs.length === 1 ? (this.outputs[0] as SymbolicTensor).shape : this.outputs.map((t) => t.shape);
  }

  /** Keras's `model.input`: the model's own inputs as given (set even before the model is called). */
  override get input(): Nested<SymbolicTensor> {
    return this.inputStructure as Nested<SymbolicTensor>;
  }

  /** Keras's `model.output`: the model's own outputs as given. */
  override get output(): TOut {
    return this.outputStructure;
  }

  /** A layer by name, or by index in `layers`. */
  getLayer(nameOrIndex: string | number): Layer<unknown> {
    if (typeof nameOrIndex === 'number') {
      const layer = this.layers[nameOrIndex];
      if (!layer) {
        throw new ValueError(
          `Was asked to retrieve layer at index ${nameOrIndex} but model only has ${this.layers.length} layers.`,
        );
      }
      return layer;
    }
    const layer = this.layers.find((l) => l.name === nameOrIndex);
    if (!layer) {
      throw new ValueError(
        `No such layer: ${nameOrIndex}. Existing layers are: [${this.layers.map((l) => `'${l.name}'`).join(', ')}].`,
      );
    }
    return layer;
  }

  /** Weights of every layer, each once (shared layers and nested models included). */
  protected override collectWeights(): Weight[] {
    const seen = new Set<Weight>();
    for (const layer of this.layers) for (const w of layer.weights) seen.add(w);
    return [...seen];
  }

  override get trainableWeights(): Weight[] {
    if (!this.trainable) return [];
    const seen = new Set<Weight>();
    for (const layer of this.layers) for (const w of layer.trainableWeights) seen.add(w);
    return [...seen];
  }

  override get nonTrainableWeights(): Weight[] {
    const trainable = new Set(this.trainableWeights);
    return this.collectWeights().filter((w) => !trainable.has(w));
  }

  /** The nodes of this model, in an order where each follows the nodes it consumes. */
  get nodes(): readonly Node[] {
    return this.graph.topologicalOrder;
  }

  /** Runs shape inference through the graph for new inputs (a model called as a layer). */
  override computeOutputSpec(inputs: Nested<OutputSpec>): Nested<OutputSpec> {
    const given = flatten(inputs, isOutputSpec);
    if (given.length !== this.inputs.length) {
      throw new ValueError(
        `Model "${this.name}" expects ${this.inputs.length} input(s) (${this.inputNames.join(', ')}), but it was called on ${given.length}.`,
      );
    }
    const specs = new Map<SymbolicTensor, OutputSpec>();
    this.inputs.forEach((t, i) => {
      const spec = given[i] as OutputSpec;
      checkCompatible(this.name, t, spec);
      specs.set(t, spec);
    });
    for (const node of this.graph.topologicalOrder) {
      if (node.isInput) continue;
      const args = mapArgs(node.callArgs, (t) => specs.get(t) as OutputSpec);
      const out = flatten(node.layer.computeOutputSpec(args), isOutputSpec);
      node.outputs.forEach((t, i) => specs.set(t, out[i] as OutputSpec));
    }
    const flatOut = this.outputs.map((t) => specs.get(t) as OutputSpec);
    return rebuild(this.outputStructure, flatOut);
  }

  /** Keras's `Functional.get_config`: layers with their inbound nodes, input and output layers. */
  override getConfig(): LayerConfig {
    return functionalGetConfig(this) as unknown as LayerConfig;
  }

  /** Rebuilds a model from `getConfig()` output (Keras's `functional_from_config`); the registry uses it for nested models. */
  static override fromConfig<T>(this: new (args: never) => T, config: LayerConfig, customObjects?: CustomObjects): T {
    return functionalFromConfig(config, customObjects) as T;
  }

  /** Prints Keras's `model.summary()` table (or `style: 'classic'`, tf.keras 2's) and returns its text. */
  summary(options: SummaryOptions = {}): string {
    return printSummary(this, options);
  }

  /** How the model computes, worked out once on first use (the graph never changes after construction). */
  get executionPlan(): ExecutionPlan {
    return (this.plan ??= new ExecutionPlan(this));
  }
  private plan: ExecutionPlan | null = null;

  /** Runs the model on concrete tensors (in `inputs` order) through its plan; nested models run this way too. */
  override call(inputs: Tensor | Tensor[], ctx: CallContext): Tensor | Tensor[] {
    const outs = this.executionPlan.run(Array.isArray(inputs) ? inputs : [inputs], ctx.ops, ctx.training);
    return outs.length === 1 ? (outs[0] as Tensor) : outs;
  }

  /**
   * Keras's `model.predict`: `x` as a tensor, typed array, nested arrays, a list of those
   * (one per input) or a record by input name; outputs in the model's structure. The caller
   * owns the returned tensors.
   */
  predict(x: PredictInput, options: PredictOptions = {}): Nested<Tensor> {
    return predict(this, x, options);
  }

  /** Set by callbacks (EarlyStopping, TerminateOnNaN) to end `fit` after the current step or epoch. */
  stopTraining = false;

  /** Keras's `model.compile({ optimizer, loss, lossWeights, metrics })`. */
  compile(args: CompileArgs): void {
    compileModel(this, args);
  }

  /** Keras's `model.fit(x, y, options)`: trains and returns the `History` of each epoch's logs. */
  fit(x: DataStructure, y: DataStructure, options: FitOptions = {}): Promise<History> {
    return fitModel(this, x, y, options);
  }

  /** Keras's `model.evaluate(x, y)`: `[loss, ...metrics]`, the loss alone, or a record with `returnDict`. */
  evaluate(x: DataStructure, y: DataStructure, options: EvaluateOptions = {}): Promise<number | number[] | Logs> {
    return evaluateModel(this, x, y, options);
  }

  /** The compiled optimizer (its state variables are `optimizer.variables`), or null before `compile`. */
  get optimizer(): Optimizer | null {
    return getTrainingState(this)?.optimizer ?? null;
  }

  /** Keras's `compile_config` (what a `.keras` file stores), or null before `compile`. */
  get compileConfig(): Record<string, unknown> | null {
    return getTrainingState(this)?.config ?? null;
  }

  override toString(): string {
    return `<Functional name=${this.name}, built=${this.built}>`;
  }
}

function checkStructure(s: SymbolicStructure, what: string): SymbolicStructure {
  const flat = (() => {
    try {
      return flatten(s as Nested<SymbolicTensor>, isSymbolicTensor);
    } catch {
      return null;
    }
  })();
  if (!flat || flat.length === 0) {
    throw new ValueError(`Model ${what} must be a symbolic tensor, an array or a record of them (made with Input() and layer calls).`);
  }
  return s;
}

/** Same rank, and known dims equal, between a model input and what it is called on. */
function checkCompatible(modelName: string, expected: SymbolicTensor, got: OutputSpec): void {
  const ok =
    expected.shape.length === got.shape.length &&
    expected.shape.every((d, i) => d === null || got.shape[i] === null || got.shape[i] === d);
  if (!ok) {
    throw new ValueError(
      `Input "${expected.history?.layer.name ?? expected.name}" of model "${modelName}" is incompatible with the layer: ` +
        `expected shape=[${expected.shape.map(String).join(', ')}], found shape=[${got.shape.map(String).join(', ')}].`,
    );
  }
}

function mapArgs(args: Nested<SymbolicTensor>, fn: (t: SymbolicTensor) => OutputSpec): Nested<OutputSpec> {
  if (isSymbolicTensor(args)) return fn(args);
  if (Array.isArray(args)) return args.map((a) => mapArgs(a as Nested<SymbolicTensor>, fn));
  const out: Record<string, Nested<OutputSpec>> = {};
  for (const [k, v] of Object.entries(args as Record<string, Nested<SymbolicTensor>>)) out[k] = mapArgs(v, fn);
  return out;
}

function rebuild(structure: SymbolicStructure, flat: OutputSpec[]): Nested<OutputSpec> {
  return packSequenceAs(structure, flat, isSymbolicTensor);
}

/** Keras's name for the same class. */
export { Model as Functional };
