import { BackendError, type Backend, type BackendProvider } from '@kfn/graph';
import { createTfjsBackend, type TfjsBackendOptions, type TfjsCore } from './tfjs-backend.js';

export interface TfjsProviderOptions extends TfjsBackendOptions {
  /** The provider's name, as `useBackend` reports it; defaults to the tfjs backend name. */
  name?: string;
  /** Runs before the tfjs backend is activated (wasm: set the paths to its binaries). */
  prepare?: () => void | Promise<void>;
  /** Says how to fix it when tfjs cannot initialize the backend. */
  hint?: string;
  /**
   * Registers tfjs's gradient functions when none are (`valueAndGrads` needs them).
   * tfjs-core's Node build ships without them; bundles of @tensorflow/tfjs or tfjs-layers register them.
   */
  loadGradients?: () => Promise<unknown>;
}

/**
 * A `BackendProvider` for one registered tfjs backend. Every `load()` makes that tfjs
 * backend the active one, so `await useBackend(cpu)` then `await useBackend(wasm)` switches
 * kernels; weights move along by themselves (tfjs moves a tensor's data on first use).
 */
export function tfjsProvider(tf: TfjsCore, tfjsName: string, options: TfjsProviderOptions = {}): BackendProvider {
  let backend: Backend | null = null;
  return {
    name: options.name ?? tfjsName,
    async load(): Promise<Backend> {
      await options.prepare?.();
      if (options.loadGradients && tf.getGradient('Sum') === undefined) await options.loadGradients();
      let ok: boolean;
      try {
        ok = await tf.setBackend(tfjsName);
      } catch (e) {
        throw new BackendError(
          `Backend "${tfjsName}" failed to initialize: ${(e as Error).message}${options.hint ? ` ${options.hint}` : ''}`,
        );
      }
      if (!ok) {
        throw new BackendError(
          `Backend "${tfjsName}" is not available: tfjs could not initialize it (registered backends: ${Object.keys(tf.engine().registryFactory).join(', ') || 'none'}).` +
            (options.hint ? ` ${options.hint}` : ''),
        );
      }
      await tf.ready();
      backend ??= createTfjsBackend(tf, tfjsName, options);
      return backend;
    },
  };
}
