/**
 * `npm run bench`: the training benchmark (bench/train.ts) and, when present, the kernel
 * benchmark (bench/kernels.ts). Flags pass through: `--reps N`, `--quick`.
 */
import { existsSync } from 'node:fs';
import { runTrainBench, TRAIN_BENCH_HEADER } from './train.js';
import { arg } from './args.js';

const quick = process.argv.includes('--quick');
const reps = arg('reps') === undefined ? undefined : Number(arg('reps'));
const log = (line: string): void => console.log(line);

console.log('== training: stock tfjs model.fit (stock kernels) vs lrlab Trainer (lrlab kernels), samples/s ==');
console.log(TRAIN_BENCH_HEADER);
const rows = await runTrainBench({ reps, quick, log });
const b1 = rows.find((r) => r.model === 'mlp' && r.batchSize === 1);
const b128 = rows.find((r) => r.model === 'mlp' && r.batchSize === 128);
const cnn = rows.find((r) => r.model === 'cnn');
const verdict = (ok: boolean): string => (ok ? 'met' : 'NOT met');
const both = (r: typeof b1): string => `${r?.ratio?.toFixed(2)}× wall, ${r?.cpu.ratio?.toFixed(2)}× per CPU-second`;
console.log(`\ntargets: batch 128 ≥ 5× → ${both(b128)} ${verdict((b128?.ratio ?? 0) >= 5)}; batch 1 ≥ 3× → ${both(b1)} ${verdict((b1?.ratio ?? 0) >= 3)}; ` +
  `CNN ≥ 2,250/s → ${Math.round(cnn?.lrlab ?? 0)}/s wall, ${Math.round(cnn?.cpu.lrlab ?? 0)}/CPU-s ${verdict((cnn?.lrlab ?? 0) >= 2250)}`);

// The kernel benchmark is another module's; load it only if it exists (specifier kept in a
// variable so the type checker does not require the file).
if (existsSync(new URL('./kernels.ts', import.meta.url))) {
  const spec = './kernels.js';
  const mod = (await import(spec)) as {
    runKernelBench?: (o: { reps?: number; quick?: boolean; log?: (l: string) => void }) => Promise<unknown[]>;
    formatRow?: (r: unknown) => string;
  };
  if (mod.runKernelBench) {
    console.log('\n== kernels: stock vs lrlab wasm kernels ==');
    const krows = await mod.runKernelBench({ reps, quick, log: mod.formatRow ? undefined : log });
    if (mod.formatRow) for (const r of krows) console.log(mod.formatRow(r));
  }
}
