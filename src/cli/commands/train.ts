import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { EpochRow, TrainResult } from '../../engine/trainer/index.js';
import { parseFlags } from '../args.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import { toJson, writeOutput } from '../output.js';
import { Progress } from '../progress.js';
import { RUN_FLAGS, RUN_FLAGS_HELP } from '../run-flags.js';
import {
  buildCommandTrial, loadTrainingData, parseTrainingFlags, setupBackend, TRAINING_FLAGS, TRAINING_FLAGS_HELP,
} from '../training-flags.js';

const help = `lrlab train — train one model and report loss and accuracy per epoch

Usage: lrlab train --lr X | --schedule SPEC [flags]

${TRAINING_FLAGS_HELP}
${RUN_FLAGS_HELP}
Output:
  --json FILE|-           write the result JSON (config, epochs[], final, diverged, divergedAtStep)
  --log FILE              append one JSON line per epoch (flushed as each epoch ends)
  --quiet                 no progress bar and no per-epoch lines on stderr

Examples:
  lrlab train --data mnist --model mlp --optimizer sgd --lr 0.1 --batch-size 128 --epochs 3 --json run.json
  lrlab train --data mnist --lr 0.1 --epochs 20 --plateau-patience 2 --plateau-factor 0.5
`;

export const command: Command = {
  name: 'train',
  summary: 'train one model (data, model, optimizer, lr or schedule, batch size, epochs, seed)',
  help,
  async run(argv: string[]): Promise<number> {
    const { values } = parseFlags(argv, {
      ...TRAINING_FLAGS,
      ...RUN_FLAGS,
      json: { type: 'string' },
      log: { type: 'string' },
      quiet: { type: 'boolean' },
    });
    const spec = parseTrainingFlags(values);
    const quiet = values.quiet === true;
    const jsonTarget = typeof values.json === 'string' ? values.json : undefined;
    const logFile = typeof values.log === 'string' ? resolve(values.log) : undefined;
    if (jsonTarget === '') throw new UsageError('--json', 'needs a file name or -');

    await setupBackend(spec);
    const data = await loadTrainingData(spec);
    const trial = await buildCommandTrial(spec, data);
    const { trainer } = trial;

    if (logFile) {
      mkdirSync(dirname(logFile), { recursive: true });
      appendFileSync(logFile, `${JSON.stringify({ event: 'start', config: trainer.config() })}\n`);
    }
    const ac = new AbortController();
    const onSigint = (): void => ac.abort();
    process.once('SIGINT', onSigint);
    let progress: Progress | null = null;
    let result: TrainResult;
    try {
      result = await trainer.run({
        epochs: spec.epochs,
        signal: ac.signal,
        onStep: (s) => {
          if (!progress || s.step === 1) progress = new Progress(`epoch ${s.epoch}/${spec.epochs}`, s.stepsInEpoch, { quiet });
          const loss = s.loss === null ? '' : `loss ${s.loss.toFixed(4)} · `;
          progress.update(s.step, `step ${s.step}/${s.stepsInEpoch} · ${loss}${Math.round(s.samplesPerSecond)} samples/s`);
        },
        onEpoch: (row) => {
          progress?.done();
          progress = null;
          if (!quiet) process.stderr.write(`${summaryLine(row, spec.epochs)}\n`);
          if (logFile) appendFileSync(logFile, `${JSON.stringify({ event: 'epoch', ...row })}\n`);
        },
      });
    } finally {
      process.removeListener('SIGINT', onSigint);
      (progress as Progress | null)?.done();
      trial.dispose();
    }
    const out = {
      config: result.config,
      epochs: result.epochs,
      final: result.final,
      diverged: result.diverged,
      divergedAtStep: result.divergedAtStep,
      ...(result.aborted ? { aborted: true } : {}),
    };
    if (logFile) {
      appendFileSync(logFile, `${JSON.stringify({ event: 'end', diverged: result.diverged, divergedAtStep: result.divergedAtStep, aborted: result.aborted })}\n`);
    }
    if (jsonTarget !== undefined) writeOutput(jsonTarget, toJson(out));
    if (result.diverged) {
      process.stderr.write(`lrlab: training diverged at step ${result.divergedAtStep} (loss NaN/Inf, or its running average above 10× the initial loss); try a smaller --lr\n`);
    }
    if (result.aborted) {
      process.stderr.write(`lrlab: interrupted after ${result.epochs.length} epoch(s)${jsonTarget !== undefined ? '; finished epochs written' : ''}\n`);
      return 130;
    }
    if (jsonTarget !== '-' && result.final && !quiet) {
      const f = result.final;
      process.stdout.write(`val accuracy ${(100 * f.valAccuracy).toFixed(2)}%, val loss ${f.valLoss.toFixed(4)} after ${f.epoch} epoch(s) (${data.name}, ${result.config.backend}, seed ${spec.seed})\n`);
    }
    return 0;
  },
};

/** `epoch 1/3  loss 0.3412  acc 90.12%  val_loss 0.2101  val_acc 93.90%  lr 0.1  12.3s  24512 samples/s` */
export function summaryLine(r: EpochRow, epochs: number): string {
  return [
    `epoch ${r.epoch}/${epochs}`,
    `loss ${r.trainLoss.toFixed(4)}`,
    `acc ${(100 * r.trainAccuracy).toFixed(2)}%`,
    `val_loss ${r.valLoss.toFixed(4)}`,
    `val_acc ${(100 * r.valAccuracy).toFixed(2)}%`,
    `lr ${Number(r.lr.toPrecision(4))}`,
    `${r.seconds.toFixed(1)}s`,
    `${Math.round(r.samplesPerSecond)} samples/s`,
  ].join('  ');
}
