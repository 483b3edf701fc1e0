/** Data sets as plain typed arrays: loaders, synthetic sets, subsets and the batch order. */
export * from './browser.js';
export { loadData, type LoadDataOptions } from './load-data.js';
export { loadIdxFile } from './idx-file.js';
export { findIdxFiles, idxRowSource, loadIdxSource, type IdxPaths } from './idx-source.js';
export { loadMnist, mnistDataDir, type ImageSplits } from './mnist.js';
export { loadFashionMnist, defaultCacheDir, type FashionMnistLoad, type FashionMnistOptions } from './fashion-mnist.js';
export { diskCache, type DiskCache } from './disk-cache.js';
