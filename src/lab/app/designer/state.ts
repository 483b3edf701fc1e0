import { evaluate, fromSpec, type ScheduleSpec } from '../../../core/schedules/index.js';
import { SpecError } from '../../../core/spec-error.js';
import { exampleValues, fieldsOf, formText, type FieldInfo, type PartType } from './fields.js';

/** One part of the design as typed in the form: raw text per field, so a bad value can be shown as typed. */
export interface PartState {
  type: PartType | 'sequence';
  values: Record<string, string>;
  /** How many steps this part runs; ignored for the last part (it runs on). */
  steps: string;
  /** The parts of a nested sequence (type `sequence` only; its `values` stay empty). */
  parts?: PartState[];
}

/**
 * The whole designer, as the URL holds it (TensorFlow Playground's idea: a link reproduces the
 * design). One part is a plain spec; several parts are a `sequence`.
 */
export interface DesignerState {
  parts: PartState[];
  /** Steps plotted and exported. */
  steps: number;
  log: boolean;
  /** Top-level-only spec fields (`unit`, `stepsPerEpoch`) carried through unchanged. */
  extra: Record<string, unknown>;
}

/**
 * A validation failure placed at a form field: `field` is a schedule field, `steps` (a part's
 * length) or `` (the part). `part` is the top-level part; `sub`, when present, the indices of
 * the nested parts inside it (`[1]`: its second part).
 */
export interface FieldError {
  part: number;
  sub?: number[];
  field: string;
  message: string;
}

export const MAX_PLOT_STEPS = 200_000;

export function defaultState(): DesignerState {
  return { parts: [{ type: 'cosine', values: { lr: '0.1', tMax: '1000' }, steps: '' }], steps: 1000, log: false, extra: {} };
}

/**
 * The part after its type selector changed to `type`: fields the new type shares keep their
 * text, the rest start from the registry's example. A plain part turned into a sequence becomes
 * its first part (running half the plot) followed by a cosine; a sequence turned plain starts afresh.
 */
export function retype(part: PartState, type: PartState['type'], steps: number): PartState {
  if (type === part.type) return part;
  if (type === 'sequence') {
    const first: PartState = { ...part, steps: String(Math.max(1, Math.round(steps / 2))) };
    return { type, values: {}, steps: part.steps, parts: [first, { type: 'cosine', values: exampleValues('cosine', steps), steps: '' }] };
  }
  const keep = Object.fromEntries(Object.entries(part.values).filter(([k]) => fieldsOf(type).some((f) => f.name === k)));
  return { type, values: { ...exampleValues(type, steps), ...keep }, steps: part.steps };
}

/** Append a cosine part to `parts` (the top level or a nested sequence's); the previous last part gets a length if it had none. */
export function addPart(parts: PartState[], steps: number): void {
  parts.push({ type: 'cosine', values: exampleValues('cosine', steps), steps: '' });
  const prev = parts[parts.length - 2];
  if (prev && prev.steps === '') prev.steps = String(Math.max(1, Math.round(steps / 2)));
}

/** Form text → the JSON value zod checks. Unparseable text is passed on as text, so the schema names the field. */
export function fieldValue(info: FieldInfo, text: string | undefined): unknown {
  const t = (text ?? '').trim();
  if (t === '') return undefined;
  switch (info.kind) {
    case 'boolean': return t === 'true' ? true : t === 'false' ? false : t;
    case 'enum': return t;
    case 'integers': return t.split(/[\s,]+/).filter((s) => s !== '').map((s) => (Number.isFinite(Number(s)) ? Number(s) : s));
    default: return Number.isFinite(Number(t)) ? Number(t) : t;
  }
}

/** The spec of one part (empty fields omitted, so the schema's defaults apply). */
export function partSpec(part: PartState): Record<string, unknown> {
  if (part.type === 'sequence') return sequenceOf(part.parts ?? []);
  const spec: Record<string, unknown> = { type: part.type };
  for (const info of fieldsOf(part.type)) {
    const v = fieldValue(info, part.values[info.name]);
    if (v !== undefined) spec[info.name] = v;
  }
  return spec;
}

function sequenceOf(parts: PartState[]): Record<string, unknown> {
  return {
    type: 'sequence',
    parts: parts.map((p, i) => {
      const schedule = partSpec(p);
      if (i === parts.length - 1) return { schedule };
      const n = Number(p.steps.trim());
      return { schedule, steps: p.steps.trim() === '' ? undefined : Number.isFinite(n) ? n : p.steps };
    }),
  };
}

/**
 * The JSON spec the form describes (before validation). A single plain part is that part's
 * spec; anything else (several parts, or one that is itself a sequence) is a sequence of the parts.
 */
export function specOf(state: DesignerState): Record<string, unknown> {
  const only = state.parts.length === 1 ? state.parts[0] : null;
  const inner = only && only.type !== 'sequence' ? partSpec(only) : sequenceOf(state.parts);
  return { ...inner, ...state.extra };
}

/**
 * Where a SpecError path belongs in the form: `parts[1].schedule.parts[0].schedule.tMax` is
 * field tMax of nested part [1, 0]; with `single`, a path without parts belongs to the one part.
 */
