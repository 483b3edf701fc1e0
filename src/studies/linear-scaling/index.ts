import * as z from 'zod';
import { planScaling } from '../../core/batch/index.js';
import { scaleLr } from '../../core/schedules/index.js';
import { lineChart } from '../../report/charts/index.js';
import type { OptimizerSettings, ScheduleValue } from '../../trial/config.js';
import type { Study, StudyContext, StudyOutput, TrialSpec } from '../study.js';
import { bestLr } from '../shared/best-lr.js';
import { pct, sig } from '../shared/format.js';
import { RULES, scalingVerdict, type Rule, type ScalingPoint } from './verdict.js';
import { mean, minMax } from '../../core/stats.js';
import { increasingInts, increasingNums, posInt, seedList, seedsField, setupFields, setupTrial } from '../shared/setup.js';
import { epochRows, errorNote, finalMetrics, indexOutcomes } from '../shared/trials.js';

export const linearScalingConfigSchema = z.strictObject({
  ...setupFields,
  seeds: seedsField(),
  /** Momentum of the SGD runs (Goyal et al.: 0.9). */
  momentum: z.number().min(0).max(0.999),
  baseBatch: posInt(),
  /** LRs tried at the base batch; the best is the η that every rule scales. */
  lrGrid: increasingNums(),
  /** Batch multipliers k (the first must be 1: the baseline). */
  ks: increasingInts().refine((a) => a[0] === 1 && a.length >= 2, { error: 'must start with 1 and have at least one k > 1' }),
  epochs: posInt(),
  /** Gradual warmup from η to kη over this many epochs (Goyal et al.: 5). */
  warmupEpochs: z.number().int().min(1),
  /** Accuracy drop (fraction) still counted as "matches the baseline"; the baseline's seed spread is added when larger. */
  tolerance: z.number().min(0).max(0.2),
  /** The LARS line: its own LR tuned at the base batch, then ×k with warmup. Null: no LARS line. */
  lars: z.strictObject({ lrGrid: increasingNums(), trustCoefficient: z.number().positive() }).nullable(),
}).refine((c) => c.baseBatch * c.ks[c.ks.length - 1] <= c.trainSize, { error: 'baseBatch × largest k must be <= trainSize', path: ['ks'] })
  .refine((c) => c.warmupEpochs < c.epochs, { error: 'must be < epochs', path: ['warmupEpochs'] });
export type LinearScalingConfig = z.infer<typeof linearScalingConfigSchema>;

const quick: LinearScalingConfig = {
  data: 'mnist', trainSize: 2048, valSize: 2000, model: 'mlp', hidden: [64], seeds: 1,
  momentum: 0.9, baseBatch: 16, lrGrid: [0.003, 0.01, 0.03], ks: [1, 4, 16, 64], epochs: 8, warmupEpochs: 3, tolerance: 0.01,
  lars: { lrGrid: [0.3, 1, 3], trustCoefficient: 0.001 },
};
const full: LinearScalingConfig = {
  data: 'mnist', trainSize: 5000, valSize: 5000, model: 'mlp', hidden: [100], seeds: 2,
  momentum: 0.9, baseBatch: 16, lrGrid: [0.0025, 0.005, 0.01, 0.02, 0.04], ks: [1, 2, 4, 8, 16, 32, 64], epochs: 15, warmupEpochs: 5, tolerance: 0.005,
  lars: { lrGrid: [0.3, 1, 3], trustCoefficient: 0.001 },
};

const trialId = (rule: string, k: number, lr: number, seed: number) => `${rule.replace(/[^a-zA-Z]+/g, '-')}-k${k}-lr${sig(lr, 4)}-s${seed}`;

/**
 * Study 7: the linear scaling rule (Goyal et al. 2017). η is tuned at a base batch; for each
 * k the batch is k× larger and the LR is left unchanged, ×k, ×k with gradual warmup (the core
 * planner's schedule), or ×√k; a LARS line (You et al. 2017) scales its own tuned LR by k with
 * warmup. Same epoch budget for all: where does the linear rule stop holding?
 */
