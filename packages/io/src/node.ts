// @kfn/io/node: the Node-only parts (file paths with atomic replacement).
export { NodeFileHandler, atomicWrite } from './handlers/node-file.js';
