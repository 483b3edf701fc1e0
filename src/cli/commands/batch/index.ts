import type { Command } from '../../command.js';
import { UsageError } from '../../errors.js';
import { runConvert } from './convert.js';
import { runMeasure } from './measure.js';
import { runPlan } from './plan.js';

const help = `lrlab batch — gradient noise scale → critical batch size; scaled LR and warmup for a new batch size

Usage:
  lrlab batch [training flags] [measurement flags]          measure B_simple, recommend batch size and LR
  lrlab batch --plan --from-batch B --from-lr X --to-batch B' [--rule linear|sqrt] [--warmup-epochs E]
              (--steps-per-epoch N | --dataset-size N) [--critical-batch B|@batch.json]
  lrlab batch --convert-schedule SPEC|@FILE --batch-size B --dataset-size N [--cap C] [--momentum M] [--epochs E]

Measure (McCandlish et al. 2018, "An Empirical Model of Large-Batch Training"): trains with the
training flags and, at several points, estimates the simple noise scale B_simple = tr(Σ)/|G|²
from squared gradient norms over fresh batches of two sizes (unbiased two-batch estimators,
finite-population corrected), with a 95% interval from the spread over the pairs.
Recommendation: batch = the largest power of two ≤ B_simple (B_crit ≈ B_simple; at most N/10 and
--max-batch); LR = the training LR scaled from --batch-size to it by --rule (linear: ×k, Goyal et
al. 2017; sqrt: ×√k), with gradual warmup.
  training flags          as lrlab train: --data (mnist) --train-size --val-size --model (mlp) --hidden
                          --optimizer (sgd) --lr (0.1 for sgd/momentum/nesterov/lars, else 0.001)
                          --schedule --momentum --weight-decay --batch-size (128) --epochs (1) --seed --backend
  --b-small N             smaller measurement batch (default 64; smaller on small data sets)
  --b-big N               larger measurement batch (default 1024, at most half the training set)
  --measure-steps N       pairs of batches per point (default 20)
  --final-steps N         pairs at the last point, the one the recommendation uses (default 60)
  --points N              measurement points: before training and after T/2^(N-2), …, T/2, T steps (default 5)
  --max-batch N           cap on the recommended batch size (default none; N/10 always applies)
  --rule, --warmup-epochs as in --plan

Plan: the scaled LR for a new batch size and a schedule spec with gradual warmup from the old LR.
  --from-batch B, --from-lr X   the batch size and LR that were tuned (required)
  --to-batch B'                 the new batch size (required); k = B'/B
  --rule R                      linear: lr = X·k (default); sqrt: lr = X·√k
  --warmup-epochs E             epochs of linear warmup from X to the new LR (default 5)
  --steps-per-epoch N           steps per epoch at B' (or give --dataset-size: ceil(N/B'))
  --dataset-size N              training-set size; warns when B' > N/10
  --critical-batch B|@FILE      measured critical batch (or a 'lrlab batch --json' result); warns when B' > B

Convert (Smith & Le 2018; Smith et al. 2018, "Don't decay the learning rate, increase the batch
size"): turns a step/multistep LR decay (step counts in epochs) into a constant LR with the batch
multiplied by 1/gamma at each milestone, keeping the SGD noise scale g = lr·N/(B(1 − m)); past the
cap the LR decays instead.
  --convert-schedule SPEC|@FILE   '{"type":"multistep","lr":0.1,"milestones":[60,120,160],"gamma":0.2}'
  --batch-size B                  batch size of the original schedule (required)
  --dataset-size N                training-set size (required)
  --cap C                         largest batch (default floor(N/10))
  --momentum M                    SGD momentum, for g only (default 0)
  --epochs E                      training length (default: multistep last milestone + last interval;
                                  step: 4 × stepSize)

Output (all modes):
  --json FILE|-           write the result JSON
  --quiet                 no progress bar

Examples:
  lrlab batch --data mnist --model mlp --lr 0.1 --batch-size 128 --epochs 1
  lrlab batch --plan --from-batch 128 --from-lr 0.1 --to-batch 4096 --dataset-size 60000
  lrlab batch --convert-schedule '{"type":"multistep","lr":0.1,"milestones":[60,120,160],"gamma":0.2}' --batch-size 128 --dataset-size 50000
`;

export const command: Command = {
  name: 'batch',
  summary: 'gradient noise scale → critical batch size; scaled LR + warmup for a target batch',
  help,
  async run(argv: string[]): Promise<number> {
    const plan = argv.includes('--plan');
    const convert = argv.some((a) => a === '--convert-schedule' || a.startsWith('--convert-schedule='));
    if (plan && convert) throw new UsageError('--plan', 'cannot be combined with --convert-schedule');
    if (plan) return runPlan(argv);
    if (convert) return runConvert(argv);
    return runMeasure(argv);
  },
};
