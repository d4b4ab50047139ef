// @kfn/backend-tfjs: kfn's Backend implemented once over tfjs-core.
export { createTfjsBackend, toTfjsDtype } from './tfjs-backend.js';
export type { TfjsBackendOptions, TfjsCore } from './tfjs-backend.js';
export { tfjsProvider } from './provider.js';
export type { TfjsProviderOptions } from './provider.js';
export { KfnApplyAdam, KfnApplyRMSProp, KfnConv2D, KfnConv2DBackpropFilter, KfnMatMul } from './kernel-names.js';
export type {
  KfnApplyAdamAttrs,
  KfnApplyRMSPropAttrs,
  KfnConv2DAttrs,
  KfnConv2DBackpropFilterAttrs,
  KfnMatMulAttrs,
} from './kernel-names.js';
