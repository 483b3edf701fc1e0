import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../lrlab.js';
import { ONECYCLE_CONFIDENCE } from '../../../core/finder/index.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lrlab-find-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Run `lrlab …` in-process, capturing stdout and stderr. */
async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => { out += String(s); return true; });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => { err += String(s); return true; });
  try {
    const code = await main(argv);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

const tiny = ['find', '--data', 'synthetic', '--train-size', '400', '--val-size', '100', '--model', 'mlp', '--hidden', '16',
  '--optimizer', 'momentum', '--batch-size', '32', '--backend', 'cpu', '--quiet'];

describe('lrlab find: bad input exits 2 and writes nothing', () => {
  const cases: [string[], RegExp][] = [
    [['--start-lr', '1', '--end-lr', '0.1'], /^lrlab: error: --end-lr: must be greater than startLr$/],
    [['--start-lr', '1e-3', '--end-lr', '1e-3'], /^lrlab: error: --end-lr: must be greater than startLr$/],
    [['--steps', '5'], /^lrlab: error: --steps: must be an integer >= 10/],
    [['--start-lr', '0'], /^lrlab: error: --start-lr: must be > 0/],
    [['--end-lr=-1'], /^lrlab: error: --end-lr: must be > 0/],
    [['--repeats', '0'], /^lrlab: error: --repeats: must be an integer >= 1/],
    [['--grid', '1e-3,abc'], /^lrlab: error: --grid: must be a decimal number \(got 'abc'\)$/],
    [['--grid', '0x10'], /^lrlab: error: --grid: must be a decimal number \(got '0x10'\)$/],
    [['--start-lr', '1e-4abc'], /^lrlab: error: --start-lr: must be a decimal number \(got '1e-4abc'\)$/],
    [['--steps', '0x20'], /^lrlab: error: --steps: must be a decimal number \(got '0x20'\)$/],
    [['--grid-range', '1e-4:1:0x7'], /^lrlab: error: --grid-range: must be a decimal number \(got '0x7'\)$/],
    [['--grid', '1e-3,-0.1'], /^lrlab: error: --grid: '-0.1' must be > 0/],
    [['--grid', '0.1,0.1'], /^lrlab: error: --grid: lists 0.1 twice/],
    [['--grid-range', '1e-4:1'], /^lrlab: error: --grid-range: must be MIN:MAX:N/],
    [['--grid-range', '1:1e-4:7'], /^lrlab: error: --grid-range: MAX must be greater than MIN/],
    [['--grid', '0.1', '--grid-range', '1e-4:1:7'], /^lrlab: error: --grid-range: cannot be combined with --grid/],
    [['--lr', '0.1'], /^lrlab: error: --lr: does not apply to find/],
    [['--step-epochs', '3'], /^lrlab: error: --step-epochs: needs --accuracy/],
    [['--accuracy', '--step-epochs', '11'], /^lrlab: error: --step-epochs: must be an integer from 2 to 10/],
    [['--base-div', '5'], /^lrlab: error: --base-div: must be one of 3\|4/],
    [['--mode', 'log'], /^lrlab: error: --mode: must be one of exp\|linear/],
    [['--smooth', '1'], /^lrlab: error: --smooth: must be in \[0, 1\)/],
    [['--diverge', '1'], /^lrlab: error: --diverge: must be a number > 1/],
    [['--plot', 'curve.gif'], /^lrlab: error: --plot: must name a .svg or .png file/],
    [['--jobs', '2'], /^lrlab: error: --jobs: needs --grid or --grid-range/],
    [['--val-loss', '--grid', '0.1'], /^lrlab: error: --val-loss: applies to the range test, not to --grid$/],
    [['--batch-rule', '--grid', '0.1'], /^lrlab: error: --batch-rule: applies to the range test, not to --grid$/],
    [['--batch-rule', '--optimizer', 'adam'], /^lrlab: error: --batch-rule: applies to the SGD family \(sgd, momentum, nesterov\), not to adam$/],
  ];
  for (const [extra, message] of cases) {
    it(`${extra.join(' ')}`, async () => {
      const json = join(dir, 'never.json');
      const r = await cli([...tiny, ...extra, '--json', json]);
      expect(r.code).toBe(2);
      expect(r.err.trim()).toMatch(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.out).toBe('');
      expect(existsSync(json)).toBe(false);
    });
  }
});

/** lr_i = s·(e/s)^(i/(N−1)), the exp sweep of the issue, written out here on its own. */
const expLr = (s: number, e: number, n: number, i: number): number => s * Math.pow(e / s, i / (n - 1));

describe('lrlab find: range test', () => {
  it('writes the find result JSON to stdout, the same on a second run', async () => {
    const argv = [...tiny, '--steps', '30', '--start-lr', '1e-4', '--end-lr', '10', '--epochs-budget', '2', '--json', '-'];
    const a = await cli(argv);
    expect(a.code).toBe(0);
    const r = JSON.parse(a.out);
    for (const k of ['config', 'lrs', 'losses', 'smoothedLosses', 'stopReason', 'suggestions', 'suggested', 'verdict', 'clr', 'recommendedSchedule']) {
      expect(r).toHaveProperty(k);
    }
    expect(r.config).toMatchObject({ seed: 0, backend: 'cpu', version: expect.any(String), batchSize: 32, model: 'mlp', trainSize: 400, steps: 30, startLr: 1e-4, endLr: 10 });
    expect(Object.keys(r.suggestions)).toEqual(['steepest', 'minimum', 'valley', 'slide']);
    expect(['usable', 'noisy', 'unusable']).toContain(r.verdict.status);
    expect(r.lrs.length).toBeGreaterThan(10);
    expect(r.lrs.length).toBeLessThanOrEqual(30);
    r.lrs.forEach((lr: number, i: number) => expect(lr).toBeCloseTo(expLr(1e-4, 10, 30, i), 12));
    expect(r.losses).toHaveLength(r.lrs.length);
    // smoothed_0 is the first raw loss (debiased EMA); smoothed_1 = (β·x0·(1−β) + (1−β)·x1)/(1−β²) with β = 0.98.
    expect(r.smoothedLosses[0]).toBe(r.losses[0]);
    const b = 0.98;
    expect(r.smoothedLosses[1]).toBeCloseTo((b * (1 - b) * r.losses[0] + (1 - b) * r.losses[1]) / (1 - b * b), 10);
    if (r.suggested) {
      // 400 rows / 32 = 13 steps per epoch × 2 epochs = 26 steps.
      expect(r.recommendedSchedule).toMatchObject({ type: 'onecycle', maxLr: 3 * r.suggested.lr, totalSteps: 26 });
    }
    const again = await cli(argv);
    expect(JSON.parse(again.out).losses).toEqual(r.losses);
  });

  it('prints the curve, suggestions, verdict and schedule, and writes the plot', async () => {
    const svg = join(dir, 'curve.svg');
    const r = await cli([...tiny, '--steps', '30', '--start-lr', '1e-4', '--end-lr', '10', '--plot', svg]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/smoothed loss/);
    expect(r.out).toMatch(/learning rate \(log scale\)/);
    expect(r.out).toMatch(/^suggestions: steepest /m);
    expect(r.out).toMatch(/^suggested lr: /m);
    expect(r.out).toMatch(/^verdict: (usable|noisy|unusable) — /m);
    expect(r.out).toMatch(/^recommended schedule: /m);
    expect(readFileSync(svg, 'utf8').startsWith('<svg')).toBe(true);
    expect(r.err).toBe('');
  });

  it('a huge start LR still gives a result, with verdict unusable', async () => {
    const json = join(dir, 'huge.json');
    const r = await cli([...tiny, '--steps', '20', '--start-lr', '1e5', '--end-lr', '1e9', '--json', json]);
    expect(r.code).toBe(0);
    const j = JSON.parse(readFileSync(json, 'utf8'));
    expect(j.verdict.status).toBe('unusable');
    expect(j.stopReason).not.toBe('completed');
    expect(r.out).toMatch(/^verdict: unusable — /m);
  });

  it('--repeats reports every run and each rule with its spread', async () => {
    const r = await cli([...tiny, '--steps', '20', '--start-lr', '1e-3', '--end-lr', '10', '--repeats', '2', '--json', '-']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.runs).toHaveLength(2);
    expect(j.config.repeats).toBe(2);
    // Repeat 1 used another seed (weights and batches): its curve differs from run 0's.
    expect(j.runs[1].losses[0]).not.toBe(j.runs[0].losses[0]);
    expect(j.lrs).toEqual(j.runs[0].lrs);
  });

  it('--val-loss records the held-out loss; the summary prints the interval and the confidence', async () => {
    const base = [...tiny, '--steps', '20', '--start-lr', '1e-3', '--end-lr', '10', '--json', '-'];
    const plain = JSON.parse((await cli(base)).out);
    const r = await cli([...base, '--val-loss']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.config.valLoss).toBe(true);
    expect(plain.config.valLoss).toBe(false);
    // Same LRs swept from the same weights, another loss recorded: the batch loss before step 0
    // against the held-out loss after it.
    expect(j.lrs.slice(0, 3)).toEqual(plain.lrs.slice(0, 3));
    expect(j.losses[0]).not.toBe(plain.losses[0]);
    if (j.verdict.status !== 'unusable') {
      expect(j.interval.lo).toBeLessThanOrEqual(j.interval.hi);
      expect(j.confidence.probability).toBeGreaterThan(0);
    }
    const text = await cli(base.slice(0, -2));
    if (plain.verdict.status !== 'unusable') {
      expect(text.out).toMatch(/^interval: \S+ … \S+ \(80% bootstrap interval of the suggestion, ×[\d.]+ wide\)$/m);
      expect(text.out).toMatch(new RegExp(`^confidence: \\d+% — on lrlab's finder benchmark, \\d+ of \\d+ ${plain.verdict.status} suggestions`, 'm'));
      // One range test with a one-cycle recommendation: the schedule's own count; --val-loss has none.
      expect(text.out).toMatch(/^schedule confidence: \d+% — \d+ of \d+ recommended one-cycles came within 0\.5 pp/m);
      // Each with how far the fresh held-out sets' own rates strayed (core's spread, sets of ≥ 10 runs).
      const sc = ONECYCLE_CONFIDENCE[plain.verdict.status as 'usable' | 'noisy'].spread;
      if (sc) expect(text.out).toMatch(new RegExp(`^schedule confidence: .*; on the ${sc.sets} fresh held-out sets from ${Math.round(100 * sc.lo)}% to ${Math.round(100 * sc.hi)}%$`, 'm'));
      if (plain.confidence.spread) expect(text.out).toMatch(/^confidence: .*; on the \d fresh held-out sets from \d+% to \d+%$/m);
      expect(plain.scheduleConfidence).toEqual(ONECYCLE_CONFIDENCE[plain.verdict.status as 'usable' | 'noisy']);
      expect(j.scheduleConfidence).toBeNull();
    }
  });

  it('--optimizer adam|adamw: the rules as recorded, the suggestion a quarter of their median, said in the rule', async () => {
    const base = [...tiny, '--steps', '20', '--start-lr', '1e-4', '--end-lr', '10', '--json', '-'];
    let checked = 0;
    for (const name of ['adam', 'adamw']) {
      const j = JSON.parse((await cli([...base, '--optimizer', name])).out);
      expect(j.config.adaptive).toBe(true);
      if (!j.suggested) continue;
      checked++;
      const rules = Object.values(j.suggestions as Record<string, { lr: number } | null>).flatMap((x) => (x ? [x.lr] : [])).sort((a, b) => a - b);
      const m = rules.length % 2 ? rules[(rules.length - 1) / 2] : Math.sqrt(rules[rules.length / 2 - 1] * rules[rules.length / 2]);
      expect(j.suggested.lr).toBeCloseTo(m / 4, 12);
      expect(j.suggested.rule).toMatch(/ × 1\/4 \(Adam\/AdamW\)$/);
    }
    expect(checked).toBeGreaterThan(0);
    expect(JSON.parse((await cli([...base, '--optimizer', 'momentum'])).out).config.adaptive).toBe(false);
  });

  it('--batch-rule (SGD family): the rules’ median scaled to the batch (× B/64), said in the rule; off by default', async () => {
    const median = (j: { suggestions: Record<string, { lr: number } | null> }): number => {
      const rules = Object.values(j.suggestions).flatMap((x) => (x ? [x.lr] : [])).sort((a, b) => a - b);
      return rules.length % 2 ? rules[(rules.length - 1) / 2] : Math.sqrt(rules[rules.length / 2 - 1] * rules[rules.length / 2]);
    };
    const base = [...tiny, '--steps', '20', '--start-lr', '1e-4', '--end-lr', '10', '--json', '-'];
    let checked = 0;
    for (const name of ['sgd', 'momentum']) {
      const plain = JSON.parse((await cli([...base, '--optimizer', name])).out);
      const j = JSON.parse((await cli([...base, '--optimizer', name, '--batch-rule'])).out);
      expect(j.suggestions).toEqual(plain.suggestions);
      if (!j.suggested) continue;
      checked++;
      // Default: the median itself. tiny trains at batch 32: --batch-rule halves it (scaling down has no cap).
      expect(plain.suggested.lr).toBeCloseTo(median(plain), 12);
      expect(j.suggested.lr).toBeCloseTo(median(j) / 2, 12);
      expect(j.suggested.rule).toMatch(/ × 32\/64 \(batch\)$/);
      // The benchmark's confidences were measured without the rule: none is stated with it.
      if (j.verdict.status !== 'unusable') {
        expect(plain.confidence).not.toBeNull();
        expect(j.confidence).toBeNull();
        expect(j.scheduleConfidence).toBeNull();
        const text = (await cli([...tiny, '--steps', '20', '--start-lr', '1e-4', '--end-lr', '10', '--optimizer', name, '--batch-rule'])).out;
        expect(text).toMatch(/^confidence: none stated for --batch-rule/m);
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('--accuracy adds the accuracy test: LR rising linearly, evaluated 4 times per epoch', async () => {
    const r = await cli([...tiny, '--steps', '20', '--accuracy', '--accuracy-epochs', '2', '--step-epochs', '2', '--start-lr', '1e-3', '--end-lr', '2', '--json', '-']);
    expect(r.code).toBe(0);
    const a = JSON.parse(r.out).accuracy;
    // T = 2 epochs × 13 steps = 26; evaluations after steps round(j·26/8), j = 1…8; the LR of
    // step t (0-based) is 1e-3 + (2 − 1e-3)·t/25, and an evaluation follows step (evalStep − 1).
    const evalSteps = Array.from({ length: 8 }, (_, j) => Math.round(((j + 1) * 26) / 8));
    expect(a.evalSteps).toEqual(evalSteps.slice(0, a.evalSteps.length));
    a.lrs.forEach((lr: number, j: number) => expect(lr).toBeCloseTo(1e-3 + ((2 - 1e-3) * (evalSteps[j] - 1)) / 25, 12));
    if (a.clr) {
      expect(a.clr).toMatchObject({ type: 'cyclic', stepSizeUp: 2 * 13, mode: 'triangular2' });
      expect(JSON.parse(r.out).clr.maxLr).toBe(a.clr.maxLr);
    }
  });
});

describe('lrlab find --grid', () => {
  it('trains each LR on worker threads, appends results.jsonl, and summarises', async () => {
    const out = join(dir, 'grid');
    const json = join(dir, 'grid.json');
    const r = await cli([...tiny.filter((a) => a !== '--quiet'), '--grid', '0.01,0.3', '--grid-epochs', '1', '--jobs', '1', '--out', out, '--json', json]);
    expect(r.code).toBe(0);
    // One line per trial on stderr as it finished.
    expect(r.err.match(/^lr (0\.01|0\.3) /gm)).toHaveLength(2);
    const lines = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.config.schedule).sort()).toEqual([0.01, 0.3]);
    expect(lines.map((l) => l.config.optimizer)).toEqual([{ name: 'momentum' }, { name: 'momentum' }]);
    const j = JSON.parse(readFileSync(json, 'utf8'));
    expect(j.trials.map((t: { lr: number }) => t.lr)).toEqual([0.01, 0.3]);
    // Best = the highest validation accuracy among the trials, read off the trials themselves.
    const ok = j.trials.filter((t: { status: string }) => t.status === 'ok');
    const top = Math.max(...ok.map((t: { valAccuracy: number }) => t.valAccuracy));
    expect(j.best.value).toBe(top);
    expect(r.out).toMatch(/^best lr: /m);
    expect(r.out).toMatch(/^under→overfitting crossover: /m);
  }, 120_000);
});
