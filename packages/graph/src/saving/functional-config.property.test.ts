import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { Add, clearSession, Concatenate, Dense, Input, Model, modelFromConfig, serializeModel, type SymbolicTensor } from '../index.js';

beforeEach(() => clearSession());

/** One step of a random program; the integers pick among what exists when it runs. */
const stepArb = fc.record({
  kind: fc.constantFrom('dense', 'dense', 'concat', 'add', 'shared'),
  picks: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
  units: fc.integer({ min: 1, max: 4 }),
});
const programArb = fc.record({
  inputDims: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 10 }),
  recordOutputs: fc.boolean(),
});
type Program = typeof programArb extends fc.Arbitrary<infer T> ? T : never;

const lastDim = (t: SymbolicTensor): number => t.shape.at(-1) as number;

/** Builds the model a program describes; `shared` reuses an existing Dense layer on a new tensor. */
function build(p: Program): { model: Model; shared: boolean } {
  const inputs = p.inputDims.map((d, i) => Input({ shape: [d], name: `in_${i}` }));
  const tensors: SymbolicTensor[] = [...inputs];
  const consumed = new Set<SymbolicTensor>();
  const denses: Dense[] = [];
  let shared = false;
  const pick = (n: number): SymbolicTensor => tensors[n % tensors.length] as SymbolicTensor;
  for (const step of p.steps) {
    const [a = 0, b = 0, c = 0] = step.picks;
    let args: SymbolicTensor[] = [pick(a)];
    let out: SymbolicTensor;
    if (step.kind === 'concat') {
      args = [...new Set([pick(a), pick(b), pick(c)])];
      out = new Concatenate().apply(args);
    } else if (step.kind === 'add' && tensors.filter((t) => lastDim(t) === lastDim(pick(a))).length > 1) {
      const same = tensors.filter((t) => lastDim(t) === lastDim(pick(a)));
      args = [...new Set([pick(a), same[b % same.length] as SymbolicTensor, same[c % same.length] as SymbolicTensor])];
      out = args.length > 1 ? new Add().apply(args) : new Dense({ units: step.units }).apply(pick(a));
    } else {
      const reusable = denses.find((d) => d.buildInputShape?.at(-1) === lastDim(pick(a)) && !d.inboundNodes.some((n) => n.inputTensors[0] === pick(a)));
      const layer = step.kind === 'shared' && reusable ? reusable : new Dense({ units: step.units });
      if (layer === reusable) shared = true;
      else denses.push(layer);
      out = layer.apply(pick(a));
    }
    for (const t of args) consumed.add(t);
    tensors.push(out);
  }
  const sinks = tensors.filter((t) => !consumed.has(t) && !inputs.includes(t));
  const outputs = sinks.length === 0 ? [tensors.at(-1) as SymbolicTensor] : sinks;
  const outStruct = p.recordOutputs
    ? Object.fromEntries(outputs.map((t, i) => [`out_${outputs.length - i}`, t]))
    : outputs.length === 1
      ? (outputs[0] as SymbolicTensor)
      : outputs;
  return { model: new Model({ inputs, outputs: outStruct, name: 'random_dag' }), shared };
}

describe('random DAGs of Dense / Concatenate / Add', () => {
  it('order nodes topologically, count parameters per layer, and round-trip their config exactly', () => {
    fc.assert(
      fc.property(programArb, (p) => {
        clearSession();
        const { model, shared } = build(p);
        for (const m of [model, modelFromConfig(JSON.parse(JSON.stringify(serializeModel(model))))]) {
          // Every node comes after the nodes producing its inputs.
          const seen = new Set(m.nodes.flatMap((n) => n.outputs));
          const order = m.nodes;
          order.forEach((node, i) => {
            for (const t of node.inputTensors) {
              const producer = order.findIndex((n) => n.outputs.includes(t));
              expect(producer).toBeGreaterThanOrEqual(0);
              expect(producer).toBeLessThan(i);
            }
          });
          expect(seen.size).toBeGreaterThan(0);
          // Without shared layers the layer list itself is topological.
          if (!shared) {
            const index = new Map<unknown, number>(m.layers.map((l, i) => [l, i]));
            for (const layer of m.layers) {
              for (const node of layer.inboundNodes.filter((n) => m.graph.nodes.has(n))) {
                for (const t of node.inputTensors) expect(index.get(t.history!.layer)!).toBeLessThan(index.get(layer)!);
              }
            }
          }
          expect(m.countParams()).toBe(m.layers.reduce((s, l) => s + l.countParams(), 0));
        }
        const config = serializeModel(model);
        const revived = modelFromConfig(JSON.parse(JSON.stringify(config)));
        expect(JSON.stringify(serializeModel(revived))).toBe(JSON.stringify(config));
        expect(revived.layers.map((l) => l.name)).toEqual(model.layers.map((l) => l.name));
      }),
      { numRuns: 150, seed: 20260826 },
    );
  });
});
