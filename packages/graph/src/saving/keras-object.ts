/**
 * The JSON form Keras 3 gives every serializable object (`serialize_keras_object`):
 * `{module, class_name, config, registered_name}`, plus `build_config` for layers.
 */
export interface KerasObject {
  module?: string;
  class_name: string;
  config: Record<string, unknown>;
  registered_name?: string | null;
  build_config?: Record<string, unknown> | null;
  compile_config?: Record<string, unknown> | null;
  shared_object_id?: number;
}

export function isKerasObject(x: unknown): x is KerasObject {
  return typeof x === 'object' && x !== null && typeof (x as KerasObject).class_name === 'string';
}

/** A built-in object: its public module, and no registered name (Keras writes `null`). */
export function builtinObject(module: string, className: string, config: Record<string, unknown>): KerasObject {
  return { module, class_name: className, config, registered_name: null };
}
