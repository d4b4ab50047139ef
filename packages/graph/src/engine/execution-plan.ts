import type { Backend, Tensor } from '../backend/backend.js';
import { GraphError } from '../common/errors.js';
import type { Layer } from './layer.js';
import type { Node } from './node.js';
import type { SymbolicTensor } from './symbolic-tensor.js';

/** One layer call of the plan, with its inputs and outputs as slots of a value table. */
export interface PlanStep {
  readonly node: Node;
  readonly layer: Layer<unknown>;
  /** Slots of the node's input tensors, in flatten order. */
  readonly inputSlots: readonly number[];
  /** The layer was called on one tensor (not a list or a record). */
  readonly single: boolean;
  readonly outputSlots: readonly number[];
  /** `training` given explicitly at the call (`layer(x, {training: true})`), which wins over the model's. */
  readonly training: boolean | undefined;
  /** Slots whose last consumer is this step: their values can be freed once it has run. */
  readonly free: readonly number[];
}

/** What a plan needs to know about the model it runs. */
export interface PlanGraph {
  readonly name: string;
  readonly inputs: readonly SymbolicTensor[];
  readonly outputs: readonly SymbolicTensor[];
  readonly graph: { readonly topologicalOrder: readonly Node[] };
}

/**
 * How a model computes, worked out once from its graph (tfjs-layers re-derives much of
 * this per call): the layer calls in topological order, where each call's inputs come
 * from, and the step after which each intermediate tensor is no longer needed.
 */
export class ExecutionPlan {
  readonly steps: readonly PlanStep[];
  readonly inputSlots: readonly number[];
  readonly outputSlots: readonly number[];
  readonly numSlots: number;
  private readonly modelName: string;

  constructor(model: PlanGraph) {
    this.modelName = model.name;
    const slots = new Map<SymbolicTensor, number>();
    const slotOf = (t: SymbolicTensor): number => {
      let s = slots.get(t);
      if (s === undefined) slots.set(t, (s = slots.size));
      return s;
    };
    this.inputSlots = model.inputs.map(slotOf);
    const computed = new Set(this.inputSlots);
    const steps: Omit<PlanStep, 'free'>[] = [];
    for (const node of model.graph.topologicalOrder) {
      if (node.isInput) continue;
      const inputSlots = node.inputTensors.map((t) => {
        const s = slotOf(t);
        if (!computed.has(s)) {
          throw new GraphError(`Model "${model.name}": layer "${node.layer.name}" needs tensor "${t.name}", which no earlier step computes.`);
        }
        return s;
      });
      const outputSlots = node.outputs.map(slotOf);
      for (const s of outputSlots) computed.add(s);
      const training = node.callKwargs.training;
      steps.push({
        node,
        layer: node.layer,
        inputSlots,
        single: node.inputTensors.length === 1 && node.callArgs === node.inputTensors[0],
        outputSlots,
        training: typeof training === 'boolean' ? training : undefined,
      });
    }
    this.outputSlots = model.outputs.map((t) => {
      const s = slots.get(t);
      if (s === undefined || !computed.has(s)) {
        throw new GraphError(`Model "${model.name}": output tensor "${t.name}" is not computed by the model's graph.`);
      }
      return s;
    });

    // A slot is freed after its last reader, unless the caller owns it (inputs) or receives it (outputs).
    const lastUse = new Map<number, number>();
    steps.forEach((step, i) => {
      for (const s of step.inputSlots) lastUse.set(s, i);
    });
    const keep = new Set([...this.inputSlots, ...this.outputSlots]);
    const free: number[][] = steps.map(() => []);
    for (const [slot, i] of lastUse) if (!keep.has(slot)) free[i]?.push(slot);
    // Outputs no step reads (a multi-output layer's unused output) are freed right away.
    steps.forEach((step, i) => {
      for (const s of step.outputSlots) if (!lastUse.has(s) && !keep.has(s)) free[i]?.push(s);
    });
    this.steps = steps.map((step, i) => ({ ...step, free: free[i] as number[] }));
    this.numSlots = slots.size;
  }

  /**
   * Runs the model on concrete tensors (in `model.inputs` order), returning its outputs in
   * `model.outputs` order. Intermediates are disposed as soon as the plan allows, except in
   * training, where the gradient tape and the surrounding scope own them (as in tfjs-layers).
   */
  run(inputs: readonly Tensor[], ops: Backend, training: boolean): Tensor[] {
    if (inputs.length !== this.inputSlots.length) {
      throw new GraphError(
        `Model "${this.modelName}" expects ${this.inputSlots.length} input tensor(s); received ${inputs.length}.`,
      );
    }
    const values: (Tensor | undefined)[] = new Array(this.numSlots);
    // References per concrete tensor: a layer may return its input (identity, inference dropout),
    // so one tensor can sit in several slots and is disposed only when the last one is freed.
    const refs = training ? null : new Map<Tensor, number>();
    const hold = (t: Tensor, n: number): void => {
      if (refs) refs.set(t, (refs.get(t) ?? 0) + n);
    };
    inputs.forEach((x, i) => {
      values[this.inputSlots[i] as number] = x;
      hold(x, 2); // one extra: the caller owns the inputs, they are never disposed here
    });
    for (const step of this.steps) {
      const args = step.single
        ? (values[step.inputSlots[0] as number] as Tensor)
        : step.inputSlots.map((s) => values[s] as Tensor);
      const out = step.layer.call(args, { ops, training: step.training ?? training });
      const outs = Array.isArray(out) ? out : [out];
      if (outs.length !== step.outputSlots.length) {
        throw new GraphError(
          `Layer "${step.layer.name}" returned ${outs.length} tensor(s) but its node in model "${this.modelName}" has ${step.outputSlots.length} output(s).`,
        );
      }
      step.outputSlots.forEach((s, i) => {
        const t = outs[i] as Tensor;
        values[s] = t;
        hold(t, 1);
      });
      if (refs) {
        for (const s of step.free) {
          const t = values[s] as Tensor;
          values[s] = undefined;
          const n = (refs.get(t) ?? 1) - 1;
          if (n > 0) refs.set(t, n);
          else {
            refs.delete(t);
            ops.dispose(t);
          }
        }
      }
    }
    return this.outputSlots.map((s) => values[s] as Tensor);
  }
}
