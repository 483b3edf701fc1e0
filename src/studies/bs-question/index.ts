import * as z from 'zod';
import { barChart, lineChart } from '../../report/charts/index.js';
import type { Study, StudyContext, StudyOutput, TrialOutcome, TrialSpec } from '../study.js';
import { bsQuestionVerdict, type SpeedRow } from './verdict.js';
import { secs, sig } from '../shared/format.js';
import { timeToTarget } from '../shared/time-to-target.js';
import { increasingNums, posInt, posNum, seedsField, setupFields, setupTrial } from '../shared/setup.js';
import { errorNote, indexOutcomes, nominalLr } from '../shared/trials.js';

const runSchema = z.strictObject({
  batchSize: posInt(),
  /** Small LR grid; the best is the one reaching the target first (else the lowest loss). */
  lrs: increasingNums(),
  epochs: posInt(),
  /** Step budget (batch 1 would take minutes per epoch); the run stops there. */
  maxSteps: posInt().optional(),
  /** Validation loss and elapsed training seconds every this many steps. */
  evalEverySteps: posInt(),
});

export const bsQuestionConfigSchema = z.strictObject({
  ...setupFields,
  seeds: seedsField(),
  runs: z.array(runSchema).min(2, { error: 'needs at least two batch sizes' })
    .refine((a) => new Set(a.map((r) => r.batchSize)).size === a.length, { error: 'batch sizes must differ' }),
  /** The article's answer; also the batch whose best LR is scaled linearly to the others. */
  claimedBatch: posInt(),
  /** Validation loss that counts as "converged". */
  targetLoss: posNum(),
}).refine((c) => c.runs.some((r) => r.batchSize === c.claimedBatch), { error: 'must be one of the runs\' batch sizes', path: ['claimedBatch'] })
  .refine((c) => c.runs.every((r) => r.batchSize <= c.trainSize), { error: 'every batch size must be <= trainSize', path: ['runs'] });
export type BsQuestionConfig = z.infer<typeof bsQuestionConfigSchema>;

const quick: BsQuestionConfig = {
  data: 'mnist', trainSize: 10000, valSize: 2000, model: 'mlp', hidden: [64], seeds: 1, claimedBatch: 100, targetLoss: 0.7,
  runs: [
    { batchSize: 1, lrs: [0.003, 0.01, 0.03], epochs: 1, maxSteps: 2000, evalEverySteps: 200 },
    { batchSize: 100, lrs: [0.03, 0.1, 0.3], epochs: 2, evalEverySteps: 10 },
    { batchSize: 10000, lrs: [0.15, 0.5], epochs: 15, evalEverySteps: 1 },
  ],
};
const full: BsQuestionConfig = {
  data: 'mnist', trainSize: 10000, valSize: 5000, model: 'mlp', hidden: [128], seeds: 1, claimedBatch: 100, targetLoss: 0.35,
  runs: [
    { batchSize: 1, lrs: [0.001, 0.003, 0.01, 0.03], epochs: 1, maxSteps: 10000, evalEverySteps: 500 },
    { batchSize: 100, lrs: [0.03, 0.1, 0.3, 1], epochs: 10, evalEverySteps: 20 },
    { batchSize: 10000, lrs: [0.1, 0.3, 1], epochs: 60, evalEverySteps: 3 },
  ],
};

const trialId = (b: number, lr: number) => `b${b}-lr${sig(lr, 4)}`;

/** A trial's validation-loss curve against training seconds and epochs (samples/N). */
export function lossCurve(o: TrialOutcome | undefined, trainSize: number): Array<{ seconds: number; epochs: number; loss: number }> {
  return (o?.evals ?? []).map((e) => ({ seconds: e.seconds, epochs: e.samples / trainSize, loss: e.valLoss }));
}

/** Time to target, epochs to target, samples/s and the lowest loss of one run. */
export function speedOf(o: TrialOutcome | undefined, trainSize: number, target: number) {
  const curve = lossCurve(o, trainSize);
  const last = o?.evals?.[o.evals.length - 1];
  const finite = curve.map((p) => p.loss).filter(Number.isFinite);
  return {
    secondsToTarget: timeToTarget(curve.map((p) => ({ t: p.seconds, value: p.loss })), target),
    epochsToTarget: timeToTarget(curve.map((p) => ({ t: p.epochs, value: p.loss })), target),
    samplesPerSecond: last && last.seconds > 0 ? last.samples / last.seconds : NaN,
    minLoss: finite.length > 0 ? Math.min(...finite) : NaN,
  };
}

/**
 * Study 8: the article's question — 10k samples, plain SGD, batch 1, 100 or 10000: which
 * converges fastest? Each batch size with its best LR from a small grid and with the LR of
 * the claimed batch scaled linearly; validation loss against wall-clock seconds and epochs,
 * time to a target loss, and samples/s (batch 1 on wasm is per-step overhead bound).
 */
