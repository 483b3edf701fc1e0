import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SpecError } from '../../core/spec-error.js';
import { OPTIMIZER_NAMES, resolveOptions, type OptimizerOptions } from './options.js';

const bad = (o: unknown): string => {
  try {
    resolveOptions(o as OptimizerOptions);
  } catch (e) {
    if (e instanceof SpecError) return e.message;
    throw e;
  }
  return 'no error';
};

describe('resolveOptions', () => {
  it('fills the documented defaults', () => {
    expect(resolveOptions({ name: 'momentum', lr: 0.1 })).toMatchObject({ momentum: 0.9, weightDecay: 0 });
    expect(resolveOptions({ name: 'sgd', lr: 0.1 }).momentum).toBe(0);
    expect(resolveOptions({ name: 'rmsprop', lr: 0.1 })).toMatchObject({ momentum: 0, rho: 0.9, epsilon: 1e-8 });
    expect(resolveOptions({ name: 'adamw', lr: 0.1 })).toMatchObject({ beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01 });
    expect(resolveOptions({ name: 'adam', lr: 0.1 }).weightDecay).toBe(0);
    expect(resolveOptions({ name: 'lars', lr: 0.1 })).toMatchObject({ momentum: 0.9, trustCoefficient: 0.001 });
  });

  it('names the bad field', () => {
    expect(bad({ name: 'adagrad', lr: 0.1 })).toMatch(/^name: must be one of sgd, momentum/);
    expect(bad({ name: 'sgd', lr: -0.1 })).toBe('lr: must be a finite number ≥ 0');
    expect(bad({ name: 'sgd' })).toBe('lr: must be a finite number ≥ 0');
    expect(bad({ name: 'momentum', lr: 0.1, momentum: 1 })).toBe('momentum: must be a number in [0, 1)');
    expect(bad({ name: 'nesterov', lr: 0.1, momentum: 0 })).toBe("momentum: must be > 0 for 'nesterov'");
    expect(bad({ name: 'adam', lr: 0.1, beta2: 1.5 })).toBe('beta2: must be a number in [0, 1)');
    expect(bad({ name: 'adam', lr: 0.1, epsilon: 0 })).toBe('epsilon: must be a finite number > 0');
    expect(bad({ name: 'lars', lr: 0.1, trustCoefficient: -1 })).toBe('trustCoefficient: must be a finite number > 0');
    expect(bad({ name: 'sgd', lr: 0.1, weightDecay: Number.POSITIVE_INFINITY })).toBe('weightDecay: must be a finite number ≥ 0');
  });

  it('refuses fields the optimizer does not use, rather than ignoring them', () => {
    expect(bad({ name: 'adam', lr: 0.1, momentum: 0.9 })).toBe("momentum: does not apply to optimizer 'adam' (use beta1)");
    expect(bad({ name: 'sgd', lr: 0.1, beta1: 0.9 })).toBe("beta1: does not apply to optimizer 'sgd'");
    expect(bad({ name: 'adam', lr: 0.1, rho: 0.9 })).toBe("rho: does not apply to optimizer 'adam'");
    expect(bad({ name: 'momentum', lr: 0.1, trustCoefficient: 0.01 })).toBe("trustCoefficient: does not apply to optimizer 'momentum'");
  });

  it('accepts every finite lr ≥ 0 and rejects every negative one', () => {
    fc.assert(
      fc.property(fc.constantFrom(...OPTIMIZER_NAMES), fc.double({ noNaN: true }), (name, lr) => {
        const ok = Number.isFinite(lr) && lr >= 0;
        expect(bad({ name, lr }) === 'no error').toBe(ok);
      }),
    );
  });
});