function place(err: SpecError, single: boolean): { path: number[]; field: string; message: string } {
  const path: number[] = [];
  let rest = err.path;
  for (let m = /^parts\[(\d+)\](?:\.schedule)?\.?/.exec(rest); m; m = /^parts\[(\d+)\](?:\.schedule)?\.?/.exec(rest)) {
    path.push(Number(m[1]));
    rest = rest.slice(m[0].length);
  }
  if (path.length > 0) return { path, field: /^\w*/.exec(rest)?.[0] ?? '', message: err.rule };
  if (single) return { path: [0], field: /^\w+/.exec(err.path)?.[0] ?? '', message: err.rule };
  return { path: [0], field: '', message: `${err.path}: ${err.rule}` };
}

function fieldError(path: number[], field: string, message: string): FieldError {
  const [part, ...sub] = path;
  return sub.length > 0 ? { part, sub, field, message } : { part, field, message };
}

/**
 * Validate the design with the core's own parser (fromSpec): each part alone first, so every
 * part's first error shows at its field at once, then the whole spec. Returns the parsed spec
 * when valid.
 */
export function validate(state: DesignerState): { spec: ScheduleSpec | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const single = state.parts.length === 1 && state.parts[0].type !== 'sequence';
  state.parts.forEach((p, i) => {
    try {
      fromSpec(partSpec(p));
    } catch (err) {
      if (!(err instanceof SpecError)) throw err;
      const at = place(err, true);
      // A nested sequence's own paths start at its parts; a plain part's at its fields.
      errors.push(fieldError(p.type === 'sequence' && /^parts\[/.test(err.path) ? [i, ...at.path] : [i], at.field, at.message));
    }
  });
  if (errors.length === 0) {
    try {
      return { spec: fromSpec(specOf(state)).spec, errors };
    } catch (err) {
      if (!(err instanceof SpecError)) throw err;
      const at = place(err, single);
      errors.push(fieldError(at.path, at.field, at.message));
    }
  }
  return { spec: null, errors };
}

/** The values at steps 0 … steps−1 (what the chart and the CSV show). */
export function curve(spec: ScheduleSpec, steps: number): { lr: number[]; momentum: number[] | null } {
  return evaluate(spec, steps);
}

/** `step,lr,momentum` rows, the same CSV as `lrlab schedule --format csv`. */
export function toCsv(values: { lr: number[]; momentum: number[] | null }): string {
  const rows = ['step,lr,momentum'];
  values.lr.forEach((v, t) => rows.push(`${t},${v},${values.momentum ? values.momentum[t] : ''}`));
  return `${rows.join('\n')}\n`;
}

/** The URL query of a valid design: `spec=<JSON>&steps=N[&log=1]`. */
export function encodeState(spec: ScheduleSpec | Record<string, unknown>, steps: number, log: boolean): string {
  const q = new URLSearchParams({ spec: JSON.stringify(spec), steps: String(steps) });
  if (log) q.set('log', '1');
  return q.toString();
}

/** Form state for a spec (inverse of specOf for valid specs). Throws SpecError for an invalid spec. */
export function stateFromSpec(json: unknown, steps: number, log: boolean): DesignerState {
  fromSpec(json);
  // The raw JSON, not the parsed spec: fields left to their defaults stay empty in the form.
  const { unit, stepsPerEpoch, ...inner } = json as Record<string, unknown>;
  const extra: Record<string, unknown> = {};
  if (unit !== undefined) extra.unit = unit;
  if (stepsPerEpoch !== undefined) extra.stepsPerEpoch = stepsPerEpoch;
  const parts = inner.type === 'sequence' ? partsOf(inner) : [toPart(inner, undefined)];
  return { parts, steps, log, extra };
}

type SequenceJson = { parts: Array<{ schedule: Record<string, unknown>; steps?: number }> };

function partsOf(sequence: Record<string, unknown>): PartState[] {
  return (sequence as SequenceJson).parts.map((p) => toPart(p.schedule, p.steps));
}

/** The form state of a valid spec's part, nested sequences included. */
function toPart(s: Record<string, unknown>, len: number | undefined): PartState {
  const steps = len === undefined ? '' : String(len);
  if (s.type === 'sequence') return { type: 'sequence', values: {}, steps, parts: partsOf(s) };
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(s)) if (k !== 'type') values[k] = formText(v);
  return { type: s.type as PartType, values, steps };
}

/**
 * Read the designer from a URL query. A missing spec gives the default design; a broken one
 * gives the default plus the reason, so a mangled link still opens.
 */
export function decodeState(query: string): { state: DesignerState; error: string | null } {
  const q = new URLSearchParams(query);
  const steps = Number(q.get('steps') ?? 1000);
  const log = q.get('log') === '1';
  const fallback = defaultState();
  if (!Number.isSafeInteger(steps) || steps < 1 || steps > MAX_PLOT_STEPS) {
    return { state: fallback, error: `steps: must be an integer in [1, ${MAX_PLOT_STEPS}]` };
  }
  const raw = q.get('spec');
  if (raw === null) return { state: { ...fallback, steps, log }, error: null };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { state: { ...fallback, steps, log }, error: 'spec: the link holds no valid JSON' };
  }
  try {
    return { state: stateFromSpec(json, steps, log), error: null };
  } catch (err) {
    if (!(err instanceof SpecError)) throw err;
    return { state: { ...fallback, steps, log }, error: err.message };
  }
}
