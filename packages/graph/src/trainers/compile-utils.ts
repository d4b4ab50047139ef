import type { Backend, Tensor } from '../backend/backend.js';
import { ValueError } from '../common/errors.js';
import { isPlainRecord } from '../common/nest.js';
import type { Shape } from '../common/shape.js';
import { getLoss, type LossIdentifier } from '../losses/get.js';
import type { Loss } from '../losses/loss.js';
import { getMetric, type MetricIdentifier } from '../metrics/get.js';
import { Mean } from '../metrics/mean.js';
import type { Metric } from '../metrics/metric.js';
import { isKerasObject } from '../saving/keras-object.js';

export type LossSpec = LossIdentifier | readonly (LossIdentifier | null)[] | { readonly [output: string]: LossIdentifier | null };
export type LossWeightsSpec = readonly number[] | { readonly [output: string]: number };
export type MetricsSpec =
  | readonly MetricIdentifier[]
  | readonly (readonly MetricIdentifier[] | MetricIdentifier | null)[]
  | { readonly [output: string]: readonly MetricIdentifier[] | MetricIdentifier };

/** The model's outputs as compile sees them, in `model.outputs` order (record outputs: sorted keys). */
export interface OutputInfo {
  readonly model: string;
  readonly names: readonly string[];
  readonly shapes: readonly Shape[];
}

interface LossEntry {
  readonly index: number;
  readonly loss: Loss;
  readonly weight: number;
  /** `<output>_loss`, tracked when more than one output has a loss. */
  readonly tracker: Mean | null;
}

/** Resolves an entry per output from one value, an array (flatten order) or a record by output name. */
function perOutput<T>(spec: unknown, out: OutputInfo, arg: string, isLeaf: (x: unknown) => boolean): (T | null)[] {
  const n = out.names.length;
  if (isPlainRecord(spec) && !isLeaf(spec)) {
    const record = spec as Record<string, T>;
    const unknown = Object.keys(record).filter((k) => !out.names.includes(k));
    if (unknown.length > 0) {
      throw new ValueError(
        `In the dict argument \`${arg}\` of compile(), keys ${unknown.map((k) => `"${k}"`).join(', ')} do not match any output of model "${out.model}". Expected keys: ${out.names.map((k) => `"${k}"`).join(', ')}.`,
      );
    }
    return out.names.map((k) => record[k] ?? null);
  }
  if (Array.isArray(spec)) {
    if (spec.length !== n) {
      throw new ValueError(
        `\`${arg}\` of compile() has ${spec.length} entries but model "${out.model}" has ${n} output(s) (${out.names.join(', ')}); for record outputs, arrays follow sorted output names.`,
      );
    }
    return spec as (T | null)[];
  }
  return out.names.map(() => spec as T);
}

const isLossLeaf = (x: unknown): boolean => typeof x === 'string' || isKerasObject(x) || (typeof x === 'object' && x !== null && 'call' in x);

/** Keras's `CompileLoss`: total = Σ wᵢ·lossᵢ, with the unweighted per-output losses tracked. */
export class CompiledLoss {
  readonly entries: readonly LossEntry[];

  constructor(loss: LossSpec, lossWeights: LossWeightsSpec | null, out: OutputInfo) {
    const losses = perOutput<LossIdentifier>(loss, out, 'loss', isLossLeaf);
    const weights = lossWeights === null ? out.names.map(() => 1) : perOutput<number>(lossWeights, out, 'loss_weights', () => false);
    const present = losses.filter((l) => l !== null).length;
    if (present === 0) throw new ValueError(`compile() of model "${out.model}" needs a loss for at least one output.`);
    this.entries = losses.flatMap((id, index) => {
      if (id === null) return [];
      const name = out.names[index] as string;
      return [{
        index,
        loss: getLoss(id, `loss["${name}"]`),
        weight: weights[index] ?? 1,
        tracker: present > 1 ? new Mean({ name: `${name}_loss` }) : null,
      }];
    });
  }

  /** The weighted total (inside the gradient tape) and each output's unweighted loss. */
  compute(yTrue: readonly Tensor[], yPred: readonly Tensor[], sampleWeights: readonly (Tensor | null)[], ops: Backend): { total: Tensor; parts: Tensor[] } {
    const parts = this.entries.map((e) => e.loss.compute(yTrue[e.index] as Tensor, yPred[e.index] as Tensor, sampleWeights[e.index] ?? null, ops));
    let total: Tensor | null = null;
    this.entries.forEach((e, i) => {
      const weighted = e.weight === 1 ? (parts[i] as Tensor) : ops.mul(parts[i] as Tensor, ops.scalar(e.weight));
      total = total === null ? weighted : ops.add(total, weighted);
    });
    return { total: total as unknown as Tensor, parts };
  }

  get trackers(): Mean[] {
    return this.entries.flatMap((e) => (e.tracker ? [e.tracker] : []));
  }
}

/** Keras's `CompileMetrics`: metric objects per output, named `<output>_<metric>` for several outputs. */
export class CompiledMetrics {
  private metrics: { index: number; metric: Metric }[] | null = null;

  constructor(
    private readonly spec: MetricsSpec | null,
    private readonly out: OutputInfo,
  ) {
    if (spec !== null) perOutput<unknown>(this.normalized(), out, 'metrics', () => false);
  }

  /** A flat list for a multi-output model is ambiguous, as in Keras 3. */
  private normalized(): unknown {
    const spec = this.spec;
    if (Array.isArray(spec) && this.out.names.length === 1 && !spec.some((s) => Array.isArray(s))) return [spec];
    if (Array.isArray(spec) && this.out.names.length > 1 && !spec.every((s) => Array.isArray(s) || s === null)) {
      throw new ValueError(
        `For model "${this.out.model}" with ${this.out.names.length} outputs, \`metrics\` must be an array of arrays (one per output, in ${this.out.names.join(', ')} order) or a record by output name.`,
      );
    }
    return spec;
  }

  /** Makes the metric objects once the targets' shapes are known ('accuracy' depends on them). */
  build(yTrueShapes: readonly Shape[]): void {
    if (this.metrics !== null || this.spec === null) {
      this.metrics ??= [];
      return;
    }
    const per = perOutput<unknown>(this.normalized(), this.out, 'metrics', () => false);
    const multi = this.out.names.length > 1;
    this.metrics = per.flatMap((ids, index) => {
      if (ids === null) return [];
      const list = (Array.isArray(ids) ? ids : [ids]) as MetricIdentifier[];
      return list.map((id) => {
        const metric = getMetric(id, yTrueShapes[index] as Shape, this.out.shapes[index] as Shape);
        if (multi) metric.name = `${this.out.names[index]}_${metric.name}`;
        return { index, metric };
      });
    });
  }

  get list(): Metric[] {
    return (this.metrics ?? []).map((m) => m.metric);
  }

  /** Updates every metric (outside the gradient tape; call inside a `tidy`). */
  update(yTrue: readonly Tensor[], yPred: readonly Tensor[], ops: Backend): void {
    for (const { index, metric } of this.metrics ?? []) metric.updateState(yTrue[index] as Tensor, yPred[index] as Tensor, null, ops);
  }
}