export const linearScaling: Study<LinearScalingConfig> = {
  name: 'linear-scaling',
  title: 'The linear scaling rule',
  claim: 'Multiply the batch size by k, multiply the learning rate by k (with a gradual warmup), and accuracy stays the same (Goyal et al. 2017).',
  configSchema: linearScalingConfigSchema,
  presets: { quick, full },
  async run(c: LinearScalingConfig, ctx: StudyContext): Promise<StudyOutput> {
    const seeds = seedList(ctx.seed, c.seeds);
    const sgd: OptimizerSettings = { name: 'momentum', momentum: c.momentum };
    const lars = (): OptimizerSettings => ({ name: 'lars', trustCoefficient: c.lars!.trustCoefficient });
    const trial = (id: string, optimizer: OptimizerSettings, schedule: ScheduleValue, batchSize: number, seed: number): TrialSpec => ({
      id, config: { ...setupTrial(c, ctx.seed), optimizer, schedule, batchSize, epochs: c.epochs, seed },
    });

    // Phase 1: tune η (and LARS's η) at the base batch with the first seed.
    ctx.progress({ label: `tuning the LR at batch ${c.baseBatch}` });
    const tuneSgd = c.lrGrid.map((lr) => trial(trialId('tune-sgd', 1, lr, seeds[0]), sgd, lr, c.baseBatch, seeds[0]));
    const tuneLars = c.lars ? c.lars.lrGrid.map((lr) => trial(trialId('tune-lars', 1, lr, seeds[0]), lars(), lr, c.baseBatch, seeds[0])) : [];
    const first = indexOutcomes(await ctx.runTrials([...tuneSgd, ...tuneLars]));
    const score = (id: string) => finalMetrics(first.byId.get(id))?.valAccuracy ?? null;
    const bestSgd = bestLr(c.lrGrid, tuneSgd.map((t) => score(t.id)));
    if (!bestSgd) throw new Error(`every LR of the grid diverged or failed at batch ${c.baseBatch}${errorNote(first.errors)}`);
    const bestLars = c.lars ? bestLr(c.lars.lrGrid, tuneLars.map((t) => score(t.id))) : null;
    const eta = bestSgd.gridLr;

    // Phase 2: every rule at every k > 1 (and the baseline's other seeds).
    const plan = (fromLr: number, k: number) => planScaling({ fromBatch: c.baseBatch, fromLr, toBatch: c.baseBatch * k, rule: 'linear', warmupEpochs: c.warmupEpochs, datasetSize: c.trainSize });
    const ruleTrial = (rule: Rule, k: number, seed: number): TrialSpec | null => {
      const b = c.baseBatch * k;
      switch (rule) {
        case 'unchanged': return trial(trialId(rule, k, eta, seed), sgd, eta, b, seed);
        case 'linear': return trial(trialId(rule, k, eta * k, seed), sgd, eta * k, b, seed);
        case 'linear + warmup': { const p = plan(eta, k); return trial(trialId(rule, k, p.lr, seed), sgd, p.schedule as unknown as ScheduleValue, b, seed); }
        case 'sqrt': { const lr = scaleLr(eta, c.baseBatch, b, 'sqrt'); return trial(trialId(rule, k, lr, seed), sgd, lr, b, seed); }
        case 'LARS': {
          if (!bestLars) return null;
          const p = plan(bestLars.gridLr, k);
          return trial(trialId(rule, k, p.lr, seed), lars(), p.schedule as unknown as ScheduleValue, b, seed);
        }
      }
    };
    const baseIds = (s: number) => ({ sgd: trialId('tune-sgd', 1, eta, s), lars: bestLars ? trialId('tune-lars', 1, bestLars.gridLr, s) : null });
    const second: TrialSpec[] = [];
    for (const s of seeds.slice(1)) {
      second.push(trial(baseIds(s).sgd, sgd, eta, c.baseBatch, s));
      if (bestLars) second.push(trial(baseIds(s).lars!, lars(), bestLars.gridLr, c.baseBatch, s));
    }
    const grid: Array<{ k: number; rule: Rule; ids: string[] }> = [];
    for (const k of c.ks.slice(1)) for (const rule of RULES) {
      const specs = seeds.map((s) => ruleTrial(rule, k, s)).filter((t): t is TrialSpec => t !== null);
      if (specs.length === 0) continue;
      second.push(...specs);
      grid.push({ k, rule, ids: specs.map((t) => t.id) });
    }
    ctx.progress({ label: `${c.ks.length - 1} batch multipliers × ${RULES.length} rules × ${seeds.length} seed(s)` });
    const rest = indexOutcomes(await ctx.runTrials(second));
    const byId = new Map([...first.byId, ...rest.byId]);
    const errors = [...first.errors, ...rest.errors];

    // A setting whose any seed diverged or failed has no accuracy: the rule is not safe there.
    const meanAcc = (ids: string[]): { mean: number | null; values: number[] } => {
      const m = ids.map((id) => finalMetrics(byId.get(id)));
      const values = m.filter((x) => x !== null).map((x) => x!.valAccuracy);
      return { mean: values.length === ids.length ? mean(values) : null, values };
    };
    const base = meanAcc(seeds.map((s) => baseIds(s).sgd));
    if (base.mean === null) throw new Error(`the baseline (batch ${c.baseBatch}, lr ${eta}) did not finish for every seed${errorNote(errors)}`);
    const baseRange = minMax(base.values)!;
    const tolerance = Math.max(c.tolerance, baseRange[1] - baseRange[0]);
    const larsBase = bestLars ? meanAcc(seeds.map((s) => baseIds(s).lars!)).mean : null;
    const points: ScalingPoint[] = [
      ...RULES.filter((r) => r !== 'LARS').map((rule) => ({ k: 1, rule, valAccuracy: base.mean })),
      ...(bestLars ? [{ k: 1, rule: 'LARS' as Rule, valAccuracy: larsBase }] : []),
      ...grid.map((g) => ({ k: g.k, rule: g.rule, valAccuracy: meanAcc(g.ids).mean })),
    ];
    const verdict = scalingVerdict(base.mean, points, tolerance);

    const lrOf = (rule: Rule, k: number): number => {
      if (rule === 'unchanged') return eta;
      if (rule === 'sqrt') return eta * Math.sqrt(k);
      if (rule === 'LARS') return (bestLars?.gridLr ?? NaN) * k;
      return eta * k;
    };
    const series = RULES.map((rule) => ({
      name: rule === 'LARS' ? 'LARS ×k + warmup' : rule === 'linear' ? '×k' : rule === 'linear + warmup' ? '×k + warmup' : rule === 'sqrt' ? '×√k' : 'LR unchanged',
      points: points.filter((p) => p.rule === rule && p.valAccuracy !== null).map((p) => ({ x: p.k, y: p.valAccuracy as number })),
    })).filter((s) => s.points.length > 0);
    series.push({ name: 'baseline − tolerance', points: [{ x: 1, y: base.mean - tolerance }, { x: c.ks[c.ks.length - 1], y: base.mean - tolerance }] });
    const kMax = c.ks[c.ks.length - 1];
    const curves = grid.filter((g) => g.k === kMax).map((g) => ({
      name: g.rule, points: epochRows(byId.get(g.ids[0])).map((r) => ({ x: r.epoch, y: r.valAccuracy })).filter((p) => Number.isFinite(p.y)),
    })).filter((s) => s.points.length > 0);
    const figures: StudyOutput['figures'] = [{
      id: 'accuracy-vs-k', title: 'Final validation accuracy against the batch multiplier k',
      caption: `Batch ${c.baseBatch}·k, ${c.epochs} epochs for every run, η = ${sig(eta)} tuned at k = 1${bestLars ? ` (LARS: ${sig(bestLars.gridLr)})` : ''}; mean of ${seeds.length} seed(s). Missing points diverged.`,
      spec: lineChart({ series, xTitle: 'Batch multiplier k', yTitle: 'Validation accuracy', logX: true }),
    }];
    if (curves.length > 0) {
      figures.push({
        id: 'curves-largest-k', title: `Validation accuracy per epoch at k = ${kMax} (batch ${c.baseBatch * kMax})`,
        caption: `First seed. Warmup runs ramp the LR from η to kη over ${c.warmupEpochs} epochs.`,
        spec: lineChart({ series: curves, xTitle: 'Epoch', yTitle: 'Validation accuracy' }),
      });
    }
    return {
      method: `Tuned η for momentum SGD (${c.momentum}) at batch ${c.baseBatch} over {${c.lrGrid.map((x) => sig(x)).join(', ')}} → η = ${sig(eta)}` +
        `${bestLars ? `; LARS (trust ${c.lars!.trustCoefficient}) over {${c.lars!.lrGrid.map((x) => sig(x)).join(', ')}} → ${sig(bestLars.gridLr)}` : ''}. ` +
        `Then trained a ${c.model}${c.hidden ? ` (hidden ${c.hidden.join('×')})` : ''} on ${c.trainSize} ${c.data} examples at batch ${c.baseBatch}·k for k = ${c.ks.join(', ')}, ` +
        `${c.epochs} epochs each (so k× fewer steps), ${seeds.length} seed(s), with the LR unchanged, ×k, ×k with linear warmup from η over ${c.warmupEpochs} epochs (the core planner's schedule), ` +
        `×√k${bestLars ? ', and LARS with its LR ×k and the same warmup' : ''}. The rule "holds" at k when ×k with warmup is within ${sig(100 * tolerance, 2)} pp of the k = 1 validation accuracy (${c.valSize} held-out examples).`,
      figures,
      table: {
        columns: ['k', 'batch', ...RULES.map((r) => (r === 'LARS' ? 'LARS ×k + warmup' : r))],
        rows: c.ks.map((k) => [k, c.baseBatch * k, ...RULES.map((r) => {
          const p = points.find((x) => x.k === k && x.rule === r);
          return p === undefined ? null : p.valAccuracy === null ? 'diverged' : `${pct(p.valAccuracy)} @ ${sig(lrOf(r, k))}`;
        })]),
      },
      verdict: { status: verdict.status, text: verdict.text + errorNote(errors) },
      data: {
        config: c, seeds, eta, larsLr: bestLars?.gridLr ?? null, tolerance, holdsUpTo: verdict.holdsUpTo, failsAt: verdict.failsAt,
        tuning: { sgd: c.lrGrid.map((lr, i) => ({ lr, valAccuracy: score(tuneSgd[i].id) })), lars: tuneLars.map((t, i) => ({ lr: c.lars!.lrGrid[i], valAccuracy: score(t.id) })) },
        points: points.map((p) => ({ ...p, lr: lrOf(p.rule, p.k) })),
        trials: [...byId.values()].map((o) => ({ id: o.id, status: o.status, final: finalMetrics(o), epochs: epochRows(o), seconds: o.seconds })),
        errors,
      },
    };
  },
};
