import { analyzeCurve } from '../../../core/finder/range-test.js';
import { recommendSchedule } from '../../../core/finder/recommend.js';
import { ADAPTIVE_OPTIMIZERS, type RuleName } from '../../../core/finder/suggestions.js';
import { finderChart } from '../../../report/charts/finder-chart.js';
import { renderChart, throttled } from '../chart.js';
import { encodeState } from '../designer/state.js';
import { field, fmt, h } from '../dom.js';
import { TrainingJob, prewarmWorker } from '../worker-client.js';
import { BACKEND_CHOICES, type BackendChoice, type LabDataName, type LabModel, type RangeTestRequest } from '../worker/protocol.js';

/** The LR range test page: train a small model with a rising LR and read the suggestions. */
export function rangePage(root: HTMLElement, query: string): void {
  const q = new URLSearchParams(query);
  const input = (name: string, value: string, attrs: Record<string, unknown> = {}) =>
    h('input', { name, id: `range-${name}`, value: q.get(name) ?? value, autocomplete: 'off', ...attrs });
  const select = (name: string, options: readonly string[], value: string) =>
    h('select', { name, id: `range-${name}` }, ...options.map((o) => h('option', { value: o, selected: o === (q.get(name) ?? value) }, o)));

  const data = select('data', ['mnist', 'fashion-mnist'], 'mnist');
  const model = select('model', ['mlp', 'cnn'], 'mlp');
  const optimizer = select('optimizer', ['sgd', 'momentum', 'adam'], 'sgd');
  const batch = input('batch', '64', { inputmode: 'numeric' });
  const steps = input('steps', '100', { inputmode: 'numeric' });
  const startLr = input('startLr', '1e-5');
  const endLr = input('endLr', '10');
  const epochs = input('epochs', '5', { inputmode: 'numeric' });
  const backend = select('backend', BACKEND_CHOICES, 'auto');
  const errorEl = h('p', { class: 'error', id: 'range-error', role: 'alert' });
  const status = h('p', { class: 'status', id: 'range-status', role: 'status' }, 'Ready.');
  const backendEl = h('p', { class: 'backend', id: 'range-backend-info' });
  const chartEl = h('div', { class: 'chart', id: 'range-chart' });
  const resultEl = h('div', { class: 'result', id: 'range-result' });
  const runBtn = h('button', { type: 'button', class: 'primary', id: 'range-run' }, 'Run range test');
  const stopBtn = h('button', { type: 'button', id: 'range-stop', disabled: true }, 'Stop');

  let job: TrainingJob | null = null;
  const curve = { lrs: [] as number[], losses: [] as number[], smoothedLosses: [] as number[] };
  const draw = throttled(() => renderChart(chartEl, finderChart(curve, { title: 'LR range test (live)', width: 620, height: 300 })));

  function request(): RangeTestRequest | string {
    const int = (el: HTMLInputElement, name: string, lo: number, hi: number) => {
      const v = Number(el.value);
      return Number.isInteger(v) && v >= lo && v <= hi ? v : `${name}: must be an integer in [${lo}, ${hi}]`;
    };
    const b = int(batch, 'batch size', 1, 10000);
    const n = int(steps, 'steps', 10, 2000);
    const e = int(epochs, 'epochs', 1, 1000);
    const s = Number(startLr.value), en = Number(endLr.value);
    for (const v of [b, n, e]) if (typeof v === 'string') return v;
    if (!(s > 0) || !Number.isFinite(s)) return 'start LR: must be a positive number';
    if (!(en > s) || !Number.isFinite(en)) return 'end LR: must be a number greater than the start LR';
    return {
      type: 'range-test', data: data.value as LabDataName, model: model.value as LabModel, trainSize: 10000, seed: 0,
      backend: backend.value as BackendChoice, batchSize: b as number, optimizer: optimizer.value as RangeTestRequest['optimizer'],
      startLr: s, endLr: en, steps: n as number,
    };
  }

  function showResult(stepsPerEpoch: number, seconds: number, stopReason: string, stopLr: number | null, plannedSteps: number): void {
    const analysis = analyzeCurve({ ...curve, stopReason: stopReason as 'completed', stopLr, steps: plannedSteps }, { adaptive: ADAPTIVE_OPTIMIZERS.includes(optimizer.value) });
    void renderChart(chartEl, finderChart({ ...curve, ...analysis }, { title: 'LR range test', width: 620, height: 300 }), { interactive: true });
    const rows = Object.entries(analysis.suggestions).map(([rule, s]) => h('tr', {},
      h('td', {}, `${analysis.suggested?.from.includes(rule as RuleName) ? '★ ' : ''}${rule}`), h('td', { class: 'num' }, s ? fmt(s.lr) : '—')));
    const parts: Node[] = [
      h('h3', {}, 'Result'),
      h('p', { id: 'range-verdict', class: `verdict ${analysis.verdict.status}` }, `Verdict: ${analysis.verdict.status} — ${analysis.verdict.reason}`),
      h('table', { class: 'suggestions' }, h('thead', {}, h('tr', {}, h('th', {}, 'rule'), h('th', { class: 'num' }, 'learning rate'))), h('tbody', {}, ...rows)),
      h('p', { class: 'hint' }, `${curve.lrs.length} points in ${seconds.toFixed(1)} s; stopped: ${stopReason}${stopLr !== null ? ` at lr ${fmt(stopLr)}` : ''}.`),
    ];
    if (analysis.suggested) {
      parts.push(h('p', { id: 'range-suggested', class: 'suggested' }, `Suggested learning rate: ${fmt(analysis.suggested.lr)} (${analysis.suggested.rule})`));
      const rec = recommendSchedule({ lr: analysis.suggested.lr, stepsPerEpoch, epochs: Number(epochs.value) });
      const link = `#/designer?${encodeState(rec.spec as unknown as Record<string, unknown>, rec.spec.type === 'onecycle' ? rec.spec.totalSteps : stepsPerEpoch * Number(epochs.value), false)}`;
      parts.push(h('p', {}, `Recommended schedule: ${rec.rule}.`),
        h('a', { href: link, class: 'button', id: 'range-open-designer' }, 'Open the recommended schedule in the designer'));
    } else {
      parts.push(h('p', { class: 'status bad' }, 'No rule could suggest a learning rate from this curve.'));
    }
    resultEl.replaceChildren(...parts);
  }

  runBtn.addEventListener('click', () => {
    const req = request();
    errorEl.textContent = typeof req === 'string' ? req : '';
    if (typeof req === 'string') return;
    curve.lrs.length = curve.losses.length = curve.smoothedLosses.length = 0;
    resultEl.replaceChildren();
    runBtn.disabled = true;
    stopBtn.disabled = false;
    const t0 = performance.now();
    job = new TrainingJob(req, (m) => {
      if (m.type === 'status') status.textContent = m.text;
      else if (m.type === 'backend') backendEl.textContent = `Backend: ${m.note}`;
      else if (m.type === 'point') {
        curve.lrs.push(m.lr);
        curve.losses.push(m.loss);
        curve.smoothedLosses.push(m.smoothed);
        status.textContent = `step ${m.i + 1}/${req.steps}: lr ${fmt(m.lr)}, loss ${fmt(m.loss)}`;
        draw();
      } else if (m.type === 'range-done') {
        Object.assign(curve, { lrs: m.curve.lrs, losses: m.curve.losses, smoothedLosses: m.curve.smoothedLosses });
        status.textContent = `Done: ${m.curve.lrs.length} points (${((performance.now() - t0) / 1000).toFixed(1)} s including start-up).`;
        showResult(m.stepsPerEpoch, m.seconds, m.curve.stopReason, m.curve.stopLr, m.curve.steps);
      } else if (m.type === 'error') errorEl.textContent = `Failed: ${m.message}`;
    }, (reason) => {
      runBtn.disabled = false;
      stopBtn.disabled = true;
      if (reason === 'stopped') status.textContent = `Stopped after ${curve.lrs.length} points.`;
    });
  });
  stopBtn.addEventListener('click', () => job?.stop());

  prewarmWorker();
  root.replaceChildren(
    h('section', { class: 'intro' },
      h('h2', {}, 'LR range test'),
      h('p', {}, 'Train a small network for a few batches while the learning rate grows exponentially from the start LR to the end LR (Smith 2017). The loss first falls, then blows up: the good learning rates are on the steep descent before the minimum. Runs in your browser, in a background worker.')),
    h('div', { class: 'controls' },
      field('data', data), field('model', model), field('optimizer', optimizer), field('batch size', batch),
      field('steps', steps, '≥ 10'), field('start LR', startLr), field('end LR', endLr),
      field('epochs (for the schedule)', epochs), field('backend', backend)),
    h('div', { class: 'row' }, runBtn, stopBtn),
    errorEl, backendEl, status, chartEl, resultEl,
  );
}
