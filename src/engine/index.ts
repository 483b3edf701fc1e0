/** lrlab's TensorFlow.js engine (`./browser.ts`, which runs anywhere) plus model files on disk (Node). */
export * from './browser.js';
export { loadModelFromDisk, saveModelToDisk } from './model-io.js';
