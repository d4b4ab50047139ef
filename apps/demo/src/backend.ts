import { useBackend, type BackendProvider } from '@kfn/graph';

export type BackendName = 'node' | 'wasm' | 'cpu';

export interface ChosenBackend {
  name: BackendName;
  /** Why faster backends were passed over, one short reason each. */
  skipped: string[];
}

const DESCRIPTIONS: Record<BackendName, string> = {
  node: "TensorFlow's native kernels, through @tensorflow/tfjs-node",
  wasm: "TensorFlow.js's WebAssembly kernels",
  cpu: "TensorFlow.js's plain JavaScript kernels",
};

export const describeBackend = (name: BackendName): string => DESCRIPTIONS[name];

const providers: Record<BackendName, () => Promise<BackendProvider>> = {
  node: async () => (await import('@kfn/backend-node')).node,
  wasm: async () => (await import('@kfn/backend-wasm')).wasm,
  cpu: async () => (await import('@kfn/backend-cpu')).cpu,
};

/** Activates `choice`, or with `'auto'` the fastest backend that loads here: node, else wasm, else cpu. */
export async function chooseBackend(choice: BackendName | 'auto' = 'auto'): Promise<ChosenBackend> {
  // tfjs greets Node users with a banner on the cpu backend's first use: noise in a demo's output.
  (await import('@tensorflow/tfjs-core')).enableProdMode();
  if (choice !== 'auto') {
    await useBackend(await providers[choice]());
    return { name: choice, skipped: [] };
  }
  const skipped: string[] = [];
  for (const name of ['node', 'wasm'] as const) {
    try {
      await useBackend(await providers[name]());
      return { name, skipped };
    } catch (e) {
      skipped.push(`${name}: ${firstSentence((e as Error).message).replace(/^Backend "\w+": /, '')}`);
    }
  }
  await useBackend(await providers.cpu());
  return { name: 'cpu', skipped };
}

function firstSentence(message: string): string {
  const cut = message.search(/\.\s/);
  return cut > 0 ? message.slice(0, cut + 1) : message;
}
