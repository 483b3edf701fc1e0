import { evaluate, fromSpec, type ScheduleSpec } from '../../../core/schedules/index.js';
import { SpecError } from '../../../core/spec-error.js';
import { PART_TYPES, fieldsOf, type FieldInfo, type PartType } from './fields.js';

/** One part of the design as typed in the form: raw text per field, so a bad value can be shown as typed. */
export interface PartState {
  type: PartType;
  values: Record<string, string>;
  /** How many steps this part runs; ignored for the last part (it runs on). */
  steps: string;
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

/** A validation failure placed at a form field: `field` is a schedule field, `steps` (a part's length) or `` (the part). */
export interface FieldError {
  part: number;
  field: string;
  message: string;
}

export const MAX_PLOT_STEPS = 200_000;

export function defaultState(): DesignerState {
  return { parts: [{ type: 'cosine', values: { lr: '0.1', tMax: '1000' }, steps: '' }], steps: 1000, log: false, extra: {} };
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
  const spec: Record<string, unknown> = { type: part.type };
  for (const info of fieldsOf(part.type)) {
    const v = fieldValue(info, part.values[info.name]);
    if (v !== undefined) spec[info.name] = v;
  }
  return spec;
}

/** The JSON spec the form describes (before validation). */
export function specOf(state: DesignerState): Record<string, unknown> {
  const inner: Record<string, unknown> = state.parts.length === 1
    ? partSpec(state.parts[0])
    : {
      type: 'sequence',
      parts: state.parts.map((p, i) => {
        const schedule = partSpec(p);
        if (i === state.parts.length - 1) return { schedule };
        const n = Number(p.steps.trim());
        return { schedule, steps: p.steps.trim() === '' ? undefined : Number.isFinite(n) ? n : p.steps };
      }),
    };
  return { ...inner, ...state.extra };
}

/** Where a SpecError path (`parts[1].schedule.tMax`, `tMax`, `parts[0].steps`) belongs in the form. */
function place(err: SpecError, single: boolean): FieldError {
  const m = /^parts\[(\d+)\](?:\.schedule)?\.?(\w*)/.exec(err.path);
  if (m) return { part: Number(m[1]), field: m[2] ?? '', message: err.rule };
  if (single) return { part: 0, field: /^\w+/.exec(err.path)?.[0] ?? '', message: err.rule };
  return { part: 0, field: '', message: `${err.path}: ${err.rule}` };
}

/**
 * Validate the design with the core's own parser (fromSpec): each part alone first, so every
 * part's first error shows at its field at once, then the whole spec. Returns the parsed spec
 * when valid.
 */
export function validate(state: DesignerState): { spec: ScheduleSpec | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const single = state.parts.length === 1;
  state.parts.forEach((p, i) => {
    try {
      fromSpec(partSpec(p));
    } catch (err) {
      if (!(err instanceof SpecError)) throw err;
      errors.push({ ...place(err, true), part: i });
    }
  });
  if (errors.length === 0) {
    try {
      return { spec: fromSpec(specOf(state)).spec, errors };
    } catch (err) {
      if (!(err instanceof SpecError)) throw err;
      errors.push(place(err, single));
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

/** Form state for a spec (inverse of specOf for valid specs). Throws SpecError for what the form cannot show. */
export function stateFromSpec(json: unknown, steps: number, log: boolean): DesignerState {
  fromSpec(json);
  // The raw JSON, not the parsed spec: fields left to their defaults stay empty in the form.
  const { unit, stepsPerEpoch, ...inner } = json as Record<string, unknown>;
  const extra: Record<string, unknown> = {};
  if (unit !== undefined) extra.unit = unit;
  if (stepsPerEpoch !== undefined) extra.stepsPerEpoch = stepsPerEpoch;
  const toPart = (s: Record<string, unknown>, len: number | undefined, path: string): PartState => {
    if (!(PART_TYPES as readonly string[]).includes(String(s.type))) throw new SpecError(`${path}type`, 'a nested sequence cannot be edited in the form; edit the JSON');
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries(s)) if (k !== 'type') values[k] = Array.isArray(v) ? v.join(', ') : String(v);
    return { type: s.type as PartType, values, steps: len === undefined ? '' : String(len) };
  };
  const parts = inner.type === 'sequence'
    ? (inner.parts as Array<{ schedule: Record<string, unknown>; steps?: number }>).map((p, i) => toPart(p.schedule, p.steps, `parts[${i}].schedule.`))
    : [toPart(inner, undefined, '')];
  return { parts, steps, log, extra };
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
