import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
const med = (f: () => void, n = 5000) => { for (let i = 0; i < 500; i++) f(); const s: number[] = []; for (let i = 0; i < n; i++) { const t = performance.now(); f(); s.push(performance.now() - t); } s.sort((a, b) => a - b); return (s[n >> 1]! * 1000).toFixed(1) + 'us'; };
for (const name of ['wasm', 'cpu']) {
  await tf.setBackend(name); await tf.ready();
  for (const [m, k, n] of [[1, 784, 64], [1, 64, 64], [1, 64, 10], [1024, 784, 64]]) {
    const x = tf.randomUniform([m, k]); const w = tf.randomUniform([k, n]); const b = tf.randomUniform([n]);
    const r: string[] = [];
    r.push('fused b+relu ' + med(() => tf.dispose(tf.fused.matMul({ a: x, b: w, bias: b, activation: 'relu' })), m > 1 ? 50 : 5000));
    r.push('fused b ' + med(() => tf.dispose(tf.fused.matMul({ a: x, b: w, bias: b })), m > 1 ? 50 : 5000));
    r.push('fused none ' + med(() => tf.dispose(tf.fused.matMul({ a: x, b: w })), m > 1 ? 50 : 5000));
    r.push('mm+add+relu ' + med(() => tf.dispose(tf.tidy(() => tf.relu(tf.add(tf.matMul(x, w), b)))), m > 1 ? 50 : 5000));
    console.log(name, m, k, n, r.join(' | '));
  }
}
