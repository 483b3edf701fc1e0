import { defaultJobs } from '../../../sweep/pool.js';
import { parseFlags } from '../../args.js';
import type { Command } from '../../command.js';
import { TRAINING_FLAGS_HELP } from '../../training-flags.js';
import { FLAGS, parseFindFlags, type Values } from './flags.js';
import { runGrid } from './grid.js';
import { runRangeTest } from './range.js';

const help = `lrlab find — find the learning rate: LR range test (Smith 2017) or a grid search

Usage: lrlab find [flags]                          range test (loss against an exponentially rising LR)
       lrlab find --accuracy [flags]               plus Smith's accuracy test → cyclical-LR bounds
       lrlab find --grid X,X,… | --grid-range MIN:MAX:N [flags]   train each LR, pick the best

Range test:
  --start-lr X            first LR of the sweep (default 1e-7)
  --end-lr X              last LR (default 10)
  --steps N               points = optimizer steps, >= 10 (default 100)
  --mode exp|linear       LR spacing (default exp)
  --smooth B              debiased EMA factor of the loss, in [0, 1) (default 0.98)
  --diverge F             stop when the smoothed loss exceeds F × its best (default 4)
  --repeats K             runs with seeds seed … seed+K−1 (init and batches): spread and verdict (default 1)
  --val-loss              record the loss on a fixed held-out batch (256 validation rows) after
                          each step instead of the training batch's loss
  --batch-rule            SGD family: scale the suggestion by --batch-size/64 (capped below the
                          divergence LR); off by default, it did not hold on held-out tasks (README)
  --epochs-budget E       epochs of the recommended schedule (default: --epochs, 3)
  --schedule-kind K       onecycle | warmup-cosine (default onecycle)
  --base-div 3|4          CLR baseLr = maxLr / 3 or 4 (default 3)
Accuracy mode (Smith 2017 §3.3: LR raised linearly, validation accuracy against LR):
  --accuracy              also run the accuracy test; clr and the schedule's peak come from it
  --accuracy-epochs E     epochs of the linear ramp (default 4)
  --step-epochs E         half-cycle of the cyclic spec in epochs, 2–10 (default 4)
                          (--start-lr/--end-lr apply when given; otherwise 1e-4 … 1)
Grid search (trials on worker threads, each from the same initial weights):
  --grid X,X,…            learning rates to train
  --grid-range MIN:MAX:N  N learning rates log-spaced from MIN to MAX
  --grid-epochs E         epochs per trial (default: --epochs, 3)
  --jobs N                trials at once (default: ${defaultJobs()}, the number of cores)
  --out DIR               append each finished trial to DIR/results.jsonl
Output:
  --json FILE|-           the result JSON (lrs, losses, smoothedLosses, suggestions with spreads,
                          suggested, interval, verdict, confidence, scheduleConfidence, clr,
                          recommendedSchedule, config)
  --plot FILE.svg|.png    the curve with the suggestions marked
  --quiet                 no progress bar or notes on stderr

${TRAINING_FLAGS_HELP}
(--lr and --schedule do not apply: find sets the learning rate itself.)

Examples:
  lrlab find --data mnist --model mlp --optimizer momentum --batch-size 128
  lrlab find --data fashion-mnist --repeats 3 --epochs-budget 10 --json find.json --plot find.svg
  lrlab find --data mnist --train-size 10000 --grid-range 1e-3:1:7 --grid-epochs 2 --jobs 2
`;

export const command: Command = {
  name: 'find',
  summary: 'find the learning rate: range test with suggestions and verdict, accuracy test, or grid search',
  help,
  async run(argv: string[]): Promise<number> {
    const { values } = parseFlags(argv, FLAGS);
    const spec = parseFindFlags(values as Values);
    return spec.grid ? runGrid(spec) : runRangeTest(spec);
  },
};

