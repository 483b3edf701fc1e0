import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleReport, writeReportFolder, type ReportStudy, type ReportStudyResults } from './build-report.js';

const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';
const ok: ReportStudy = {
  name: 'batch-speed',
  title: 'Large batches',
  claim: 'Large batches cut training time.',
  status: 'ok',
  results: {
    method: 'Trained an MLP at 3 batch sizes.',
    verdict: { status: 'confirmed', text: 'Throughput rose ×6.' },
    table: { columns: ['batch size', 'samples/s'], rows: [[16, 1000], [256, 6000]] },
    figures: [{ id: 'speed', title: 'Throughput', caption: 'Samples per second.' }],
    data: { rows: [1, 2] }, // results.json holds more than the page shows
  } as ReportStudyResults,
  svgs: { speed: svg },
};
const failed: ReportStudy = { name: 'lr-range', title: 'Range test', claim: 'The range test finds the LR.', status: 'failed', error: 'data: out of memory', results: null, svgs: {} };
const inputs = { generatedAt: new Date('2026-01-02T03:04:05Z'), preset: 'quick', seed: 7, environment: { Node: 'v20' }, studies: [ok, failed], seconds: 12.5 };

describe('assembleReport', () => {
  it('one section per study with the figure inline, the table, the verdict and the JSON link', () => {
    const { html } = assembleReport(inputs);
    expect(html).toContain('id="batch-speed"');
    expect(html).toContain('<rect');
    expect(html).toContain('Throughput. Samples per second.');
    expect(html).toContain('Throughput rose ×6.');
    expect(html).toContain('href="batch-speed/results.json"');
    expect(html).toContain('6000');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/); // self-contained
  });

  it('a failed study gets a section saying so, with its error; the environment names it', () => {
    const { html } = assembleReport(inputs);
    expect(html).toContain('id="lr-range"');
    expect(html).toContain('Range test — failed');
    expect(html).toContain('The study failed: data: out of memory');
    expect(html).toMatch(/failed studies<\/th><td>lr-range/);
    expect(html).toMatch(/preset<\/th><td>quick/);
  });

  it('the top-level JSON aggregates every study, with the failed ones listed', () => {
    const { json } = assembleReport(inputs);
    expect(json.failed).toEqual(['lr-range']);
    expect(json.generatedAt).toBe('2026-01-02T03:04:05.000Z');
    const studies = json.studies as Record<string, unknown>[];
    expect(studies.map((s) => [s.name, s.status, s.resultsFile])).toEqual([['batch-speed', 'ok', 'batch-speed/results.json'], ['lr-range', 'failed', 'lr-range/results.json']]);
    expect((studies[0].results as { data: unknown }).data).toEqual({ rows: [1, 2] });
    expect(studies[1].error).toBe('data: out of memory');
  });

  it('writeReportFolder writes index.html and results.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lrlab-report-'));
    const report = assembleReport(inputs);
    writeReportFolder(dir, report);
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toBe(report.html);
    expect(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'))).toEqual(report.json);
  });

  it('several seeds: each verdict shows its stability beside the badge, and the seeds are recorded', () => {
    const underpowered: ReportStudy = {
      ...ok, name: 'schedules',
      results: { ...ok.results, verdict: { status: 'underpowered', text: 'The gains are within the seed noise.', stability: { agree: 2, of: 3, statuses: ['underpowered', 'nuanced', 'underpowered'] } } } as ReportStudyResults,
    };
    const agreeing: ReportStudy = { ...ok, results: { ...ok.results, verdict: { status: 'confirmed', text: 'Throughput rose ×6.', stability: { agree: 3, of: 3, statuses: ['confirmed', 'confirmed', 'confirmed'] } } } as ReportStudyResults };
    const { html, json } = assembleReport({ ...inputs, seed: 0, seeds: [0, 1, 2], studies: [agreeing, underpowered] });
    expect(html).toContain('<span class="badge badge-confirmed">confirmed</span> <span class="stability">3/3 seeds agree</span>');
    expect(html).toContain('<span class="badge badge-underpowered">underpowered</span> <span class="stability">2/3 seeds: underpowered, nuanced, underpowered</span>');
    expect(html).toMatch(/seeds<\/th><td>0, 1, 2 /);
    expect(json.seeds).toEqual([0, 1, 2]);
    // One seed: no stability on the page, the seed in the environment.
    const one = assembleReport(inputs);
    expect(one.html).not.toContain('class="stability"');
    expect(one.json.seeds).toEqual([7]);
    expect(one.html).toMatch(/seed<\/th><td>7</);
  });
});
