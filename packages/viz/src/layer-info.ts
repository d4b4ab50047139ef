import { Model, type Layer } from '@kfn/graph';
import type { LayerInfo } from './interactive.js';

/**
 * What `makeInteractive`'s hover card shows for each layer of a model, keyed by the SVG's
 * `data-path` (`encoder/conv2d` inside a nested model): class, parameter count, trainable and
 * the layer's Keras config. Serializable, so a server can send it beside the SVG.
 */
export function modelLayerInfo(model: Model, prefix: readonly string[] = [], into: Record<string, LayerInfo> = {}): Record<string, LayerInfo> {
  for (const layer of model.layers as Layer<unknown>[]) {
    const path = [...prefix, layer.name];
    const nested = layer instanceof Model;
    into[path.join('/')] = {
      className: layer.className,
      params: layer.countParams(),
      trainable: layer.trainable,
      // A nested model's full config is its whole graph; the card names it and its size.
      config: nested ? { name: layer.name, layers: layer.layers.length } : layer.getConfig(),
    };
    if (nested) modelLayerInfo(layer, path, into);
  }
  return into;
}