export const bsQuestion: Study<BsQuestionConfig> = {
  name: 'bs-question',
  title: 'Batch size 1, 100 or 10000?',
  claim: 'On 10,000 samples with SGD, batch size 100 converges fastest (of 1, 100 and 10,000).',
  configSchema: bsQuestionConfigSchema,
  presets: { quick, full },
  async run(c: BsQuestionConfig, ctx: StudyContext): Promise<StudyOutput> {
    const seed = ctx.seed;
    const runs = [...c.runs].sort((a, b) => a.batchSize - b.batchSize);
    const trial = (r: (typeof runs)[number], lr: number): TrialSpec => ({
      id: trialId(r.batchSize, lr),
      config: {
        ...setupTrial(c, seed), optimizer: { name: 'sgd' }, schedule: lr, batchSize: r.batchSize, epochs: r.epochs, seed,
        ...(r.maxSteps ? { maxSteps: r.maxSteps } : {}), evalEverySteps: r.evalEverySteps,
      },
    });
    ctx.progress({ label: `LR grid at batch ${runs.map((r) => r.batchSize).join(', ')}` });
    const first = indexOutcomes(await ctx.runTrials(runs.flatMap((r) => r.lrs.map((lr) => trial(r, lr)))));
    const byId = new Map(first.byId);
    const speed = (b: number, lr: number) => speedOf(byId.get(trialId(b, lr)), c.trainSize, c.targetLoss);
    // Best LR: first to the target; if none gets there, the lowest validation loss reached.
    const pick = (r: (typeof runs)[number]) => {
      const scored = r.lrs.map((lr) => ({ lr, ...speed(r.batchSize, lr) }));
      const reached = scored.filter((s) => s.secondsToTarget !== null);
      if (reached.length > 0) return reached.reduce((a, b) => (b.secondsToTarget! < a.secondsToTarget! ? b : a)).lr;
      const finite = scored.filter((s) => Number.isFinite(s.minLoss));
      return finite.length > 0 ? finite.reduce((a, b) => (b.minLoss < a.minLoss ? b : a)).lr : null;
    };
    const best = new Map(runs.map((r) => [r.batchSize, pick(r)]));
    const refLr = best.get(c.claimedBatch) ?? null;

    // The claimed batch's best LR scaled linearly (lr·B/B_claimed), a trial unless the grid already has it.
    const scaled = new Map<number, number>();
    const extra: TrialSpec[] = [];
    if (refLr !== null) {
      for (const r of runs) {
        if (r.batchSize === c.claimedBatch) continue;
        const lr = Number((refLr * r.batchSize / c.claimedBatch).toPrecision(6));
        scaled.set(r.batchSize, lr);
        if (!byId.has(trialId(r.batchSize, lr))) extra.push(trial(r, lr));
      }
    }
    let errors = first.errors;
    if (extra.length > 0) {
      ctx.progress({ label: `linearly scaled LRs from batch ${c.claimedBatch}` });
      const second = indexOutcomes(await ctx.runTrials(extra));
      for (const [k, v] of second.byId) byId.set(k, v);
      errors = [...errors, ...second.errors];
    }

    const rows: SpeedRow[] = runs.flatMap((r) => {
      const lr = best.get(r.batchSize);
      return lr === null || lr === undefined ? [] : [{ batchSize: r.batchSize, lr, ...speed(r.batchSize, lr) }];
    });
    const verdict = bsQuestionVerdict(rows, c.targetLoss, c.claimedBatch);
    const scaledRows = [...scaled].map(([b, lr]) => ({ batchSize: b, lr, ...speed(b, lr), status: byId.get(trialId(b, lr))?.status ?? 'missing' }));
    const scaledNote = scaledRows.length === 0 ? '' : ` With the LR of batch ${c.claimedBatch} scaled linearly: ` +
      scaledRows.map((s) => `batch ${s.batchSize} at lr ${sig(s.lr)} ${s.status === 'diverged' ? 'diverged' : s.secondsToTarget === null ? `never reached the target (best ${sig(s.minLoss)})` : `reached it in ${secs(s.secondsToTarget)}`}`).join('; ') + '.';
    const capped = runs.filter((r) => r.maxSteps !== undefined).map((r) => `batch ${r.batchSize} was capped at ${r.maxSteps} steps`);
    const text = verdict.text + scaledNote + (capped.length > 0 ? ` Budget: ${capped.join(', ')}.` : '') + errorNote(errors);

    const curveSeries = (x: 'seconds' | 'epochs') => [
      ...rows.map((r) => ({ name: `B ${r.batchSize}, lr ${sig(r.lr)}`, b: r.batchSize, lr: r.lr })),
      ...scaledRows.filter((s) => s.lr !== best.get(s.batchSize)).map((s) => ({ name: `B ${s.batchSize}, lr ${sig(s.lr)} (×B/${c.claimedBatch})`, b: s.batchSize, lr: s.lr })),
    ].map((s) => ({
      name: s.name,
      // Log axes: epochs start above 0; a diverged curve is cut at its last finite loss.
      points: lossCurve(byId.get(trialId(s.b, s.lr)), c.trainSize).filter((p) => Number.isFinite(p.loss) && p.loss > 0 && (x === 'seconds' || p.epochs > 0))
        .map((p) => ({ x: p[x], y: p.loss })),
    })).filter((s) => s.points.length > 0);
    const figures: StudyOutput['figures'] = [];
    const bySec = curveSeries('seconds'), byEp = curveSeries('epochs');
    if (bySec.length > 0) {
      figures.push({
        id: 'loss-vs-seconds', title: 'Validation loss against training seconds',
        caption: `Plain SGD on ${c.trainSize} examples, each batch size at its best LR, and (×B/${c.claimedBatch}) at the LR of batch ${c.claimedBatch} scaled linearly; seconds exclude evaluation. Target loss ${sig(c.targetLoss)}.`,
        spec: lineChart({ series: bySec, xTitle: 'Training seconds', yTitle: 'Validation loss', logY: true }),
      });
      figures.push({
        id: 'loss-vs-epochs', title: 'Validation loss against epochs (samples seen / N)',
        caption: 'The same runs per epoch: small batches make more progress per example seen.',
        spec: lineChart({ series: byEp, xTitle: 'Epochs', yTitle: 'Validation loss', logX: true, logY: true }),
      });
    }
    const reached = rows.filter((r) => r.secondsToTarget !== null);
    if (reached.length > 0) {
      figures.push({
        id: 'time-to-target', title: `Seconds to validation loss ${sig(c.targetLoss)}`,
        caption: `Each batch size at its best LR; ${rows.length - reached.length} batch size(s) did not reach the target within their budget.`,
        spec: barChart({ bars: reached.map((r) => ({ label: `batch ${r.batchSize}`, value: r.secondsToTarget! })), valueTitle: 'Training seconds to target' }),
      });
    }
    const tput = rows.filter((r) => Number.isFinite(r.samplesPerSecond));
    if (tput.length > 0) {
      figures.push({
        id: 'samples-per-second', title: 'Throughput: samples per second',
        caption: `Training samples per second at each batch size on the ${ctx.backend} backend (one thread per trial).`,
        spec: barChart({ bars: tput.map((r) => ({ label: `batch ${r.batchSize}`, value: r.samplesPerSecond })), valueTitle: 'Samples per second', valueFormat: '.3~s' }),
      });
    }
    return {
      method: `Trained a ${c.model}${c.hidden ? ` (hidden ${c.hidden.join('×')})` : ''} with plain SGD on ${c.trainSize} ${c.data} examples at batch ` +
        runs.map((r) => `${r.batchSize} (LRs ${r.lrs.map((x) => sig(x)).join(', ')}; ${r.maxSteps ? `${r.maxSteps} steps` : `${r.epochs} epochs`}, evaluated every ${r.evalEverySteps} steps)`).join(', ') +
        `, on the ${ctx.backend} backend. Each batch size keeps the LR that reaches validation loss ${sig(c.targetLoss)} first (else the lowest loss); the best LR of batch ${c.claimedBatch} is also scaled linearly to the others. ` +
        `Time to target is interpolated between evaluations on ${c.valSize} held-out examples; training seconds exclude evaluation; epochs are samples seen / ${c.trainSize}.`,
      figures,
      table: {
        columns: ['batch size', 'LR', 'seconds to target', 'epochs to target', 'samples/s', 'lowest val. loss'],
        rows: [
          ...rows.map((r) => [`${r.batchSize} (best LR)`, r.lr, r.secondsToTarget === null ? 'not reached' : sig(r.secondsToTarget), r.epochsToTarget === null ? 'not reached' : sig(r.epochsToTarget), sig(r.samplesPerSecond), sig(r.minLoss)]),
          ...scaledRows.map((s) => [`${s.batchSize} (linear from ${c.claimedBatch})`, s.lr, s.status === 'diverged' ? 'diverged' : s.secondsToTarget === null ? 'not reached' : sig(s.secondsToTarget), s.epochsToTarget === null ? 'n/a' : sig(s.epochsToTarget), sig(s.samplesPerSecond), sig(s.minLoss)]),
        ],
      },
      verdict: { status: verdict.status, text },
      data: {
        config: c, seed, backend: ctx.backend, targetLoss: c.targetLoss, best: rows, linearlyScaled: scaledRows,
        trials: [...byId.values()].map((o) => ({ id: o.id, status: o.status, lr: nominalLr(o.config.schedule), batchSize: o.config.batchSize, curve: lossCurve(o, c.trainSize), ...speedOf(o, c.trainSize, c.targetLoss), seconds: o.seconds })),
        errors,
      },
    };
  },
};
