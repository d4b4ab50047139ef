import { BackendError } from '@kfn/graph';
import { describe, expect, it } from 'vitest';
import { createNodeProvider, explainImportFailure, node } from './index.js';

const notFound = Object.assign(new Error("Cannot find package '@tensorflow/tfjs-node' imported from /app/index.js"), { code: 'ERR_MODULE_NOT_FOUND' });
const noBinding = new Error(
  'The Node.js native addon module (tfjs_binding.node) can not be found at path: /app/node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node.',
);

describe('backend-node: a missing tfjs-node says what is missing and how to fix it', () => {
  it('"not installed" when the package is missing', async () => {
    const provider = createNodeProvider({ importTfjsNode: () => Promise.reject(notFound) });
    const error = await provider.load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as Error).message).toContain('@tensorflow/tfjs-node is not installed');
    expect((error as Error).message).toContain('npm install @tensorflow/tfjs-node@4.22.0');
  });

  it('"installed without its native library" when tfjs_binding.node is missing', async () => {
    const provider = createNodeProvider({ importTfjsNode: () => Promise.reject(noBinding) });
    const error = await provider.load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as Error).message).toContain('installed without its native library (tfjs_binding.node is missing');
    expect((error as Error).message).toContain('npm rebuild @tensorflow/tfjs-node');
  });

  it('keeps other failures, and retries the import on the next load', async () => {
    expect(explainImportFailure(new Error('boom')).message).toBe('Backend "node": loading @tensorflow/tfjs-node failed: boom');
    let calls = 0;
    const provider = createNodeProvider({
      importTfjsNode: () => {
        calls++;
        return Promise.reject(notFound);
      },
    });
    await expect(provider.load()).rejects.toThrow(BackendError);
    await expect(provider.load()).rejects.toThrow(BackendError);
    expect(calls).toBe(2);
  });

  it('the real import fails here with one of the two explained errors', async () => {
    const error = await node.load().then(
      () => null,
      (e: unknown) => e,
    );
    if (error === null) return; // the binding loads on this machine: conformance.test.ts covers it
    expect((error as Error).message).toMatch(/is not installed|installed without its native library/);
  });
});
