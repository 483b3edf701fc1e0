import { writeFileSync } from 'node:fs';
import { adapterLine, runWebgpuBench, WEBGPU_BENCH_HEADER } from '../../bench/webgpu.js';
const out = process.argv[2];
console.log(WEBGPU_BENCH_HEADER);
const result = await runWebgpuBench({ reps: 3, quick: false, log: (l) => console.log(l) });
console.log(adapterLine(result));
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
process.exit(0);
