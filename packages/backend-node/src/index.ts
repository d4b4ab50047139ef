// @kfn/backend-node: kfn on TensorFlow's native kernels through @tensorflow/tfjs-node. Node only.
import { tfjsProvider } from '@kfn/backend-tfjs';
import { BackendError, type Backend, type BackendProvider } from '@kfn/graph';
import * as tf from '@tensorflow/tfjs-core';

export interface NodeOptions {
  /** Loads tfjs-node (which registers the "tensorflow" backend); replaceable for tests. */
  importTfjsNode?: () => Promise<unknown>;
}

const INSTALL = 'npm install @tensorflow/tfjs-node@4.22.0';

/** Turns tfjs-node's import failure into an error that says what is missing and how to fix it. */
export function explainImportFailure(error: unknown): BackendError {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (message.includes('tfjs_binding.node')) {
    return new BackendError(
      'Backend "node": @tensorflow/tfjs-node is installed without its native library (tfjs_binding.node is missing; ' +
        'its install script downloads libtensorflow, which failed or was skipped). Fix: with internet access, run ' +
        '`npm rebuild @tensorflow/tfjs-node` (pnpm: allow its build script, then `pnpm rebuild @tensorflow/tfjs-node`), ' +
        'or build it with `npm rebuild @tensorflow/tfjs-node --build-addon-from-source`; or use @kfn/backend-wasm instead. ' +
        `Original error: ${message.split('\n')[0]}`,
    );
  }
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /Cannot find (package|module) '@tensorflow\/tfjs-node'/.test(message)) {
    return new BackendError(
      `Backend "node": @tensorflow/tfjs-node is not installed (it is an optional peer dependency of @kfn/backend-node). ` +
        `Fix: \`${INSTALL}\` (its install script downloads libtensorflow, so it needs internet access), or use @kfn/backend-wasm instead.`,
    );
  }
  return new BackendError(`Backend "node": loading @tensorflow/tfjs-node failed: ${message}`);
}

/** A node provider; `importTfjsNode` replaces the dynamic import (tests simulate failures with it). */
export function createNodeProvider(options: NodeOptions = {}): BackendProvider {
  const importTfjsNode = options.importTfjsNode ?? (() => import('@tensorflow/tfjs-node'));
  const inner = tfjsProvider(tf, 'tensorflow', { name: 'node' });
  let imported: Promise<unknown> | null = null;
  return {
    name: 'node',
    async load(): Promise<Backend> {
      imported ??= importTfjsNode();
      try {
        await imported;
      } catch (e) {
        imported = null;
        throw explainImportFailure(e);
      }
      return inner.load();
    },
  };
}

/** `await useBackend(node)`: TensorFlow's C++ kernels; needs @tensorflow/tfjs-node with its native library. */
export const node: BackendProvider = createNodeProvider();
