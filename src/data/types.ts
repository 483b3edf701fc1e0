/**
 * Data sets are plain typed arrays (no tfjs here): the engine uploads them to the backend once
 * and cuts batches there, so nothing copies the whole set per step.
 */
export interface Dataset {
  /** Features, row-major, `n × prod(featureShape)` float32, images scaled to [0, 1]. */
  x: Float32Array;
  /** Class labels 0..numClasses-1, one per row. */
  y: Int32Array;
  /** Number of rows. */
  n: number;
  /** Shape of one example: `[28, 28, 1]` for images, `[d]` for tabular data. */
  featureShape: number[];
  numClasses: number;
}

/** A training set and a validation set drawn from one source. */
export interface DataSplit {
  /** Short name for result files (`mnist`, `fashion-mnist`, `synthetic:blobs`, a CSV path). */
  name: string;
  train: Dataset;
  val: Dataset;
}
