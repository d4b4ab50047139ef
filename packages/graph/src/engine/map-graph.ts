import { GraphError } from '../common/errors.js';
import type { Layer } from './layer.js';
import type { Node } from './node.js';
import type { SymbolicTensor } from './symbolic-tensor.js';

export interface GraphMap {
  /** The nodes that belong to the model. */
  nodes: Set<Node>;
  /** Nodes by depth: 0 holds the output nodes, the largest depth the inputs. */
  nodesByDepth: Map<number, Node[]>;
  /** Layers in Keras's order: by decreasing depth, then by first visit. */
  layers: Layer<unknown>[];
  /** Nodes in an order where every node comes after the nodes it consumes. */
  topologicalOrder: Node[];
}

/**
 * Keras's `map_graph` (`ops/function.py`), with the depth-first walk done on an explicit
 * stack so that graphs of any depth build with Node's default stack.
 */
export function mapGraph(inputs: readonly SymbolicTensor[], outputs: readonly SymbolicTensor[]): GraphMap {
  const inputSet = new Set(inputs);
  const finished = new Set<Node>();
  const inProgress = new Set<Node>();
  const order: Node[] = []; // post-order: inputs first
  const layerIndex = new Map<Layer<unknown>, number>(); // pre-order first visit

  interface Frame {
    node: Node;
    next: number; // next input tensor to visit
    expand: boolean;
  }
  for (const output of outputs) {
    const stack: Frame[] = [];
    const enter = (tensor: SymbolicTensor): void => {
      const h = tensor.history;
      if (!h) return;
      const node = h.layer.inboundNodes[h.nodeIndex] as Node;
      if (finished.has(node)) return;
      if (inProgress.has(node)) {
        throw new GraphError(`Tensor "${tensor.name}" from layer "${h.layer.name}" is part of a cycle.`);
      }
      if (!layerIndex.has(h.layer)) layerIndex.set(h.layer, layerIndex.size);
      inProgress.add(node);
      stack.push({ node, next: 0, expand: !node.isInput && !inputSet.has(tensor) });
    };
    enter(output);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as Frame;
      if (frame.expand && frame.next < frame.node.inputTensors.length) {
        enter(frame.node.inputTensors[frame.next++] as SymbolicTensor);
        continue;
      }
      stack.pop();
      inProgress.delete(frame.node);
      finished.add(frame.node);
      order.push(frame.node);
    }
  }

  // Depths: a node sits one deeper than the deepest node consuming it.
  const nodeDepth = new Map<Node, number>();
  const layerDepth = new Map<Layer<unknown>, number>();
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i] as Node;
    let depth = nodeDepth.get(node) ?? 0;
    if (!nodeDepth.has(node)) nodeDepth.set(node, 0);
    depth = Math.max(depth, layerDepth.get(node.layer) ?? 0);
    layerDepth.set(node.layer, depth);
    nodeDepth.set(node, depth);
    for (const parent of node.parentNodes) {
      nodeDepth.set(parent, Math.max(depth + 1, nodeDepth.get(parent) ?? 0));
    }
  }
  // Inputs the outputs do not use still belong to the model, at depth 0.
  for (const input of inputs) {
    const layer = input.history?.layer;
    if (layer && !layerDepth.has(layer)) {
      layerDepth.set(layer, 0);
      layerIndex.set(layer, -1);
      nodeDepth.set(layer.inboundNodes[0] as Node, 0);
    }
  }

  const nodesByDepth = new Map<number, Node[]>();
  for (const [node, depth] of nodeDepth) {
    const list = nodesByDepth.get(depth);
    if (list) list.push(node);
    else nodesByDepth.set(depth, [node]);
  }
  const layers = [...layerDepth.keys()].sort(
    (a, b) => (layerDepth.get(b) as number) - (layerDepth.get(a) as number) || (layerIndex.get(a) as number) - (layerIndex.get(b) as number),
  );

  // Every node's inputs must be computable from the model's inputs.
  const computable = new Set<SymbolicTensor>(inputs);
  const reached: string[] = [];
  const depths = [...nodesByDepth.keys()].sort((a, b) => b - a);
  for (const depth of depths) {
    for (const node of nodesByDepth.get(depth) as Node[]) {
      // Keras lets an Input outside `inputs` through here and fails at run time; kfn fails now.
      if (node.isInput && !inputSet.has(node.outputs[0] as SymbolicTensor)) {
        throw new GraphError(
          `Graph disconnected: the outputs depend on the input "${node.layer.name}", which is not among the model's inputs ` +
            `[${inputs.map((t) => `'${t.history?.layer.name ?? t.name}'`).join(', ')}].`,
        );
      }
      for (const t of node.inputTensors) {
        if (!computable.has(t)) {
          const missing = missingInputName(t);
          throw new GraphError(
            `Graph disconnected: cannot find parent for tensor "${t.name}" at layer "${node.layer.name}". ` +
              (missing ? `It depends on the input "${missing}", which is not among the model's inputs. ` : '') +
              `The following previous layers were accessed without issue: [${reached.map((n) => `'${n}'`).join(', ')}]`,
          );
        }
      }
      if (!node.isInput) reached.push(node.layer.name);
      for (const t of node.outputs) computable.add(t);
    }
  }

  const counts = new Map<string, number>();
  for (const layer of layers) counts.set(layer.name, (counts.get(layer.name) ?? 0) + 1);
  for (const [name, count] of counts) {
    if (count > 1) {
      throw new GraphError(`The name "${name}" is used ${count} times in the model. All layer names should be unique.`);
    }
  }

  return { nodes: new Set(nodeDepth.keys()), nodesByDepth, layers, topologicalOrder: order };
}

/** Finds the Input a disconnected tensor comes from, to name it in the error (iteratively). */
function missingInputName(tensor: SymbolicTensor): string | null {
  const seen = new Set<Node>();
  const stack = [tensor];
  while (stack.length > 0) {
    const t = stack.pop() as SymbolicTensor;
    const h = t.history;
    if (!h) continue;
    const node = h.layer.inboundNodes[h.nodeIndex] as Node;
    if (node.isInput) return h.layer.name;
    if (seen.has(node)) continue;
    seen.add(node);
    stack.push(...node.inputTensors);
  }
  return null;
}
