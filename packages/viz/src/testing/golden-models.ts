// The golden models of `../shared/fixtures/keras` (gen.py's builders): one shared module in
// `@kfn/graph/testing`, built from a fresh session so auto names match Keras's.
export { buildGuideModel as buildGoldenModel, GUIDE_CASES as GOLDEN_CASES } from '@kfn/graph/testing';
