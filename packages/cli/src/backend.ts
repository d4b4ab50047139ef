import { useBackend, type BackendProvider } from '@kfn/graph';
import { UsageError } from './errors.js';

export const BACKEND_NAMES = ['cpu', 'wasm', 'node'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

// Imported on demand: `kfn --help` should not pay for loading tfjs and its kernels.
const providers: Record<BackendName, () => Promise<BackendProvider>> = {
  node: async () => (await import('@kfn/backend-node')).node,
  wasm: async () => (await import('@kfn/backend-wasm')).wasm,
  cpu: async () => (await import('@kfn/backend-cpu')).cpu,
};

/** Checks a `--backend` value. */
export function parseBackendName(value: string | undefined): BackendName | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  if ((BACKEND_NAMES as readonly string[]).includes(value)) return value as BackendName;
  throw new UsageError(`--backend must be one of ${BACKEND_NAMES.join(', ')} (or auto). Received: --backend ${value}`);
}

/**
 * Activates the backend asked for, or with `'auto'` the fastest that loads: node (TensorFlow's
 * native kernels, when tfjs-node's binding is installed), else wasm, else cpu. Returns its name.
 * An explicit choice that cannot load throws its BackendError, which says how to fix it.
 */
export async function activateBackend(choice: BackendName | 'auto'): Promise<BackendName> {
  await quietTfjs();
  if (choice !== 'auto') {
    await useBackend(await providers[choice]());
    return choice;
  }
  for (const name of ['node', 'wasm'] as const) {
    try {
      await useBackend(await providers[name]());
      return name;
    } catch {
      // Not available here: try the next one.
    }
  }
  await useBackend(await providers.cpu());
  return 'cpu';
}

/**
 * tfjs prints a banner ("Hi, looks like you are running TensorFlow.js in Node.js…") on the
 * cpu backend's first use; in a command line tool that is noise on every run. Production
 * mode turns tfjs's own logging off (it also skips debug-only checks, which are off anyway).
 */
async function quietTfjs(): Promise<void> {
  const tf = await import('@tensorflow/tfjs-core');
  tf.enableProdMode();
}
