import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Trains a small conv + dense model in a plain `node` process on the BUILT package (no Vite,
 * no tsx): tfjs-core's gradients must load from `@kfn/backend-tfjs`'s bundle, without
 * tfjs-layers. Vitest resolves tfjs-core's extension-less ESM imports and would hide a failure.
 * Needs `npx turbo run build` first (CI builds before testing).
 */
export function describePlainNodeTraining(packageDir: string, packageName: string, exportName: string): void {
  const built = existsSync(path.join(packageDir, 'dist/index.js')) && existsSync(path.join(packageDir, '../backend-tfjs/dist/register-gradients.bundle.js'));
  describe(`plain node on the built ${packageName}`, () => {
    it.skipIf(!built)(`trains with fit${built ? '' : ' (skipped: run `npx turbo run build` first)'}`, () => {
      const script = `
        import { createRequire } from 'node:module';
        import { Conv2D, Dense, Flatten, Input, Model, useBackend } from '@kfn/graph';
        import { ${exportName} as provider } from '${packageName}';
        const ops = await useBackend(provider);
        const input = Input({ shape: [6, 6, 1] });
        const h = new Flatten().apply(new Conv2D({ filters: 3, kernelSize: 3, activation: 'relu' }).apply(input));
        const model = new Model({ inputs: input, outputs: new Dense({ units: 2 }).apply(h) });
        model.compile({ optimizer: 'adam', loss: 'mse' });
        const x = Float32Array.from({ length: 16 * 36 }, (_, i) => Math.sin(i));
        const y = Float32Array.from({ length: 32 }, (_, i) => Math.cos(i));
        const before = ops.numTensors();
        const { history } = await model.fit(x, y, { batchSize: 8, epochs: 3, verbose: 0 });
        const layers = Object.keys(createRequire(import.meta.url).cache).filter((k) => k.includes('tfjs-layers'));
        console.log(JSON.stringify({ loss: history.loss, layers: layers.length, tensors: ops.numTensors() - before }));
      `;
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: packageDir, encoding: 'utf8', timeout: 120_000 });
      const result = JSON.parse(out.trim().split('\n').at(-1) as string) as { loss: number[]; layers: number; tensors: number };
      expect(result.loss).toHaveLength(3);
      for (const l of result.loss) expect(Number.isFinite(l)).toBe(true);
      expect(result.loss[2] as number).toBeLessThan(result.loss[0] as number);
      expect(result.layers, 'tfjs-layers modules loaded').toBe(0);
    }, 120_000);
  });
}
