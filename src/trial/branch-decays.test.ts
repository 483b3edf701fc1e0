import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backend.js';
import { branchDecays, planBranches } from './branch-decays.js';
import { buildTrial } from './build.js';
import type { TrialConfig } from './config.js';

// synthetic:blobs with 200 training rows: batch 16 → ceil(200/16) = 13 steps per epoch, so the
// budgets below end mid-epoch and the branches cross epoch boundaries.
const wsd = { type: 'wsd', lr: 0.2, warmupSteps: 5, decayFraction: 0.2, decayShape: '1-sqrt' };
const base: TrialConfig = {
  data: 'synthetic:blobs?n=300', trainSize: 200, valSize: 60, model: 'mlp', hidden: [8],
  optimizer: { name: 'momentum', momentum: 0.9 }, schedule: wsd, batchSize: 16, epochs: 1, seed: 7,
};

/** A separate wsd run of `budget` steps from scratch, through the Trainer's own loop (`run`, its schedule). */
async function separateRun(config: TrialConfig, budget: number): Promise<{ loss: number; accuracy: number }> {
  const spec = { ...(config.schedule as object), totalSteps: budget };
  const built = await buildTrial({ ...config, schedule: spec });
  try {
    const stop = new AbortController();
    const r = await built.trainer.run({
      epochs: Math.ceil(budget / built.trainer.stepsPerEpoch),
      signal: stop.signal,
      onStep: (s) => { if (s.globalStep >= budget) stop.abort(); },
    });
    expect(r.steps).toBe(budget);
    return await built.trainer.evaluate();
  } finally {
    built.dispose();
  }
}

describe('planBranches', () => {
  it('decay starts are T − round(fraction·T), after the shared warmup', () => {
    // round(0.2·20) = 4 → 16; round(0.2·35) = 7 → 28; round(0.2·50) = 10 → 40
    const plans = planBranches({ lr: 0.2, warmupSteps: 5, decayFraction: 0.2 }, [20, 35, 50]);
    expect(plans.map((p) => p.decayStart)).toEqual([16, 28, 40]);
    // The branch's own schedule: 1-sqrt at u = 2/4 is 0.2·(1 − √0.5) = 0.0585786…; warmup t = 2: 0.2·2/5 = 0.08.
    expect(plans[0].lr(18)).toBeCloseTo(0.2 * (1 - Math.SQRT1_2), 15);
    expect(plans[0].lr(2)).toBeCloseTo(0.08, 15);
  });

  it('with a fixed decaySteps every branch decays the same number of steps', () => {
    // decaySteps 6: starts at 10 − 6 = 4, 20 − 6 = 14, 30 − 6 = 24
    const plans = planBranches({ lr: 0.1, decaySteps: 6, decayShape: 'cosine', finalFactor: 0.1 }, [10, 20, 30]);
    expect(plans.map((p) => p.decayStart)).toEqual([4, 14, 24]);
  });

  it('refuses budgets that are not strictly increasing, or too short for the warmup and decay, naming the field', () => {
    expect(() => planBranches({ lr: 0.1 }, [])).toThrow(/^budgets: must be a non-empty list/);
    expect(() => planBranches({ lr: 0.1 }, [10, 10])).toThrow(/^budgets\[1\]: must be greater/);
    expect(() => planBranches({ lr: 0.1 }, [10, 2.5])).toThrow(/^budgets\[1\]: must be an integer >= 1/);
    // warmup 8 + round(0.2·10) = 2 decay steps = 10 ≤ 10 is fine; at 9: 8 + 2 > 9
    expect(() => planBranches({ lr: 0.1, warmupSteps: 8 }, [9, 20])).toThrow(/^budgets\[0\]: gives an invalid wsd run: warmupSteps/);
  });
});

describe('branchDecays', () => {
  beforeAll(async () => { await initBackend('cpu'); });

  it('every branch ends bitwise where a separate wsd run of that budget from scratch ends', async () => {
    const budgets = [20, 35, 50];
    const before = tf.memory().numTensors;
    const r = await branchDecays(base, { budgets });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.branches.map((b) => b.budget)).toEqual(budgets);
    for (const b of r.branches) {
      expect(b.after).not.toBeNull();
      const ref = await separateRun(base, b.budget);
      // Bitwise: the same float, not approximately (the branches after the first also pass through restores).
      expect(b.after!.loss).toBe(ref.loss);
      expect(b.after!.accuracy).toBe(ref.accuracy);
    }
    // Compute: the longest run (50) plus the other decays (20 − 16 = 4, 35 − 28 = 7) = 61, against 20 + 35 + 50 = 105.
    expect(r.trunkSteps).toBe(50);
    expect(r.totalSteps).toBe(61);
    expect(r.separateSteps).toBe(105);
    expect(r.branches.map((b) => b.decaySteps)).toEqual([4, 7, 10]);
    expect(r.divergedAtStep).toBeNull();
    expect(r.config).toMatchObject({ seed: 7, backend: 'cpu', schedule: { type: 'wsd', totalSteps: 50 } });
    expect(typeof r.config.version).toBe('string');
  }, 60_000);

  it('the stable run before a decay is the wsd run stopped at the decay start', async () => {
    // Evaluated at the decay start of budget 35 (step 28): a run of 28 steps at the same warmup-then-constant LR.
    const r = await branchDecays(base, { budgets: [35] });
    const constant = { type: 'wsd', lr: 0.2, warmupSteps: 5, decaySteps: 0 };
    const ref = await separateRun({ ...base, schedule: constant }, 28);
    expect(r.branches[0].before).toEqual(ref);
  }, 60_000);

  it('refuses a schedule that is not a wsd spec, a plateau and a batch schedule, naming the field', async () => {
    await expect(branchDecays({ ...base, schedule: 0.1 }, { budgets: [10] })).rejects.toThrow(/^schedule: must be a wsd spec/);
    await expect(branchDecays({ ...base, schedule: { ...wsd, unit: 'epoch' } }, { budgets: [10] })).rejects.toThrow(/^schedule\.unit:/);
    await expect(branchDecays({ ...base, plateau: { patience: 1 } }, { budgets: [10] })).rejects.toThrow(/^plateau:/);
    await expect(branchDecays({ ...base, batchSchedule: { type: 'constant', batchSize: 16 } }, { budgets: [10] })).rejects.toThrow(/^batchSchedule:/);
  });

  it('an abort stops between steps and returns the branches done', async () => {
    const stop = new AbortController();
    const r = await branchDecays(base, { budgets: [20, 35, 50], signal: stop.signal, onBranch: (done) => { if (done === 1) stop.abort(); } });
    expect(r.aborted).toBe(true);
    expect(r.branches).toHaveLength(1);
  }, 60_000);
});
