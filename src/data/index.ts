/** Data sets as plain typed arrays: loaders, synthetic sets, subsets and the batch order. */
export type { Dataset, DataSplit } from './types.js';
export { loadData, type LoadDataOptions } from './load-data.js';
export { BatchOrder, type BatchOrderOptions, type BatchOrderState } from './batch-order.js';
export { readIdx, writeIdx, type IdxData, type IdxFile } from './idx.js';
export { loadIdxFile } from './idx-file.js';
export { findIdxFiles, idxRowSource, loadIdxSource, type IdxPaths } from './idx-source.js';
export { loadMnist, mnistDataDir, type ImageSplits } from './mnist.js';
export { loadFashionMnist, defaultCacheDir, type FashionMnistLoad, type FashionMnistOptions } from './fashion-mnist.js';
export { decodeFashionJson } from './fashion-json.js';
export { blobs, spirals, type BlobsOptions, type SpiralsOptions } from './synthetic.js';
export { parseCsv, type CsvOptions, type CsvTable } from './csv.js';
export { chooseSubset, holdout, resolveSize, takeRows, type RowSource } from './rows.js';
export { deriveSeed, STREAM } from './seed.js';
export { diskCache, type DiskCache } from './disk-cache.js';
