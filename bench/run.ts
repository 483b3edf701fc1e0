/**
 * `npm run bench`: the training benchmark (bench/train.ts) and, when present, the kernel
 * benchmark (bench/kernels.ts); with `--backend webgpu`, the GPU benchmark (bench/webgpu.ts)
 * instead. Flags pass through: `--reps N`, `--quick`, `--json FILE` (webgpu).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { runTrainBench, TRAIN_BENCH_HEADER } from './train.js';
import { arg } from './args.js';

const HELP = `npm run bench -- [--backend wasm|webgpu] [--reps N] [--quick] [--json FILE]

  (default, or --backend wasm)  stock tfjs model.fit vs lrlab's Trainer on wasm, samples/s by
                                batch size, the CNN, NumPy when present; then the kernel benchmark
  --backend webgpu              lrlab's Trainer on webgpu (Dawn, the optional webgpu package) vs
                                on wasm, MLP at batch 128, 1024, 8192; exit 2 without a GPU adapter
  --reps N                      alternating runs per case, medians reported (default 3)
  --quick                       small sizes: a smoke test, not a measurement
  --json FILE                   (webgpu) also write the rows and the adapter to FILE
`;

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(HELP);
  process.exit(0);
}
const quick = process.argv.includes('--quick');
const reps = arg('reps') === undefined ? undefined : Number(arg('reps'));
if (reps !== undefined && !(Number.isInteger(reps) && reps >= 1)) {
  process.stderr.write(`bench: error: --reps: must be an integer >= 1, got '${arg('reps')}'\n`);
  process.exit(2);
}
const backend = arg('backend') ?? 'wasm';
if (backend !== 'wasm' && backend !== 'webgpu') {
  process.stderr.write(`bench: error: --backend: must be wasm or webgpu, got '${backend}'\n`);
  process.exit(2);
}
const log = (line: string): void => console.log(line);

if (backend === 'webgpu') {
  const { adapterLine, BackendUnavailableError, runWebgpuBench, WEBGPU_BENCH_HEADER } = await import('./webgpu.js');
  console.log('== training on the GPU: lrlab Trainer on webgpu vs on wasm (lrlab kernels), samples/s ==');
  try {
    let first = true;
    // The header once a GPU was found and the first row is in: without one, only the error line follows.
    const rowLog = (line: string): void => {
      if (first) console.log(WEBGPU_BENCH_HEADER);
      first = false;
      console.log(line);
    };
    const result = await runWebgpuBench({ reps, quick, log: rowLog });
    console.log(adapterLine(result));
    const out = arg('json');
    if (out !== undefined) writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  } catch (e) {
    if (!(e instanceof BackendUnavailableError)) throw e;
    process.stderr.write(`bench: error: --backend webgpu: ${e.message}; nothing measured\n`);
    process.exit(2);
  }
  process.exit(0);
}

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
