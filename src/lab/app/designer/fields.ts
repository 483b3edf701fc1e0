import {
  PART_TYPES, scheduleDefinition, scheduleFields, type FieldInfo, type PartType, type ScheduleDefinition,
} from '../../../core/schedules/index.js';

export { PART_TYPES, type FieldInfo, type PartType };

/** The form fields of a schedule type: the registry's schema, so a new type gets its form for free. */
export function fieldsOf(type: PartType): FieldInfo[] {
  return scheduleFields(type);
}

/** One line on what a type does, shown under its type selector. */
export function summaryOf(type: PartType): string {
  return definitionOf(type).summary;
}

/** A JSON field value as the form shows it: a list as `30, 60`, anything else as its text. */
export function formText(value: unknown): string {
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/**
 * Starting values for the required fields of a fresh part (the registry's example, as form
 * text), scaled to the plotted length so the curve shows something at once.
 */
export function exampleValues(type: PartType, steps: number): Record<string, string> {
  const example = definitionOf(type).example(steps) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(example).map(([k, v]) => [k, formText(v)]));
}

function definitionOf(type: PartType): ScheduleDefinition {
  return scheduleDefinition(type) as ScheduleDefinition;
}
