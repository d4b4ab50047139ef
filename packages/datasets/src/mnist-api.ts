export { loadData, loadNpmSubset } from './mnist.js';
