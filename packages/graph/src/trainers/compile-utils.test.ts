import { beforeEach, describe, expect, it } from 'vitest';
import { clearSession, Dense, Input, Model, ValueError } from '../index.js';
import { BinaryCrossentropy } from '../losses/binary-crossentropy.js';
import { CategoricalCrossentropy } from '../losses/categorical-crossentropy.js';
import { RMSprop } from '../optimizers/rmsprop.js';
import { Adam } from '../optimizers/adam.js';
import { CompiledLoss, CompiledMetrics } from './compile-utils.js';
import { compileArgsFromConfig } from './compile-from-config.js';
import { outputInfo } from './trainer.js';

beforeEach(() => clearSession());

function dictModel(): Model {
  const x = Input({ shape: [5] });
  const priority = new Dense({ units: 1, name: 'priority' }).apply(x);
  const department = new Dense({ units: 4, name: 'department' }).apply(x);
  return new Model({ inputs: x, outputs: { priority, department } });
}

describe('compile: losses and metrics per output (Keras CompileLoss / CompileMetrics)', () => {
  it('names record outputs by sorted key; a loss array follows that order (the guide trap)', () => {
    const out = outputInfo(dictModel() as never);
    expect(out.names).toEqual(['department', 'priority']);
    const loss = new CompiledLoss([new BinaryCrossentropy({ fromLogits: true }), new CategoricalCrossentropy({ fromLogits: true })], [1, 0.2], out);
    expect(loss.entries.map((e) => [out.names[e.index], e.loss.className, e.weight])).toEqual([
      ['department', 'BinaryCrossentropy', 1],
      ['priority', 'CategoricalCrossentropy', 0.2],
    ]);
    expect(loss.trackers.map((t) => t.name)).toEqual(['department_loss', 'priority_loss']);
  });

  it('records by output name are unambiguous; unknown keys and wrong lengths fail', () => {
    const out = outputInfo(dictModel() as never);
    const loss = new CompiledLoss({ priority: 'binary_crossentropy', department: 'categorical_crossentropy' }, { priority: 1, department: 0.2 }, out);
    expect(loss.entries.map((e) => [out.names[e.index], e.loss.name, e.weight])).toEqual([
      ['department', 'categorical_crossentropy', 0.2],
      ['priority', 'binary_crossentropy', 1],
    ]);
    expect(() => new CompiledLoss({ prio: 'mse' }, null, out)).toThrow(/keys "prio" do not match any output.*"department", "priority"/);
    expect(() => new CompiledLoss(['mse'], null, out)).toThrow(ValueError);
  });

  it('names multi-output metrics <output>_<metric>; a flat list is refused', () => {
    const out = outputInfo(dictModel() as never);
    const metrics = new CompiledMetrics({ priority: ['mae'], department: ['accuracy'] }, out);
    metrics.build([[null, 4], [null, 1]]); // targets in output order: department, priority
    expect(metrics.list.map((m) => [m.name, m.className])).toEqual([
      ['department_accuracy', 'CategoricalAccuracy'],
      ['priority_mae', 'MeanAbsoluteError'],
    ]);
    expect(() => new CompiledMetrics(['accuracy'], out)).toThrow(/must be an array of arrays/);
  });

  it('a single-output model keeps plain names and tracks no per-output loss', () => {
    const x = Input({ shape: [3] });
    const out = outputInfo(new Model(x, new Dense({ units: 10 }).apply(x)) as never);
    const loss = new CompiledLoss('sparse_categorical_crossentropy', null, out);
    expect(loss.trackers).toEqual([]);
    const metrics = new CompiledMetrics(['accuracy'], out);
    metrics.build([[null]]);
    expect(metrics.list.map((m) => [m.name, m.className])).toEqual([['accuracy', 'SparseCategoricalAccuracy']]);
  });

  it('compile_config round trip (Keras under torch writes backend modules)', () => {
    const args = compileArgsFromConfig({
      optimizer: { module: 'keras.src.backend.torch.optimizers.torch_rmsprop', class_name: 'RMSprop', config: { name: 'rm_sprop', learning_rate: 0.0010000000474974513, rho: 0.9, momentum: 0.0, epsilon: 1e-7, centered: false, use_ema: false, weight_decay: null }, registered_name: 'RMSprop' },
      loss: { module: 'keras.losses', class_name: 'SparseCategoricalCrossentropy', config: { name: 'sparse_categorical_crossentropy', reduction: 'sum_over_batch_size', from_logits: true, ignore_class: null, axis: -1 }, registered_name: null },
      loss_weights: null,
      metrics: ['accuracy'],
    });
    expect(args.optimizer).toBeInstanceOf(RMSprop);
    expect((args.optimizer as RMSprop).name).toBe('rm_sprop');
    expect(args.metrics).toEqual(['accuracy']);
  });
});

describe('optimizer state naming (no backend needed to declare it)', () => {
  it('Adam declares iteration, learning_rate, then momentum/velocity interleaved per variable', () => {
    const x = Input({ shape: [3] });
    const model = new Model(x, new Dense({ units: 2 }).apply(x));
    const adam = new Adam();
    adam.build(model.trainableWeights);
    expect(adam.variables.map((v) => [v.path, [...v.shape], v.dtype])).toEqual([
      ['adam/iteration', [], 'int32'],
      ['adam/learning_rate', [], 'float32'],
      ['adam/dense_kernel_momentum', [3, 2], 'float32'],
      ['adam/dense_kernel_velocity', [3, 2], 'float32'],
      ['adam/dense_bias_momentum', [2], 'float32'],
      ['adam/dense_bias_velocity', [2], 'float32'],
    ]);
  });
});
