/**
 * lrlab: find, schedule and scale the learning rate and batch size on TensorFlow.js.
 *
 * This entry runs anywhere tfjs runs (Node, browsers, workers; it imports no Node built-in) and
 * changes nothing on import: no backend is registered until `initBackend` is called. In Node,
 * `lrlab` resolves to `./node.ts`, which adds the parts that read files (model files, data
 * loaders). The pure core (schedules, range test, batch-size math) is also available alone as
 * `lrlab/core`, chart builders as `lrlab/charts`, rendering and the HTML report as `lrlab/report`.
 */
export * from './core/index.js';
export * from './engine/browser.js';
export { BatchOrder, blobs, spirals, parseCsv, type Dataset, type DataSplit } from './data/browser.js';
export { VERSION } from './version.js';
