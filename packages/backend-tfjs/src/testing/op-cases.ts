import type { Backend, ConvOptions, FusableActivation, Tensor } from '@kfn/graph';
import type { InputSpec } from './data.js';

/** One op of the Backend interface on given inputs; `grad` also compares d(sum(out))/d(float inputs). */
export interface OpCase {
  name: string;
  inputs: InputSpec[];
  run: (ops: Backend, x: Tensor[]) => Tensor | Tensor[];
  grad?: boolean;
}

const f = (...shape: number[]): InputSpec => ({ shape });
const pos = (...shape: number[]): InputSpec => ({ shape, kind: 'positive' });
const int = (max: number, ...shape: number[]): InputSpec => ({ shape, kind: 'int', max });
const bool = (...shape: number[]): InputSpec => ({ shape, kind: 'bool' });
const a0 = (x: Tensor[]): Tensor => x[0] as Tensor;
const a1 = (x: Tensor[]): Tensor => x[1] as Tensor;
const a2 = (x: Tensor[]): Tensor => x[2] as Tensor;

const unary = (name: keyof Backend & string, spec: InputSpec = f(3, 4), grad = true): OpCase => ({
  name,
  inputs: [spec],
  run: (ops, x) => (ops[name] as (t: Tensor) => Tensor)(a0(x)),
  grad,
});
const binary = (name: keyof Backend & string, sa: InputSpec = f(3, 4), sb: InputSpec = f(4), grad = true): OpCase => ({
  name,
  inputs: [sa, sb],
  run: (ops, x) => (ops[name] as (a: Tensor, b: Tensor) => Tensor)(a0(x), a1(x)),
  grad,
});

const conv = (strides: number[], padding: 'valid' | 'same', dilationRate: number[]): ConvOptions => ({ strides, padding, dilationRate });
const ACTS: FusableActivation[] = ['linear', 'relu', 'relu6', 'sigmoid', 'elu', 'leakyrelu'];

