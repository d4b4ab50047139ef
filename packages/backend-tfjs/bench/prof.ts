import { clearSession, Dense, Input, Model, useBackend, type Tensor } from '@kfn/graph';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { tfjsProvider } from '../src/index.js';
const med = (f: () => void, n = 3000) => { for (let i = 0; i < 300; i++) f(); const s: number[] = []; for (let i = 0; i < n; i++) { const t = performance.now(); f(); s.push(performance.now() - t); } s.sort((a, b) => a - b); return (s[n >> 1]! * 1000).toFixed(1) + 'us'; };
for (const name of ['wasm', 'cpu']) {
  const ops = await useBackend(tfjsProvider(tf, name));
  clearSession();
  const inputs = Input({ shape: [784] });
  let x = new Dense({ units: 64, activation: 'relu' }).apply(inputs);
  x = new Dense({ units: 64, activation: 'relu' }).apply(x);
  const model = new Model({ inputs, outputs: new Dense({ units: 10 }).apply(x) });
  const one = ops.tensor(new Float32Array(784).fill(0.5), [1, 784]);
  ops.dispose(model.predict(one) as Tensor);
  const ws = model.weights.map((w) => w.read()) as unknown as tf.Tensor[];
  const x1 = one as unknown as tf.Tensor;
  console.log(name);
  console.log(' predict+dispose', med(() => ops.dispose(model.predict(one) as Tensor)));
  console.log(' predict+dataSync', med(() => { const y = model.predict(one) as tf.Tensor; y.dataSync(); y.dispose(); }));
  console.log(' plan.run in tidy', med(() => ops.dispose(ops.tidy(() => model.executionPlan.run([one], ops, false)))));
  console.log(' raw fused x3 tidy', med(() => tf.dispose(tf.tidy(() => { let h = tf.fused.matMul({ a: x1, b: ws[0]!, bias: ws[1], activation: 'relu' }); h = tf.fused.matMul({ a: h, b: ws[2]!, bias: ws[3], activation: 'relu' }); return tf.fused.matMul({ a: h, b: ws[4]!, bias: ws[5] }); }))));
  console.log(' raw fused 1st', med(() => tf.dispose(tf.fused.matMul({ a: x1, b: ws[0]!, bias: ws[1], activation: 'relu' }))));
  console.log(' matMul 1st only', med(() => tf.dispose(tf.matMul(x1, ws[0]!))));
  console.log(' tidy empty', med(() => tf.tidy(() => {})));
  console.log(' tensor create', med(() => tf.dispose(tf.tensor(new Float32Array(784), [1, 784]))));
}
