import { loadData } from '../data/index.js';
import type { DataSplit } from '../data/types.js';
import type { TrialConfig } from './config.js';

/** Loaded data sets kept per thread (a sweep worker runs many trials on the same data). */
const dataCache = new Map<string, Promise<DataSplit>>();
/** At most this many data sets stay cached per thread (full MNIST is ~200 MB as float32). */
const CACHE_ENTRIES = 2;

/**
 * The data a trial trains on, loaded once per thread and key (data, sizes, label column, seed).
 * The seed is `dataSeed` when given, so studies can vary the initialisation over a fixed subset.
 */
export function trialData(config: TrialConfig): Promise<DataSplit> {
  const seed = config.dataSeed ?? config.seed;
  const key = JSON.stringify([config.data, config.trainSize ?? null, config.valSize ?? null, config.labelColumn ?? null, seed]);
  let hit = dataCache.get(key);
  if (hit) {
    dataCache.delete(key); // re-insert: the Map's order is the recency order
  } else {
    hit = loadData({ data: config.data, trainSize: config.trainSize, valSize: config.valSize, labelColumn: config.labelColumn, seed });
    // A failed load must not stay cached: the next trial retries (and reports its own error).
    hit.catch(() => dataCache.delete(key));
  }
  dataCache.set(key, hit);
  while (dataCache.size > CACHE_ENTRIES) dataCache.delete(dataCache.keys().next().value as string);
  return hit;
}