/** Every op of the Backend interface, on small shapes that exercise broadcasting and axes. */
export const OP_CASES: OpCase[] = [
  binary('add'),
  binary('sub', f(2, 3, 4), f(3, 1)),
  binary('mul'),
  binary('div', f(3, 4), pos(4)),
  binary('maximum', f(3, 4), f(3, 4)),
  binary('minimum', f(3, 4), f(3, 4)),
  binary('pow', pos(3, 4), f(3, 4)),
  unary('neg'),
  unary('abs'),
  unary('exp'),
  unary('log', pos(3, 4)),
  unary('log1p', pos(3, 4)),
  unary('sqrt', pos(3, 4)),
  unary('square'),
  unary('sign', f(3, 4), false),
  { name: 'clip', inputs: [f(3, 4)], run: (ops, x) => ops.clip(a0(x), -0.5, 0.7), grad: true },
  { name: 'cast float->int32', inputs: [f(3, 4)], run: (ops, x) => ops.cast(a0(x), 'int32') },
  { name: 'cast int32->float32', inputs: [int(9, 3, 4)], run: (ops, x) => ops.cast(a0(x), 'float32') },
  { name: 'equal', inputs: [int(3, 3, 4), int(3, 4)], run: (ops, x) => ops.cast(ops.equal(a0(x), a1(x)), 'float32') },
  { name: 'greater', inputs: [f(3, 4), f(3, 4)], run: (ops, x) => ops.cast(ops.greater(a0(x), a1(x)), 'float32') },
  { name: 'where', inputs: [bool(3, 4), f(3, 4), f(3, 4)], run: (ops, x) => ops.where(ops.cast(a0(x), 'bool'), a1(x), a2(x)) },
  { name: 'scalar, zeros, ones', inputs: [], run: (ops) => [ops.scalar(2.5), ops.zeros([2, 3]), ops.ones([3], 'int32')] },
  { name: 'zerosLike, onesLike', inputs: [f(2, 3)], run: (ops, x) => [ops.zerosLike(a0(x)), ops.onesLike(a0(x))] },
  unary('relu'),
  unary('relu6', { shape: [3, 4], kind: 'normal' }),
  { name: 'leakyRelu', inputs: [f(3, 4)], run: (ops, x) => ops.leakyRelu(a0(x), 0.3), grad: true },
  unary('elu'),
  unary('selu'),
  unary('sigmoid'),
  unary('tanh'),
  unary('softplus'),
  { name: 'softmax last axis', inputs: [f(3, 5)], run: (ops, x) => ops.softmax(a0(x), -1), grad: true },
  { name: 'softmax axis 1 of 3', inputs: [f(2, 3, 4)], run: (ops, x) => ops.softmax(a0(x), 1), grad: true },
  { name: 'logSoftmax last axis', inputs: [f(3, 5)], run: (ops, x) => ops.logSoftmax(a0(x), 1), grad: true },
  { name: 'logSoftmax axis 0', inputs: [f(3, 5)], run: (ops, x) => ops.logSoftmax(a0(x), 0), grad: true },
  unary('erf'),
  { name: 'matMul', inputs: [f(3, 4), f(4, 5)], run: (ops, x) => ops.matMul(a0(x), a1(x)), grad: true },
  { name: 'matMul transposed', inputs: [f(4, 3), f(5, 4)], run: (ops, x) => ops.matMul(a0(x), a1(x), true, true), grad: true },
  { name: 'matMul batched', inputs: [f(2, 3, 4), f(2, 4, 5)], run: (ops, x) => ops.matMul(a0(x), a1(x)), grad: true },
  ...ACTS.map((act): OpCase => ({
    name: `dense ${act}`,
    inputs: [f(3, 6), f(6, 4), f(4)],
    run: (ops, x) => ops.dense(a0(x), a1(x), a2(x), act),
    grad: true,
  })),
  { name: 'dense without bias', inputs: [f(3, 6), f(6, 4)], run: (ops, x) => ops.dense(a0(x), a1(x), null, 'linear'), grad: true },
  { name: 'conv 1-D valid', inputs: [f(2, 9, 3), f(3, 3, 4), f(4)], run: (ops, x) => ops.conv(a0(x), a1(x), a2(x), 'relu', conv([1], 'valid', [1])), grad: true },
  { name: 'conv 1-D same stride 2', inputs: [f(2, 9, 3), f(3, 3, 4)], run: (ops, x) => ops.conv(a0(x), a1(x), null, 'linear', conv([2], 'same', [1])), grad: true },
  { name: 'conv 1-D dilated', inputs: [f(2, 9, 3), f(3, 3, 4), f(4)], run: (ops, x) => ops.conv(a0(x), a1(x), a2(x), 'sigmoid', conv([1], 'same', [2])), grad: true },
  ...ACTS.map((act): OpCase => ({
    name: `conv 2-D valid ${act}`,
    inputs: [f(2, 7, 6, 3), f(3, 3, 3, 4), f(4)],
    run: (ops, x) => ops.conv(a0(x), a1(x), a2(x), act, conv([1, 1], 'valid', [1, 1])),
    grad: true,
  })),
  { name: 'conv 2-D same stride 2', inputs: [f(2, 7, 6, 3), f(3, 2, 3, 4)], run: (ops, x) => ops.conv(a0(x), a1(x), null, 'linear', conv([2, 2], 'same', [1, 1])), grad: true },
  { name: 'conv 2-D dilated', inputs: [f(1, 8, 8, 2), f(3, 3, 2, 3), f(3)], run: (ops, x) => ops.conv(a0(x), a1(x), a2(x), 'relu', conv([1, 1], 'valid', [2, 2])), grad: true },
  { name: 'conv 2-D valid stride 2, rows left over', inputs: [f(2, 8, 9, 3), f(3, 3, 3, 2), f(2)], run: (ops, x) => ops.conv(a0(x), a1(x), a2(x), 'relu', conv([2, 2], 'valid', [1, 1])), grad: true },
  { name: 'conv 2-D one input channel (first layer)', inputs: [f(3, 10, 10, 1), f(3, 3, 1, 8), f(8)], run: (ops, x) => ops.conv(a0(x), a1(x), a2(x), 'relu', conv([1, 1], 'valid', [1, 1])), grad: true },
  { name: 'convTranspose valid', inputs: [f(2, 4, 4, 3), f(3, 3, 5, 3)], run: (ops, x) => ops.convTranspose(a0(x), a1(x), null, 'linear', [2, 6, 6, 5], conv([1, 1], 'valid', [1, 1])), grad: true },
  { name: 'convTranspose valid stride 2', inputs: [f(2, 3, 4, 2), f(3, 2, 4, 2)], run: (ops, x) => ops.convTranspose(a0(x), a1(x), null, 'linear', [2, 7, 8, 4], conv([2, 2], 'valid', [1, 1])), grad: true },
  { name: 'convTranspose same stride 2', inputs: [f(2, 4, 3, 3), f(3, 3, 2, 3)], run: (ops, x) => ops.convTranspose(a0(x), a1(x), null, 'linear', [8, 6, 2], conv([2, 2], 'same', [1, 1])), grad: true },
  { name: 'convTranspose bias and relu', inputs: [f(2, 4, 4, 3), f(3, 3, 5, 3), f(5)], run: (ops, x) => ops.convTranspose(a0(x), a1(x), a2(x), 'relu', [2, 9, 9, 5], conv([2, 2], 'valid', [1, 1])), grad: true },
  { name: 'convTranspose bias and elu, same', inputs: [f(2, 3, 3, 2), f(3, 3, 4, 2), f(4)], run: (ops, x) => ops.convTranspose(a0(x), a1(x), a2(x), 'elu', [2, 6, 6, 4], conv([2, 2], 'same', [1, 1])), grad: true },
  { name: 'maxPool 2-D valid', inputs: [f(2, 7, 7, 3)], run: (ops, x) => ops.maxPool(a0(x), { poolSize: [3, 3], strides: [3, 3], padding: 'valid' }), grad: true },
  { name: 'maxPool 2-D same', inputs: [f(2, 7, 6, 3)], run: (ops, x) => ops.maxPool(a0(x), { poolSize: [2, 3], strides: [2, 2], padding: 'same' }), grad: true },
  { name: 'maxPool 2-D ties (after relu)', inputs: [f(2, 7, 7, 3)], run: (ops, x) => ops.maxPool(ops.relu(a0(x)), { poolSize: [3, 3], strides: [3, 3], padding: 'valid' }), grad: true },
  { name: 'maxPool 2-D overlapping', inputs: [f(2, 6, 5, 2)], run: (ops, x) => ops.maxPool(a0(x), { poolSize: [3, 3], strides: [1, 2], padding: 'valid' }), grad: true },
  { name: 'maxPool 1-D', inputs: [f(2, 9, 3)], run: (ops, x) => ops.maxPool(a0(x), { poolSize: [2], strides: [2], padding: 'valid' }), grad: true },
  { name: 'avgPool 2-D valid', inputs: [f(2, 6, 6, 3)], run: (ops, x) => ops.avgPool(a0(x), { poolSize: [2, 2], strides: [2, 2], padding: 'valid' }), grad: true },
  { name: 'avgPool 2-D same', inputs: [f(2, 7, 5, 3)], run: (ops, x) => ops.avgPool(a0(x), { poolSize: [3, 3], strides: [2, 2], padding: 'same' }), grad: true },
  { name: 'avgPool 1-D same', inputs: [f(2, 9, 3)], run: (ops, x) => ops.avgPool(a0(x), { poolSize: [2], strides: [2], padding: 'same' }), grad: true },
  { name: 'upsampleNearest', inputs: [f(2, 3, 2, 3)], run: (ops, x) => ops.upsampleNearest(a0(x), [3, 2]), grad: true },
  { name: 'reshape', inputs: [f(2, 3, 4)], run: (ops, x) => ops.reshape(a0(x), [6, -1]), grad: true },
  { name: 'transpose', inputs: [f(2, 3, 4)], run: (ops, x) => [ops.transpose(a0(x), [2, 0, 1]), ops.transpose(a0(x))], grad: true },
  { name: 'concat', inputs: [f(2, 3), f(2, 4)], run: (ops, x) => ops.concat([a0(x), a1(x)], 1), grad: true },
  { name: 'slice', inputs: [f(4, 5)], run: (ops, x) => ops.slice(a0(x), [1, 2], [2, -1]), grad: true },
  { name: 'split', inputs: [f(4, 6)], run: (ops, x) => [...ops.split(a0(x), 3, 1), ...ops.split(a0(x), [1, 3], 0)], grad: true },
  { name: 'stack, unstack', inputs: [f(2, 3), f(2, 3)], run: (ops, x) => [ops.stack([a0(x), a1(x)], 1), ...ops.unstack(a0(x), 1)], grad: true },
  { name: 'gather axis 0', inputs: [f(6, 3), int(6, 2, 4)], run: (ops, x) => ops.gather(a0(x), a1(x), 0), grad: true },
  { name: 'gather axis 0, rank-3 params, repeated rows', inputs: [f(4, 2, 3), int(4, 3, 5)], run: (ops, x) => ops.gather(a0(x), a1(x), 0), grad: true },
  { name: 'gather axis 2', inputs: [f(2, 3, 5), int(5, 2, 2)], run: (ops, x) => ops.gather(a0(x), a1(x), 2), grad: true },
  { name: 'gather axis 1', inputs: [f(2, 5, 3), int(5, 4)], run: (ops, x) => ops.gather(a0(x), a1(x), 1), grad: true },
  { name: 'expandDims, squeeze', inputs: [f(2, 1, 3)], run: (ops, x) => [ops.expandDims(a0(x), -1), ops.squeeze(a0(x)), ops.squeeze(a0(x), [1])], grad: true },
  { name: 'tile', inputs: [f(2, 3)], run: (ops, x) => ops.tile(a0(x), [2, 3]), grad: true },
  { name: 'oneHot', inputs: [int(5, 2, 3)], run: (ops, x) => ops.oneHot(a0(x), 5) },
  { name: 'sum', inputs: [f(2, 3, 4)], run: (ops, x) => [ops.sum(a0(x)), ops.sum(a0(x), 1, true), ops.sum(a0(x), [0, 2])], grad: true },
  { name: 'mean', inputs: [f(2, 3, 4)], run: (ops, x) => [ops.mean(a0(x)), ops.mean(a0(x), -1, true), ops.mean(a0(x), [0, 1])], grad: true },
  { name: 'max', inputs: [f(2, 3, 4)], run: (ops, x) => [ops.max(a0(x)), ops.max(a0(x), 1, true), ops.max(a0(x), [1, 2])], grad: true },
  { name: 'min', inputs: [f(2, 3, 4)], run: (ops, x) => [ops.min(a0(x)), ops.min(a0(x), 0), ops.min(a0(x), [0, 2], true)], grad: true },
  { name: 'argMax', inputs: [f(3, 5)], run: (ops, x) => [ops.cast(ops.argMax(a0(x), 1), 'float32'), ops.cast(ops.argMax(a0(x), 0), 'float32')] },
  { name: 'randomUniform (seeded)', inputs: [], run: (ops) => ops.randomUniform([3, 4], -1, 2, 7) },
];
