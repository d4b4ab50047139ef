import { ConfigError } from '../common/errors.js';
import type { Layer, LayerConfig } from '../engine/layer.js';
import { builtinLayers } from '../layers/builtins.js';

/** A layer class as the registry needs it: its Keras class name and `fromConfig`. */
export interface LayerClass {
  readonly className: string;
  fromConfig(config: LayerConfig): Layer<unknown>;
}

interface Entry {
  cls: LayerClass;
  /** `null` for Keras's built-ins (module `keras.layers`); `package>Name` for custom classes. */
  registeredName: string | null;
}

const custom = new Map<string, Entry>();
let builtins: Map<string, Entry> | null = null;

function builtinEntries(): Map<string, Entry> {
  builtins ??= new Map(builtinLayers().map((cls) => [cls.className, { cls, registeredName: null }]));
  return builtins;
}

/**
 * Makes a custom layer loadable from configs by its class name, as Keras's
 * `register_keras_serializable(package="Custom")` does. Saved as `"Custom>MyLayer"`.
 */
export function registerLayer(cls: LayerClass, options: { package?: string; name?: string } = {}): void {
  const name = options.name ?? cls.className;
  const registeredName = `${options.package ?? 'Custom'}>${name}`;
  const entry = { cls, registeredName };
  custom.set(registeredName, entry);
  custom.set(name, entry);
}

/** The registered name Keras writes for a layer's class (`null` for built-ins). */
export function registeredNameOf(layer: Layer<unknown>): string | null {
  if (builtinEntries().get(layer.className)?.cls === (layer.constructor as unknown)) return null;
  for (const entry of custom.values()) if (entry.cls === (layer.constructor as unknown)) return entry.registeredName;
  return layer.className;
}

export function isBuiltinLayer(layer: Layer<unknown>): boolean {
  return builtinEntries().get(layer.className)?.cls === (layer.constructor as unknown);
}

export type CustomObjects = Record<string, LayerClass>;

/**
 * Finds a layer class by registered name or class name: `customObjects` first, then
 * registered custom classes, then Keras's built-ins. Never evaluates anything from a file.
 */
export function getLayerClass(className: string, registeredName?: string | null, customObjects: CustomObjects = {}): LayerClass {
  const names = [registeredName, className].filter((n): n is string => typeof n === 'string');
  for (const n of names) {
    const fromCustom = customObjects[n] ?? custom.get(n)?.cls ?? builtinEntries().get(n)?.cls;
    if (fromCustom) return fromCustom;
  }
  if (className === 'Lambda') {
    throw new ConfigError(
      'Refusing to load a `Lambda` layer: its code would have to be run from the file. Rewrite it as a custom layer and pass it in `customObjects`.',
    );
  }
  throw new ConfigError(
    `Unknown layer class "${registeredName ?? className}". Register it with registerLayer(${className}) or pass it in customObjects: { ${className} }.`,
  );
}
