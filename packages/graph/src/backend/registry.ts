import { BackendError } from '../common/errors.js';
import type { Backend, BackendProvider } from './backend.js';

let active: Backend | null = null;

/**
 * Chooses the kernels every model runs on: `await useBackend(cpu)`.
 * Swapping backends changes no model code; weights made on one backend are read by the next.
 */
export async function useBackend(provider: BackendProvider | Backend): Promise<Backend> {
  active = 'load' in provider ? await provider.load() : provider;
  return active;
}

/** The active backend, or a clear error saying how to choose one. */
export function getBackend(): Backend {
  if (active === null) {
    throw new BackendError(
      'No backend is active. Computing needs kernels: install one of @kfn/backend-cpu, @kfn/backend-wasm or @kfn/backend-node ' +
        "and call `await useBackend(cpu)` (import { cpu } from '@kfn/backend-cpu'). Building models, summary() and configs need no backend.",
    );
  }
  return active;
}

export function hasBackend(): boolean {
  return active !== null;
}
