/**
 * kfn's errors. Each says what was expected and what was received, and names the
 * layer, tensor, argument or file involved, as Keras's messages do.
 */
export class KfnError extends Error {
  override name = 'KfnError';
}

/** A bad argument value (Keras's `ValueError`). */
export class ValueError extends KfnError {
  override name = 'ValueError';
}

/** A tensor shape a layer cannot accept, found when the graph is defined. */
export class ShapeError extends KfnError {
  override name = 'ShapeError';
}

/** A graph that cannot form a model: disconnected, cyclic, duplicate names. */
export class GraphError extends KfnError {
  override name = 'GraphError';
}

/** A config that cannot be (de)serialized: unknown class, bad structure. */
export class ConfigError extends KfnError {
  override name = 'ConfigError';
}

/** No backend was chosen, or the chosen one lacks something. */
export class BackendError extends KfnError {
  override name = 'BackendError';
}
