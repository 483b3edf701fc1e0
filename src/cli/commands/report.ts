import { join, relative } from 'node:path';
import { assembleReport, writeReportFolder } from '../../report/build-report.js';
import { STUDIES } from '../../studies/registry.js';
import { parseFlags } from '../args.js';
import type { Command } from '../command.js';
import { formatSeconds } from '../progress.js';
import { environmentInfo, parseStudyFlags, runStudiesWithProgress, STUDY_FLAGS } from './study.js';

const help = `lrlab report — run every study and write an HTML report with charts and verdicts

Usage: lrlab report [--preset quick|full] [--out report/] [flags]

Flags:
  --preset quick|full     quick: all studies in about 5 minutes on 2 cores; full: about an hour (default quick)
  --out DIR               report folder (default report)
  --jobs N                trials at once, one worker thread each (default: the number of cores)
  --resume                reuse the trials each study recorded in an interrupted run
  --seed S                base seed (default 0)
  --seeds 0,1,2           run every study at each base seed; each verdict is the seeds' majority and
                          shows how many seeds agree (DIR/NAME/seed-S/ per seed)
  --backend B             wasm | cpu | webgpu | auto (default wasm); auto: webgpu when a GPU adapter
                          is found, else wasm
  --queue URL             run the studies' trials on \`lrlab worker\` processes through Redis
                          (redis://[:password@]HOST:PORT[/DB], rediss:// for TLS) instead of local
                          threads; --jobs is then ignored. Range tests and noise-scale probes
                          stay on this machine
  --sweep-name NAME       the trials' namespace in Redis (default: DIR's folder name and 8 hex digits
                          of its absolute path, e.g. report-1a2b3c4d, so separate reports never share
                          results). Results already in Redis under NAME are reused, as --resume does
  --quiet                 no progress display

Writes DIR/index.html (self-contained: inline SVG, no network; one section per claim, an
environment section, links to the JSON), DIR/results.json (all studies) and DIR/NAME/ per study
(results.json, figures/*.svg|png, trials.jsonl). A study that fails is reported as failed and
the others go on; the exit code is then 1.

Studies: ${STUDIES.map((s) => s.name).join(', ')}

Example:
  lrlab report --preset quick --out report/
`;

export const command: Command = {
  name: 'report',
  summary: 'run the studies and write an HTML report with charts and verdicts',
  help,
  async run(argv: string[]): Promise<number> {
    const { values } = parseFlags(argv, STUDY_FLAGS);
    const flags = parseStudyFlags(values);
    const generatedAt = new Date();
    const t0 = performance.now();
    const { records, interrupted } = await runStudiesWithProgress(STUDIES, flags);
    const report = assembleReport({
      generatedAt,
      preset: flags.preset,
      seed: flags.seed,
      ...(flags.seeds ? { seeds: flags.seeds } : {}),
      environment: environmentInfo(flags),
      studies: records,
      seconds: (performance.now() - t0) / 1000,
    });
    writeReportFolder(flags.outRoot, report);
    const failed = records.filter((r) => r.status === 'failed');
    const where = relative(process.cwd(), join(flags.outRoot, 'index.html')) || 'index.html';
    process.stdout.write(`${where}: ${records.length - failed.length} of ${STUDIES.length} studies done in ${formatSeconds((performance.now() - t0) / 1000)}`
      + `${failed.length > 0 ? `; failed: ${failed.map((r) => r.name).join(', ')}` : ''}\n`);
    if (interrupted) {
      process.stderr.write('lrlab: interrupted; the report shows the studies that finished: run the same command with --resume to continue\n');
      return 1;
    }
    return failed.length > 0 ? 1 : 0;
  },
};
