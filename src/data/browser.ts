/**
 * The part of src/data that runs anywhere (browser lab, workers, any bundler): no `node:*`.
 * `index.ts` adds the loaders that read files from disk.
 */
export type { Dataset, DataSplit } from './types.js';
export { BatchOrder, type BatchOrderOptions, type BatchOrderState } from './batch-order.js';
export { readIdx, writeIdx, type IdxData, type IdxFile } from './idx.js';
export { decodeFashionJson } from './fashion-json.js';
export { blobs, spirals, type BlobsOptions, type SpiralsOptions } from './synthetic.js';
export { parseCsv, type CsvOptions, type CsvTable } from './csv.js';
export { chooseSubset, holdout, resolveSize, takeRows, type RowSource } from './rows.js';
export { deriveSeed, STREAM } from './seed.js';
