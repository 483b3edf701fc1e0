import { RULES, type VerdictConfidence } from '../../../core/finder/index.js';
import type { FindResult } from '../../../engine/lr-find.js';
import { finderAsciiPlot, formatNumber } from '../../ascii-plot.js';
import type { FindSpec } from './flags.js';

/** Where the human-readable summary goes: stdout, or stderr when stdout carries the JSON. */
export function say(spec: FindSpec, text: string): void {
  if (spec.json === '-') {
    if (!spec.quiet) process.stderr.write(`${text}\n`);
  } else process.stdout.write(`${text}\n`);
}

export const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;

/** "; on the 5 fresh held-out sets from 31% to 94%": how far one family of new tasks has strayed. */
function spreadText(c: VerdictConfidence): string {
  return c.spread ? `; on the ${c.spread.sets} fresh held-out sets from ${Math.round(100 * c.spread.lo)}% to ${Math.round(100 * c.spread.hi)}%` : '';
}

/**
 * The terminal report of a range test: the curve with the suggestions marked, then one line
 * each for the suggestions, the suggested LR, the verdict, the CLR bounds and the schedule.
 */
export function findSummary(r: FindResult): string {
  const lines = [finderAsciiPlot(r), ''];
  const rules = RULES.map((rule) => {
    const s = r.suggestions[rule];
    if (!s) return `${rule} –`;
    return `${rule} ${formatNumber(s.lr)}${s.gsd !== null ? ` (×${s.gsd.toFixed(2)})` : ''}`;
  });
  const agree = r.agreement.maxFactor === null ? '' : `; the rules ${r.agreement.agree ? 'agree' : 'disagree'} (within ×${r.agreement.maxFactor.toFixed(1)}, limit ×${r.agreement.factor})`;
  lines.push(`suggestions: ${rules.join(' · ')}${agree}`);
  lines.push(r.suggested
    ? `suggested lr: ${formatNumber(r.suggested.lr)} (${r.suggested.from.length === 1 ? `the median of the rules: ${r.suggested.rule}` : `the ${r.suggested.rule}`}${r.suggested.gsd !== null ? `; geometric std ×${r.suggested.gsd.toFixed(2)} over ${r.runs?.length} runs` : ''})`
    : 'suggested lr: none');
  if (r.interval) lines.push(`interval: ${formatNumber(r.interval.lo)} … ${formatNumber(r.interval.hi)} (${Math.round(100 * r.interval.level)}% bootstrap interval of the suggestion, ×${r.interval.factor.toFixed(2)} wide)`);
  lines.push(`verdict: ${r.verdict.status} — ${r.verdict.reason}`);
  if (r.confidence) {
    const c = r.confidence;
    lines.push(`confidence: ${Math.round(100 * c.probability)}% — on lrlab's finder benchmark, ${c.within} of ${c.of} ${r.verdict.status} suggestions trained as a constant LR to within 0.5 pp of a 7-point grid's best${spreadText(c)}`);
  }
  if (!r.confidence && r.suggested?.rule.includes('(batch)') && r.verdict.status !== 'unusable') lines.push('confidence: none stated for --batch-rule (on the held-out check it did worse than the default; README)');
  if (r.scheduleConfidence) {
    const c = r.scheduleConfidence;
    lines.push(`schedule confidence: ${Math.round(100 * c.probability)}% — ${c.within} of ${c.of} recommended one-cycles came within 0.5 pp of a 7-point grid of one-cycle peaks${spreadText(c)}`);
  }
  if (r.accuracy) {
    const a = r.accuracy;
    lines.push(`accuracy test: ${a.verdict.status} — ${a.verdict.reason}${a.peakAccuracy !== null ? ` (peak ${pct(a.peakAccuracy)})` : ''}`);
  }
  if (r.clr) lines.push(`clr: baseLr ${formatNumber(r.clr.baseLr)} · maxLr ${formatNumber(r.clr.maxLr)} (${r.clr.rule})${r.clr.spec ? `\ncyclic spec: ${JSON.stringify(r.clr.spec)}` : ''}`);
  lines.push(`recommended schedule: ${r.scheduleRule}`);
  if (r.recommendedSchedule) lines.push(JSON.stringify(r.recommendedSchedule));
  return lines.join('\n');
}
