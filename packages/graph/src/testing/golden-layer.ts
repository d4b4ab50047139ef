import { readKerasConfig } from './keras-fixtures.js';

export interface GoldenLayer {
  class_name: string;
  config: Record<string, unknown>;
  build_config?: { input_shape: unknown };
}

/** One layer entry of a golden Keras model (`fixtures/keras/<case>/model.keras`), found by name. */
export function goldenLayer(caseName: string, layerName: string): GoldenLayer {
  const model = readKerasConfig(caseName) as { config: { layers: (GoldenLayer & { name: string })[] } };
  const layer = model.config.layers.find((l) => l.name === layerName);
  if (!layer) throw new Error(`fixture ${caseName} has no layer named ${layerName}`);
  return layer;
}
