import { accuracyRangeTest, rangeTestRepeated, type AccuracyTestResult } from '../../../core/finder/index.js';
import type { StepTrainer } from '../../../core/trainer.js';
import { findResult, type FindResult } from '../../../engine/lr-find.js';
import type { Trainer } from '../../../engine/trainer/index.js';
import { finderChart } from '../../../report/charts/finder-chart.js';
import { renderPng, renderSvg } from '../../../report/render.js';
import { formatNumber } from '../../ascii-plot.js';
import { toJson, writeOutput } from '../../output.js';
import { Progress } from '../../progress.js';
import type { BuiltTrial } from '../../../trial/build.js';
import { buildCommandTrial, loadTrainingData, setupBackend, trainingConfig } from '../../training-flags.js';
import type { FindSpec } from './flags.js';
import { findSummary, say } from './render.js';

/** The LR the optimizer is created with; the range test sets its own LR before every step. */
const OPTIMIZER_START_LR = 1e-3;

/** The range test (and the accuracy test with `--accuracy`): result JSON, plot and summary. */
export async function runRangeTest(spec: FindSpec): Promise<number> {
  const t = spec.training;
  await setupBackend(t);
  const data = await loadTrainingData(t);
  const { epochs: _e, ...modelConfig } = trainingConfig(t);
  const config = {
    command: 'find', data: data.name, trainSize: data.train.n, valSize: data.val.n, ...modelConfig, optimizer: t.optimizer,
    batchSize: t.batchSize, seed: t.seed, epochsBudget: spec.epochsBudget, scheduleKind: spec.scheduleKind, baseDiv: spec.baseDiv,
    ...(spec.accuracy ? { accuracy: spec.accuracy } : {}),
  };

  let live: BuiltTrial | null = null;
  const release = (): void => {
    live?.dispose();
    live = null;
  };
  const fresh = async (seed: number): Promise<Trainer> => {
    release();
    live = await buildCommandTrial(t, data, { schedule: OPTIMIZER_START_LR, seed });
    return live.trainer;
  };

  const steps = spec.finder.steps;
  const progress = new Progress('range test', steps * spec.finder.repeats, { quiet: spec.quiet });
  let stepsPerEpoch = 0;
  let result: FindResult;
  try {
    const range = await rangeTestRepeated(async (r) => {
      const trainer = await fresh(t.seed + r);
      stepsPerEpoch = trainer.stepsPerEpoch;
      return trainer;
    }, {
      ...spec.finder,
      onPoint: (i, lr, _loss, smoothed, repeat) => {
        const run = spec.finder.repeats > 1 ? `run ${repeat + 1}/${spec.finder.repeats} · ` : '';
        progress.update(repeat * steps + i + 1, `${run}lr ${formatNumber(lr)} · loss ${smoothed.toFixed(4)}`);
      },
    });
    progress.done();
    let accuracy: AccuracyTestResult | undefined;
    if (spec.accuracy) {
      const trainer = await fresh(t.seed);
      const total = spec.accuracy.epochs * trainer.stepsPerEpoch;
      const bar = new Progress('accuracy test', total, { quiet: spec.quiet });
      accuracy = await accuracyRangeTest(counting(trainer, (n) => bar.update(n, `step ${n}/${total}`)), {
        ...spec.explicitRange,
        epochs: spec.accuracy.epochs,
        stepEpochs: spec.accuracy.stepEpochs,
        baseDiv: spec.baseDiv,
      });
      bar.done();
    }
    result = findResult({ config, range, stepsPerEpoch, epochsBudget: spec.epochsBudget, scheduleKind: spec.scheduleKind, baseDiv: spec.baseDiv, accuracy });
  } finally {
    progress.done();
    release();
  }

  if (spec.json !== undefined) writeOutput(spec.json, toJson(result));
  if (spec.plot) {
    const chart = finderChart(result, { title: `LR range test · ${data.name} · ${modelConfig.model}` });
    writeOutput(spec.plot.file, spec.plot.format === 'svg' ? await renderSvg(chart) : await renderPng(chart));
  }
  say(spec, findSummary(result));
  return 0;
}

/** A StepTrainer that reports each finished step (for the accuracy test's progress bar). */
function counting(trainer: StepTrainer, onStep: (n: number) => void): StepTrainer {
  let n = 0;
  return {
    setLearningRate: (lr) => trainer.setLearningRate(lr),
    trainBatch: async () => {
      const loss = await trainer.trainBatch();
      onStep(++n);
      return loss;
    },
    evaluate: () => (trainer.evaluate as NonNullable<StepTrainer['evaluate']>)(),
    get stepsPerEpoch() {
      return trainer.stepsPerEpoch;
    },
    snapshot: () => trainer.snapshot(),
    restore: (s) => trainer.restore(s),
    disposeSnapshot: (s) => trainer.disposeSnapshot?.(s),
  };
}
