import { SpecError } from '../core/spec-error.js';
import type { RowSource } from './rows.js';

/** Options for `parseCsv`. */
export interface CsvOptions {
  /** Name of the label column (default: the last column). */
  labelColumn?: string;
}

/** A parsed CSV: the rows, the feature column names, and the label of each class id. */
export interface CsvTable {
  source: RowSource;
  featureNames: string[];
  /** `classNames[id]` is the label text that became class `id`. */
  classNames: string[];
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;

/**
 * Parse a CSV of numeric features and one label column into float32 rows.
 *
 * Format: comma-separated, a header row naming the columns (required), one example per line,
 * fields may be "quoted" (with "" for a quote; no line breaks inside a field), blank lines are
 * skipped, `\r\n` accepted. Every non-label field must be a decimal number (`1`, `-0.5`, `3e-2`).
 * Labels are any text; the distinct labels, sorted (numerically when all are integers, else by
 * code unit), become class ids 0, 1, …: labels {"1","2","10"} → ids {0,1,2}; {"cat","ant"} →
 * ant=0, cat=1. Errors name the file and the 1-based line: `data.csv:17: column 'x3' is not a
 * number ('abc')`.
 *
 * @example parseCsv('a,b,label\n1,2,cat\n3,4,dog\n', 'd.csv').source.y // Int32Array [0, 1]
 */
export function parseCsv(text: string, fileName: string, options: CsvOptions = {}): CsvTable {
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split('\n');
  let lineNo = 0;
  const at = (): string => `${fileName}:${lineNo}`;
  let header: string[] | null = null;
  let labelIndex = -1;
  const features: number[] = [];
  const labels: string[] = [];
  for (const raw of lines) {
    lineNo++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') continue;
    const fields = splitCsvLine(line, at);
    if (header === null) {
      header = fields.map((f) => f.trim());
      const seen = new Set<string>();
      header.forEach((h, i) => {
        if (h === '') throw new SpecError(at(), `header: column ${i + 1} has no name`);
        if (seen.has(h)) throw new SpecError(at(), `header: column '${h}' appears twice`);
        seen.add(h);
      });
      if (header.length < 2) throw new SpecError(at(), 'header: need at least one feature column and a label column');
      const wanted = options.labelColumn ?? header[header.length - 1];
      labelIndex = header.indexOf(wanted);
      if (labelIndex < 0) {
        throw new SpecError('--label-column', `no column '${wanted}' in ${fileName} (columns: ${header.join(', ')})`);
      }
      continue;
    }
    if (fields.length !== header.length) {
      throw new SpecError(at(), `expected ${header.length} fields as in the header, found ${fields.length}`);
    }
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i].trim();
      if (i === labelIndex) {
        if (f === '') throw new SpecError(at(), `label column '${header[i]}' is empty`);
        labels.push(f);
      } else {
        if (!NUMBER.test(f)) throw new SpecError(at(), `column '${header[i]}' is not a number ('${f}')`);
        const v = Number(f);
        if (!Number.isFinite(Math.fround(v))) throw new SpecError(at(), `column '${header[i]}' is outside the float32 range ('${f}')`);
        features.push(v);
      }
    }
  }
  if (header === null) throw new SpecError(fileName, 'is empty: a header row and data rows are required');
  if (labels.length === 0) throw new SpecError(fileName, 'has a header but no data rows');
  const { ids, names } = labelIds(labels, `${fileName}: label column '${header[labelIndex]}'`);
  if (names.length < 2) {
    throw new SpecError(fileName, `label column '${header[labelIndex]}' has only one distinct value ('${names[0]}'); need at least 2 classes`);
  }
  const featureNames = header.filter((_, i) => i !== labelIndex);
  return {
    source: { x: Float32Array.from(features), y: ids, n: labels.length, featureShape: [featureNames.length], numClasses: names.length },
    featureNames,
    classNames: names,
  };
}

function labelIds(labels: string[], where: string): { ids: Int32Array; names: string[] } {
  const distinct = [...new Set(labels)];
  const numeric = distinct.every((l) => INTEGER.test(l));
  if (numeric) {
    // "1" and "01" would otherwise become two classes.
    const byValue = new Map<number, string>();
    for (const l of distinct) {
      const prior = byValue.get(Number(l));
      if (prior !== undefined) throw new SpecError(where, `labels '${prior}' and '${l}' are the same integer written two ways`);
      byValue.set(Number(l), l);
    }
  }
  distinct.sort(numeric ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const id = new Map(distinct.map((l, i) => [l, i]));
  return { ids: Int32Array.from(labels, (l) => id.get(l) as number), names: distinct };
}

/** Split one CSV line into fields, honouring "quotes" and "" escapes. */
function splitCsvLine(line: string, at: () => string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) throw new SpecError(at(), 'unterminated quoted field (line breaks inside fields are not supported)');
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            i++;
            break;
          }
        } else field += line[i++];
      }
      while (line[i] === ' ' || line[i] === '\t') i++;
      if (i < line.length && line[i] !== ',') throw new SpecError(at(), `unexpected text after a quoted field at column ${i + 1}`);
    } else {
      const end = line.indexOf(',', i);
      field = line.slice(i, end < 0 ? line.length : end);
      if (field.includes('"')) throw new SpecError(at(), `stray quote in an unquoted field at column ${i + 1}`);
      i = end < 0 ? line.length : end;
    }
    fields.push(field);
    if (i >= line.length) return fields;
    i++; // the comma
  }
}
