import type { Backend, Tensor, TypedArray, Variable } from '../backend/backend.js';
import { getBackend } from '../backend/registry.js';
import { ValueError } from '../common/errors.js';
import { autoName } from '../common/naming.js';
import { Weight } from '../engine/weight.js';
import { Zeros } from '../initializers/constant.js';
import { Initializer } from '../initializers/initializer.js';
import { builtinObject, type KerasObject } from '../saving/keras-object.js';

export interface OptimizerArgs {
  learningRate?: number;
  weightDecay?: number | null;
  clipnorm?: number | null;
  clipvalue?: number | null;
  globalClipnorm?: number | null;
  useEma?: boolean;
  emaMomentum?: number;
  emaOverwriteFrequency?: number | null;
  lossScaleFactor?: number | null;
  gradientAccumulationSteps?: number | null;
  name?: string;
}

/** Per-variable state an optimizer keeps: Keras's `add_optimizer_variables` groups, in build order. */
export type SlotGroups = readonly (readonly string[])[];

/**
 * The base of every optimizer (Keras 3's `BaseOptimizer`). Its state is named and ordered as
 * Keras saves it: `iteration`, `learning_rate`, then slot variables `<optimizer>/<var path with
 * / as _>_<slot>`. Each is a `Weight`, so loaders assign them like layer weights.
 */
export abstract class Optimizer {
  static className = 'Optimizer';
  readonly name: string;
  readonly weightDecay: number | null;
  readonly clipnorm: number | null;
  readonly clipvalue: number | null;
  readonly globalClipnorm: number | null;
  readonly emaMomentum: number;
  /** Steps taken (int32 scalar), Keras's `optimizer.iterations`. */
  readonly iterations: Weight;
  /** The learning rate as a variable, so callbacks change it without rebuilding anything. */
  readonly learningRateVariable: Weight;
  private lr: number;
  private slots = new Map<Weight, Weight[]>();
  private slotOrder: Weight[] = [];
  private builtFor: readonly Weight[] | null = null;

  constructor(args: OptimizerArgs, defaultLearningRate: number) {
    const className = (this.constructor as typeof Optimizer).className;
    this.name = args.name ?? autoName(className);
    this.lr = args.learningRate ?? defaultLearningRate;
    if (!(Number.isFinite(this.lr) && this.lr >= 0)) {
      throw new ValueError(`${className}: \`learning_rate\` must be a non-negative number. Received: learning_rate=${args.learningRate}`);
    }
    this.weightDecay = args.weightDecay ?? null;
    this.clipnorm = args.clipnorm ?? null;
    this.clipvalue = args.clipvalue ?? null;
    this.globalClipnorm = args.globalClipnorm ?? null;
    this.emaMomentum = args.emaMomentum ?? 0.99;
    const clips = [this.clipnorm, this.clipvalue, this.globalClipnorm].filter((c) => c !== null).length;
    if (clips > 1) {
      throw new ValueError(`${className}: only one of \`clipnorm\`, \`clipvalue\` and \`global_clipnorm\` can be set.`);
    }
    for (const [key, value] of [
      ['use_ema', args.useEma ? true : null],
      ['ema_overwrite_frequency', args.emaOverwriteFrequency ?? null],
      ['loss_scale_factor', args.lossScaleFactor ?? null],
      ['gradient_accumulation_steps', args.gradientAccumulationSteps ?? null],
    ] as const) {
      if (value !== null) throw new ValueError(`${className}: \`${key}\` is not supported by kfn yet. Received: ${key}=${String(value)}`);
    }
    this.iterations = new Weight({ name: 'iteration', shape: [], dtype: 'int32', initializer: new Zeros(), trainable: false }, this.name);
    this.learningRateVariable = new Weight(
      { name: 'learning_rate', shape: [], dtype: 'float32', initializer: new CurrentValue(() => this.lr), trainable: false },
      this.name,
    );
  }

  get className(): string {
    return (this.constructor as typeof Optimizer).className;
  }

  /** Slot names, grouped as Keras creates them (a group is interleaved per variable). */
  protected abstract slotGroups(): SlotGroups;

  /** One variable's update; `slots` in `slotGroups` order (flattened). Runs inside a `tidy`. */
  protected abstract updateStep(grad: Tensor, variable: Variable, slots: Variable[], lr: Tensor, ops: Backend): void;

  get learningRate(): number {
    return this.lr;
  }

  set learningRate(value: number) {
    this.lr = value;
    // Not yet on a backend: the variable starts from `lr` when first read.
    if (this.learningRateVariable.isInitialized) this.learningRateVariable.assign([value]);
  }

  /** Every state variable in Keras's saving order: iteration, learning_rate, slots. */
  get variables(): Weight[] {
    return [this.iterations, this.learningRateVariable, ...this.slotOrder];
  }

  get built(): boolean {
    return this.builtFor !== null;
  }

  /** Declares the slot variables for `vars` (the model's trainable weights), once. */
  build(vars: readonly Weight[]): void {
    if (this.builtFor !== null) return;
    for (const group of this.slotGroups()) {
      for (const v of vars) {
        for (const slot of group) {
          const w = new Weight(
            { name: `${v.path.replace(/\//g, '_')}_${slot}`, shape: v.shape, dtype: v.dtype, initializer: new Zeros(), trainable: false },
            this.name,
          );
          const list = this.slots.get(v) ?? [];
          list.push(w);
          this.slots.set(v, list);
          this.slotOrder.push(w);
        }
      }
    }
    this.builtFor = [...vars];
  }

