import * as z from 'zod';
import { SpecError, formatPath } from '../spec-error.js';

/**
 * Options of the LR range test, one schema for the CLI flags, JSON files and the library.
 *
 * Defaults (as in fastai / Lightning, which the issue follows):
 * - `startLr` 1e-7, `endLr` 10, `steps` 100, `mode` `'exp'`;
 * - `smooth` 0.98 — β of the debiased exponential moving average of the loss;
 * - `diverge` 4 — stop once the smoothed loss exceeds 4 × the best smoothed loss so far;
 * - `repeats` 1 — independent runs used by `rangeTestRepeated` for the spread and verdict;
 * - `valLoss` false — record the loss on a fixed held-out batch after each step (the trainer's
 *   `heldOutLoss`) instead of the loss of the batch just trained on;
 * - `adaptive` false — the optimizer is Adam or AdamW: the suggestion is the rules' median ×
 *   ADAPTIVE_LR_FACTOR (1/4; suggestions.ts says where the factor comes from);
 * - `batchSize` none — the batch rule: the training batch size, for the SGD family (`adaptive`
 *   false); the suggestion is then the rules' median × batchSize/REFERENCE_BATCH (64), capped
 *   below the range test's divergence LR (suggestions.ts `forOptimizer`, which says why no front
 *   end sets it by default); absent or 64, no scaling;
 * - `trimStart` (default ⌊n/10⌋ of the n recorded points) and `trimEnd` (default 5): points the
 *   suggestion rules ignore at each end (see `suggestions.ts` for why).
 *
 * @example parseFinderOptions({ endLr: 1, steps: 200 }) // → { startLr: 1e-7, endLr: 1, steps: 200, … }
 */
export const finderOptionsSchema = z
  .strictObject({
    startLr: z.number({ error: 'must be a positive number' }).positive({ error: 'must be a positive number' }).finite({ error: 'must be a positive number' }).default(1e-7),
    endLr: z.number({ error: 'must be a positive number' }).positive({ error: 'must be a positive number' }).finite({ error: 'must be a positive number' }).default(10),
    steps: z.number({ error: 'must be an integer >= 10' }).int({ error: 'must be an integer >= 10' }).min(10, { error: 'must be an integer >= 10' }).default(100),
    mode: z.enum(['exp', 'linear'], { error: "must be 'exp' or 'linear'" }).default('exp'),
    smooth: z.number({ error: 'must be in [0, 1)' }).min(0, { error: 'must be in [0, 1)' }).lt(1, { error: 'must be in [0, 1)' }).default(0.98),
    diverge: z.number({ error: 'must be a number > 1' }).gt(1, { error: 'must be a number > 1' }).finite({ error: 'must be a number > 1' }).default(4),
    valLoss: z.boolean({ error: 'must be true or false' }).default(false),
    adaptive: z.boolean({ error: 'must be true or false' }).default(false),
    batchSize: z.number({ error: 'must be an integer >= 1' }).int({ error: 'must be an integer >= 1' }).min(1, { error: 'must be an integer >= 1' }).optional(),
    repeats: z.number({ error: 'must be an integer >= 1' }).int({ error: 'must be an integer >= 1' }).min(1, { error: 'must be an integer >= 1' }).default(1),
    trimStart: z.number({ error: 'must be an integer >= 0' }).int({ error: 'must be an integer >= 0' }).min(0, { error: 'must be an integer >= 0' }).optional(),
    trimEnd: z.number({ error: 'must be an integer >= 0' }).int({ error: 'must be an integer >= 0' }).min(0, { error: 'must be an integer >= 0' }).default(5),
  })
  .check((ctx) => {
    if (ctx.value.endLr <= ctx.value.startLr) {
      ctx.issues.push({ code: 'custom', path: ['endLr'], message: 'must be greater than startLr', input: ctx.value.endLr });
    }
  });

/** Finder options after defaults are applied. */
export type FinderOptions = z.output<typeof finderOptionsSchema>;
/** Finder options as a user writes them (every field optional). */
export type FinderOptionsInput = z.input<typeof finderOptionsSchema>;

/** Validate finder options and apply defaults; throws SpecError (`steps: must be an integer >= 10`). */
export function parseFinderOptions(input: unknown): FinderOptions {
  return parseWith(finderOptionsSchema, input ?? {});
}

/** Parse with a zod schema, turning the first issue into a SpecError that names the field. */
export function parseWith<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  if (issue.code === 'unrecognized_keys') {
    throw new SpecError(formatPath([...issue.path, issue.keys[0]]), 'unknown field');
  }
  if (issue.code === 'invalid_type' && issue.path.length === 0) throw new SpecError('options', 'must be an object');
  throw new SpecError(formatPath(issue.path), issue.message);
}
