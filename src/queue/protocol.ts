/**
 * What coordinator and workers agree on: the one BullMQ queue, the job id of a trial, the job's
 * payload (plain trial JSON, no code) and where results are kept in Redis. See the README's
 * "Sweeps on several machines" section for the user's view.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { SpecError } from '../core/spec-error.js';
import { parseWith } from '../core/finder/options.js';
import type { BackendChoice } from '../engine/backend.js';
import { canonicalJson } from '../sweep/canonical-json.js';
import { trialConfigSchema, type TrialOutcome, type TrialSpec } from '../trial/config.js';

/** Every sweep shares one queue; jobs carry their sweep's name. */
export const QUEUE_NAME = 'trials';
/** Prefix of every key lrlab writes in Redis (BullMQ's and the results hashes). */
export const KEY_PREFIX = 'lrlab';

/**
 * An ASHA rung's trainer states (sweep/asha-sweep.ts): continue from the state named `from`
 * (from scratch when null or missing), save the end state as `save` (when not null). States live
 * in Redis (`stateKey`), or as files in `dir` when the coordinator ran with `--state-dir` (a
 * worker's own `--state-dir` takes precedence: shared storage may be mounted elsewhere there).
 */
export interface JobState {
  from: string | null;
  save: string | null;
  dir?: string;
}

/**
 * The backends a job may ask for: the coordinator's `--backend` choice. A concrete one (wasm, cpu,
 * webgpu) is what every worker trains the trial on, so one sweep's numbers come from one backend;
 * `auto` leaves it to each worker (its own `--backend`, by default webgpu where it finds a GPU
 * adapter, else wasm), and the result records the backend and adapter the trial actually ran on.
 * Listed here rather than imported, so the protocol does not load TensorFlow.js.
 */
export const JOB_BACKENDS = ['wasm', 'cpu', 'webgpu', 'auto'] as const satisfies readonly BackendChoice[];

/** A job's payload: which sweep, which trial, on which backend (and, for ASHA, its states). */
export interface TrialJob {
  sweep: string;
  backend: BackendChoice;
  id: string;
  config: TrialSpec['config'];
  state?: JobState;
}

const SWEEP_NAME = /^[A-Za-z0-9._-]{1,100}$/;

/** Check a sweep name (it becomes part of Redis keys and job ids, where ':' separates fields). */
export function checkSweepName(name: string, flag = '--sweep-name'): string {
  if (!SWEEP_NAME.test(name)) throw new SpecError(flag, `must be 1 to 100 of A-Z a-z 0-9 . _ -, got '${name}'`);
  return name;
}

/**
 * The job id of a trial: the sweep name and a digest of the trial id, its config and the backend, so
 * submitting the same trial twice finds the same job (BullMQ ignores an add whose id exists),
 * and a trial id reused with another config is another job.
 */
export function jobIdOf(sweep: string, backend: BackendChoice, spec: TrialSpec): string {
  return `${sweep}.${digest(canonicalJson([spec.id, spec.config, backend]), 24)}`;
}

/** The Redis key of a sweep's ASHA trainer state `name` (binary, the bytes of engine/trainer/serialize.ts). */
export function stateKey(sweep: string, name: string): string {
  return `${KEY_PREFIX}:sweep:${sweep}:state:${digest(name, 32)}`;
}

/** The Redis hash (field: job id) of a sweep's finished results; the first one written wins. */
export function resultsKey(sweep: string): string {
  return `${KEY_PREFIX}:sweep:${sweep}:results`;
}

const payloadSchema = z.strictObject({
  sweep: z.string({ error: 'must be a sweep name' }).regex(SWEEP_NAME, { error: 'must be a sweep name (A-Z a-z 0-9 . _ -)' }),
  backend: z.enum(JOB_BACKENDS, { error: `must be one of ${JOB_BACKENDS.join('|')}` }),
  id: z.string({ error: 'must be a non-empty string' }).min(1, { error: 'must be a non-empty string' }),
  config: trialConfigSchema,
  state: z.strictObject({
    from: z.string({ error: 'must be a state name or null' }).min(1, { error: 'must be a state name or null' }).nullable(),
    save: z.string({ error: 'must be a state name or null' }).min(1, { error: 'must be a state name or null' }).nullable(),
    dir: z.string({ error: 'must be a folder' }).min(1, { error: 'must be a folder' }).optional(),
  }, { error: 'must be {from, save, dir?}' }).optional(),
}, { error: 'must be an object {sweep, backend, id, config, state?}' });

/**
 * Check a job's payload with the same schema as a local trial's config; throws a SpecError that
 * names the field (`payload.config.epochs: must be an integer >= 0`).
 */
export function parseTrialJob(input: unknown): TrialJob {
  try {
    return parseWith(payloadSchema, input);
  } catch (err) {
    if (err instanceof SpecError) throw new SpecError(err.path === 'options' ? 'payload' : `payload.${err.path}`, err.rule);
    throw err;
  }
}

/** Keys of wall-clock measurements, which differ between two runs of the same trial. */
const TIMING_KEYS = new Set(['seconds', 'evalSeconds', 'samplesPerSecond']);

/**
 * The numbers of an outcome (everything but wall-clock timings, at any depth), to check that two
 * runs of the same trial agree.
 */
export function outcomeNumbers(o: TrialOutcome): string {
  return JSON.stringify(JSON.parse(canonicalJson(o)), (k, v: unknown) => (TIMING_KEYS.has(k) ? undefined : v));
}

function digest(text: string, chars: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, chars);
}
