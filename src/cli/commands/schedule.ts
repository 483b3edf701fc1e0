import { evaluate, fromSpec, SCHEDULE_DEFINITIONS } from '../../core/schedules/index.js';
import { choiceFlag, intFlag, parseFlags } from '../args.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { readJsonFlag } from '../json-flag.js';
import { writeOutput } from '../output.js';

const FORMATS = ['json', 'csv', 'svg', 'png'] as const;
/** Enough for any real run, small enough that a typo (an extra zero or five) cannot exhaust memory. */
const MAX_STEPS = 10_000_000;

/** One help line per registered type, so a new schedule type documents itself here. */
const typeLines = [...SCHEDULE_DEFINITIONS.map((d) => ({ type: d.type, summary: d.summary })),
  { type: 'sequence', summary: 'parts run one after another, each counting its own steps from 0' }]
  .map((d) => `                           ${d.type.padEnd(12)} ${d.summary}`).join('\n');

const help = `Usage: lrlab schedule --spec JSON|@FILE --steps N [--format json|csv|svg|png] [--out FILE]
                      [--log] [--steps-per-epoch N] [--quiet]

Evaluate a learning-rate (and momentum) schedule at steps 0 … N-1, with PyTorch's semantics:
the value at step t is PyTorch's learning rate after t calls of scheduler.step().

  --spec JSON|@FILE      the schedule spec, inline or from a file, e.g.
                         '{"type":"cosine","lr":0.1,"tMax":1000}'
                         types (fields: see the README):
${typeLines}
  --steps N              number of optimizer steps to evaluate (required)
  --format F             json (default): {"lr":[…],"momentum":[…]|null}, full precision
                         csv: header step,lr,momentum (momentum empty when not cycled)
                         svg, png: a chart of lr (and momentum) against step; need --out
  --out FILE             write to FILE instead of stdout ('-' = stdout for json/csv)
  --log                  log-scale learning-rate axis (svg/png)
  --steps-per-epoch N    optimizer steps per epoch, for a spec with "unit": "epoch"
  --quiet                print nothing on stderr

Examples:
  lrlab schedule --spec @examples/warmup-cosine.json --steps 10000 --format csv
  lrlab schedule --spec '{"type":"onecycle","maxLr":0.1,"totalSteps":1000}' --steps 1000 --format svg --out onecycle.svg
`;

/** Read `--spec`: inline JSON, or `@file` holding JSON. Errors name the flag and the cause. */
function readSpec(raw: string | undefined): unknown {
  if (raw === undefined) throw new UsageError('--spec', 'is required (inline JSON or @file)');
  return readJsonFlag('--spec', raw);
}

function toCsv(lr: number[], momentum: number[] | null): string {
  const rows = ['step,lr,momentum'];
  for (let t = 0; t < lr.length; t++) rows.push(`${t},${lr[t]},${momentum ? momentum[t] : ''}`);
  return `${rows.join('\n')}\n`;
}

async function run(argv: string[]): Promise<number> {
  const { values: raw } = parseFlags(argv, {
    spec: { type: 'string' },
    steps: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    log: { type: 'boolean' },
    'steps-per-epoch': { type: 'string' },
    quiet: { type: 'boolean' },
  });
  // parseFlags takes a wide option table, so narrow each value to the type declared above.
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const values = {
    spec: str(raw.spec), steps: str(raw.steps), format: str(raw.format), out: str(raw.out),
    'steps-per-epoch': str(raw['steps-per-epoch']), log: raw.log === true, quiet: raw.quiet === true,
  };
  // Every input is checked before anything is computed or written.
  const steps = intFlag('steps', values.steps);
  if (steps > MAX_STEPS) throw new UsageError('--steps', `must be at most ${MAX_STEPS}, got ${steps}`);
  const format = choiceFlag('format', values.format, FORMATS, 'json');
  const out = values.out;
  if (out === '') throw new UsageError('--out', 'must be a file name');
  if ((format === 'svg' || format === 'png') && (out === undefined || out === '-')) {
    throw new UsageError('--out', `is required for --format ${format} (a file to write the chart to)`);
  }
  const stepsPerEpoch = values['steps-per-epoch'] === undefined ? undefined : intFlag('steps-per-epoch', values['steps-per-epoch']);
  const json = readSpec(values.spec);
  const { spec } = fromSpec(json, { stepsPerEpoch });
  if (stepsPerEpoch !== undefined && spec.unit !== 'epoch') {
    throw new UsageError('--steps-per-epoch', 'only applies to a spec with "unit": "epoch"');
  }
  const data = evaluate(json, steps, { stepsPerEpoch });

  let content: string | Uint8Array;
  if (format === 'json') content = `${JSON.stringify(data)}\n`;
  else if (format === 'csv') content = toCsv(data.lr, data.momentum);
  else {
    // The chart stack (vega, resvg) loads only when a chart is asked for.
    const [{ scheduleChart }, render] = await Promise.all([
      import('../../report/charts/schedule-chart.js'),
      import('../../report/render.js'),
    ]);
    const chart = scheduleChart(data, { log: values.log, title: `${spec.type} schedule, ${steps} steps` });
    content = format === 'svg' ? await render.renderSvg(chart) : await render.renderPng(chart);
  }
  writeOutput(out ?? '-', content);
  if (out !== undefined && out !== '-' && !values.quiet) process.stderr.write(`wrote ${out}\n`);
  return 0;
}

export const command: Command = {
  name: 'schedule',
  summary: 'evaluate a learning-rate schedule (json, csv, svg, png)',
  help,
  run,
};
