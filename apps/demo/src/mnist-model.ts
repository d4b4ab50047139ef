import { Dense, Input, Model } from '@kfn/graph';

/** The guide's first model: 784 → Dense(64, relu) → Dense(64, relu) → Dense(10). */
export function buildMnistModel(): Model {
  const inputs = Input({ shape: [784] });
  const dense = new Dense({ units: 64, activation: 'relu' });
  let x = dense.apply(inputs);
  x = new Dense({ units: 64, activation: 'relu' }).apply(x);
  const outputs = new Dense({ units: 10 }).apply(x);
  return new Model({ inputs, outputs, name: 'mnist_model' });
}
