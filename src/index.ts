/**
 * lrlab: find, schedule and scale the learning rate and batch size on TensorFlow.js.
 * The pure core (schedules, range test, batch-size math) is also available alone as `lrlab/core`,
 * chart builders as `lrlab/charts`, rendering and the HTML report as `lrlab/report`.
 */
export * from './core/index.js';
export * from './engine/index.js';
export { loadData, BatchOrder, type LoadDataOptions, type Dataset, type DataSplit } from './data/index.js';
export { VERSION } from './version.js';
