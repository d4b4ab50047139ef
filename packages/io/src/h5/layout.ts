import { Model, toSnakeCase, type Layer, type Weight } from '@kfn/graph';

/**
 * Where Keras 3 keeps each layer's variables in `model.weights.h5` (`saving_lib._save_state`):
 * a walk from the model in which every saveable object gets a path, and its variables
 * live in `<path>/vars` (the root's in `/vars`).
 */
export interface SaveableEntry {
  /** `''` for the model itself, else e.g. `layers/dense_1`, `layers/functional/layers/conv2d`, `layers/lstm/cell`. */
  path: string;
  layer: Layer<unknown>;
  /** The layer's own variables in Keras's order (trainable, then non-trainable), sublayers' excluded. */
  weights: Weight[];
}

/** The HDF5 group holding an entry's variables. */
export function varsPath(entryPath: string): string {
  return entryPath === '' ? 'vars' : `${entryPath}/vars`;
}

/**
 * Keras's attribute names for sublayers, by class, where kfn's property names might differ.
 * Recurrent layers keep their cell in `cell` (`layers/lstm/cell/vars`).
 */
const SUBLAYER_ATTRIBUTES: Record<string, readonly string[]> = {
  LSTM: ['cell'],
  GRU: ['cell'],
  SimpleRNN: ['cell'],
  RNN: ['cell'],
};

/** Every saveable object of `model` in Keras's walk order, each once (first path wins). */
export function walkSaveables(model: Layer<unknown>): SaveableEntry[] {
  const entries: SaveableEntry[] = [];
  const visited = new Set<Layer<unknown>>();

  const visit = (layer: Layer<unknown>, path: string): void => {
    // A layer reached twice (shared by two nested models) is saved at its first path only.
    if (visited.has(layer)) return;
    visited.add(layer);
    entries.push({ path, layer, weights: ownWeights(layer) });
    if (layer instanceof Model) visitContainer(layer.layers, join(path, 'layers'));
    for (const [attr, sub] of namedSublayers(layer)) visit(sub, join(path, attr));
  };

  // Container entries are named by class, uniquified per container, before the
  // visited check: a skipped layer still uses up its name (`_save_container_state`).
  const visitContainer = (layers: readonly Layer<unknown>[], path: string): void => {
    const used = new Map<string, number>();
    for (const layer of layers) {
      let name = toSnakeCase(layer.className);
      const n = used.get(name);
      if (n === undefined) used.set(name, 0);
      else {
        used.set(name, n + 1);
        name = `${name}_${n + 1}`;
      }
      visit(layer, join(path, name));
    }
  };

  visit(model, '');
  return entries;
}

function join(a: string, b: string): string {
  return a === '' ? b : `${a}/${b}`;
}

/** A layer's own variables: its weights minus its sublayers', trainable ones first as created. */
function ownWeights(layer: Layer<unknown>): Weight[] {
  if (layer instanceof Model) return [];
  const fromSublayers = new Set<Weight>();
  for (const sub of layer.sublayers) for (const w of sub.weights) fromSublayers.add(w);
  const own = layer.weights.filter((w) => !fromSublayers.has(w));
  // A frozen layer lists everything as non-trainable; Keras still orders by each variable's flag.
  return [...own.filter((w) => w.trainable), ...own.filter((w) => !w.trainable)];
}

/**
 * Sublayers with the attribute name Keras would walk them under, in Keras's order
 * (public names sorted, then private ones).
 */
function namedSublayers(layer: Layer<unknown>): [string, Layer<unknown>][] {
  const subs = layer.sublayers;
  if (subs.length === 0) return [];
  const known = SUBLAYER_ATTRIBUTES[layer.className];
  if (known && known.length === subs.length) return known.map((name, i) => [name, subs[i] as Layer<unknown>]);
  const props = Object.entries(layer as unknown as Record<string, unknown>);
  const named = subs.map((sub): [string, Layer<unknown>] => {
    const prop = props.find(([, v]) => v === sub)?.[0];
    return [prop === undefined ? toSnakeCase(sub.className) : toSnakeCase(prop), sub];
  });
  const key = (n: string): string => (n.startsWith('_') ? `~${n}` : n);
  return named.sort(([a], [b]) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