  /**
   * Restores saved state (Keras's `load_own_variables`): `values` in `variables` order
   * (iteration, learning_rate, slots), as a `.keras` file's `optimizer/vars` holds them.
   * Builds the slots for `vars` first. Returns false, changing nothing, when the counts differ
   * (Keras then warns and keeps a fresh optimizer).
   */
  loadVariables(values: readonly (TypedArray | readonly number[])[], vars: readonly Weight[]): boolean {
    this.build(vars);
    const targets = this.variables;
    if (values.length !== targets.length) {
      console.warn(
        `Optimizer "${this.name}": the saved state has ${values.length} variables but this optimizer has ${targets.length}; it starts fresh.`,
      );
      return false;
    }
    targets.forEach((w, i) => w.assign(values[i] as TypedArray));
    this.lr = (values[1] as ArrayLike<number>)[0] ?? this.lr;
    return true;
  }

  // Scalars and other values every weight's update shares, made once per `applyGradients`
  // rather than once per weight: on wasm a scalar costs a heap allocation and a copy (~10 µs).
  private stepValues: Map<string, Tensor> | null = null;

  /** A float32 scalar, made once per `applyGradients` call. */
  protected constant(value: number, ops: Backend): Tensor {
    return this.perStep(`constant:${value}`, () => ops.scalar(value));
  }

  /**
   * A value made once per `applyGradients` call, freed with that call's scope. Call it from
   * `updateStep` itself, not inside a nested `tidy` (which would free the cached value early).
   */
  protected perStep(key: string, make: () => Tensor): Tensor {
    const cache = this.stepValues;
    if (cache === null) return make();
    let value = cache.get(key);
    if (value === undefined) cache.set(key, (value = make()));
    return value;
  }

  /** Applies one step of gradients to `vars` (same order), then increments `iterations`. */
  applyGradients(grads: readonly Tensor[], vars: readonly Weight[]): void {
    const ops = getBackend();
    this.build(vars);
    this.stepValues = new Map();
    try {
      this.applyInScope(grads, vars, ops);
    } finally {
      this.stepValues = null;
    }
  }

  private applyInScope(grads: readonly Tensor[], vars: readonly Weight[], ops: Backend): void {
    ops.tidy(() => {
      const clipped = this.clipGradients(grads, ops);
      const lr = this.learningRateVariable.read();
      if (this.weightDecay) {
        const factor = ops.mul(lr, ops.scalar(this.weightDecay));
        for (const v of vars) {
          const variable = v.read();
          variable.assign(ops.sub(variable, ops.mul(variable, factor)));
        }
      }
      vars.forEach((v, i) => {
        const slots = (this.slots.get(v) ?? []).map((s) => s.read());
        this.updateStep(clipped[i] as Tensor, v.read(), slots, lr, ops);
      });
      const it = this.iterations.read();
      it.assign(ops.add(it, ops.scalar(1, 'int32')));
    });
  }

  /** `t = iterations + 1` as a float32 scalar, for bias corrections. */
  protected localStep(ops: Backend): Tensor {
    return this.perStep('localStep', () => ops.add(ops.cast(this.iterations.read(), 'float32'), ops.scalar(1)));
  }

  private clipGradients(grads: readonly Tensor[], ops: Backend): readonly Tensor[] {
    if (this.clipnorm && this.clipnorm > 0) {
      const c = this.clipnorm;
      return grads.map((g) => {
        const norm = ops.sqrt(ops.sum(ops.square(g)));
        return ops.div(ops.mul(g, ops.scalar(c)), ops.maximum(norm, ops.scalar(c)));
      });
    }
    if (this.globalClipnorm && this.globalClipnorm > 0) {
      const c = this.globalClipnorm;
      let sq = ops.scalar(0);
      for (const g of grads) sq = ops.add(sq, ops.sum(ops.square(g)));
      const scale = ops.mul(ops.scalar(c), ops.minimum(ops.div(ops.scalar(1), ops.sqrt(sq)), ops.scalar(1 / c)));
      return grads.map((g) => ops.mul(g, scale));
    }
    const v = this.clipvalue;
    if (v && v > 0) return grads.map((g) => ops.clip(g, -v, v));
    return grads;
  }

  /** The slot variables of one model weight (empty before `build`). */
  slotsOf(v: Weight): readonly Weight[] {
    return this.slots.get(v) ?? [];
  }

  /** Frees the state on the backend. */
  dispose(): void {
    for (const w of this.variables) w.dispose();
  }

  getConfig(): Record<string, unknown> {
    return {
      name: this.name,
      learning_rate: Math.fround(this.lr),
      weight_decay: this.weightDecay,
      clipnorm: this.clipnorm,
      global_clipnorm: this.globalClipnorm,
      clipvalue: this.clipvalue,
      use_ema: false,
      ema_momentum: this.emaMomentum,
      ema_overwrite_frequency: null,
      loss_scale_factor: null,
      gradient_accumulation_steps: null,
    };
  }

  serialize(): KerasObject {
    return builtinObject('keras.optimizers', this.className, this.getConfig());
  }
}

/** A scalar initializer reading a value when the variable is first made (the current learning rate). */
class CurrentValue extends Initializer {
  static override className = 'Constant';
  constructor(private readonly value: () => number) {
    super();
  }
  generate(): Float32Array {
    return Float32Array.of(this.value());
  }
}
