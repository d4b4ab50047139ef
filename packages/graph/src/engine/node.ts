import { flatten, type Nested } from '../common/nest.js';
import type { Layer } from './layer.js';
import { isSymbolicTensor, type SymbolicTensor } from './symbolic-tensor.js';

/**
 * One call of a layer on symbolic tensors (Keras's `ops/node.py`). A layer called
 * several times (a shared layer) has several inbound nodes.
 */
export class Node {
  readonly layer: Layer<unknown>;
  /** The first positional argument, in the structure the user passed. */
  readonly callArgs: Nested<SymbolicTensor>;
  readonly callKwargs: Readonly<Record<string, unknown>>;
  readonly inputTensors: readonly SymbolicTensor[];
  readonly outputs: readonly SymbolicTensor[];
  /** Position of this node in `layer.inboundNodes`. */
  readonly index: number;

  constructor(
    layer: Layer<unknown>,
    callArgs: Nested<SymbolicTensor>,
    callKwargs: Record<string, unknown>,
    outputs: Nested<SymbolicTensor>,
  ) {
    this.layer = layer;
    this.callArgs = callArgs;
    this.callKwargs = callKwargs;
    this.inputTensors = flatten(callArgs, isSymbolicTensor);
    this.outputs = flatten(outputs, isSymbolicTensor);
    this.index = layer.inboundNodes.length;
    layer.inboundNodes.push(this);
    for (const t of this.inputTensors) t.history?.layer.outboundNodes.push(this);
    this.outputs.forEach((t, tensorIndex) => {
      t.history = { layer, nodeIndex: this.index, tensorIndex };
    });
  }

  /** An InputLayer's node: it has no inputs. */
  get isInput(): boolean {
    return this.inputTensors.length === 0;
  }

  /** The nodes that produced this node's inputs. */
  get parentNodes(): Node[] {
    const parents: Node[] = [];
    for (const t of this.inputTensors) {
      const h = t.history;
      if (h) parents.push(h.layer.inboundNodes[h.nodeIndex] as Node);
    }
    return parents;
  }
}
