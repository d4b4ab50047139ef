export { loadData, DEBIAN_FASHION_MNIST } from './fashion-mnist.js';
