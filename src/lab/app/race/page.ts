import { SpecError } from '../../../core/spec-error.js';
import { lineChart, type LineSeries } from '../../../report/charts/line-chart.js';
import { renderChart, throttled } from '../chart.js';
import { field, fmt, h } from '../dom.js';
import { TrainingJob, prewarmWorker } from '../worker-client.js';
import { BACKEND_CHOICES, type BackendChoice, type LabDataName, type LabModel, type RaceConfig, type RaceEpoch, type RaceRequest } from '../worker/protocol.js';
import { MAX_RACERS, MIN_RACERS, resolveRacers, type RacerInput } from './configs.js';

const DEFAULT_RACERS: RacerInput[] = [
  { batchSize: '32', lr: '0.05', scaled: false },
  { batchSize: '512', lr: '0.05', scaled: false },
];

interface Track {
  config: RaceConfig;
  steps: Array<{ x: number; y: number }>;
  epochs: RaceEpoch[];
  samplesPerSecond: number | null;
  diverged: boolean;
}

/** The batch-size race: 2–4 configurations trained side by side in one worker. */
export function racePage(root: HTMLElement, query: string): void {
  const q = new URLSearchParams(query);
  const racers: RacerInput[] = (() => {
    const b = q.getAll('b'), lr = q.getAll('lr'), s = q.getAll('scaled');
    if (b.length < MIN_RACERS) return DEFAULT_RACERS.map((r) => ({ ...r }));
    return b.slice(0, MAX_RACERS).map((bs, i) => ({ batchSize: bs, lr: lr[i] ?? '0.05', scaled: s[i] === '1' }));
  })();
  const input = (name: string, value: string) => h('input', { name, id: `race-${name}`, value: q.get(name) ?? value, inputmode: 'numeric', autocomplete: 'off' });
  const select = (name: string, options: readonly string[], value: string) =>
    h('select', { name, id: `race-${name}` }, ...options.map((o) => h('option', { value: o, selected: o === (q.get(name) ?? value) }, o)));
  const data = select('data', ['mnist', 'fashion-mnist'], 'mnist');
  const model = select('model', ['mlp', 'cnn'], 'mlp');
  const optimizer = select('optimizer', ['sgd', 'momentum', 'adam'], 'sgd');
  const epochs = input('epochs', '3');
  const trainSize = input('trainSize', '10000');
  const refBatch = input('refBatch', '32');
  const backend = select('backend', BACKEND_CHOICES, 'auto');
  const racersEl = h('div', { class: 'racers' });
  const errorEl = h('p', { class: 'error', id: 'race-error', role: 'alert' });
  const status = h('p', { class: 'status', id: 'race-status', role: 'status' }, 'Ready.');
  const backendEl = h('p', { class: 'backend', id: 'race-backend-info' });
  const tableEl = h('div', { id: 'race-table' });
  const charts = {
    loss: h('div', { class: 'chart', id: 'race-loss' }),
    accEpoch: h('div', { class: 'chart', id: 'race-acc-epoch' }),
    lossSec: h('div', { class: 'chart', id: 'race-loss-seconds' }),
    accSec: h('div', { class: 'chart', id: 'race-acc-seconds' }),
  };
  const runBtn = h('button', { type: 'button', class: 'primary', id: 'race-run' }, 'Start race');
  const stopBtn = h('button', { type: 'button', id: 'race-stop', disabled: true }, 'Stop');
  let job: TrainingJob | null = null;
  let tracks: Track[] = [];
  let backendName = '';

  function renderRacers(): void {
    racersEl.replaceChildren(...racers.map((r, i) => h('fieldset', { class: 'racer' },
      h('legend', {}, `Racer ${i + 1}`),
      field('batch size', h('input', { name: `racer${i}.batchSize`, value: r.batchSize, inputmode: 'numeric', oninput: (e: Event) => (r.batchSize = (e.target as HTMLInputElement).value) })),
      field('learning rate', h('input', { name: `racer${i}.lr`, value: r.lr, oninput: (e: Event) => (r.lr = (e.target as HTMLInputElement).value) })),
      field('linear scaling', h('input', { type: 'checkbox', name: `racer${i}.scaled`, checked: r.scaled, onchange: (e: Event) => (r.scaled = (e.target as HTMLInputElement).checked) }), 'lr × batch / reference batch'),
      h('small', { class: 'error', 'data-error-for': `racers[${i}]` }),
      racers.length > MIN_RACERS ? h('button', { type: 'button', class: 'small', onclick: () => { racers.splice(i, 1); renderRacers(); } }, 'remove') : null)),
    racers.length < MAX_RACERS ? h('button', { type: 'button', id: 'race-add', onclick: () => { racers.push({ batchSize: '128', lr: '0.05', scaled: true }); renderRacers(); } }, '+ racer') : '');
  }

  const series = (pick: (t: Track) => Array<{ x: number; y: number }>): LineSeries[] =>
    tracks.map((t) => ({ name: t.config.name, points: pick(t).filter((p) => Number.isFinite(p.y)) })).filter((s) => s.points.length > 0);

  const chart = async (el: HTMLElement, s: LineSeries[], xTitle: string, yTitle: string, title: string) => {
    if (s.length === 0) return;
    await renderChart(el, lineChart({ series: s, xTitle, yTitle, title, width: 420, height: 220 }), { interactive: true });
  };

  const draw = throttled(async () => {
    const spe = (t: Track) => Math.ceil(Number(trainSize.value) / t.config.batchSize);
    await chart(charts.loss, series((t) => t.steps.map((p) => ({ x: p.x / spe(t), y: p.y }))), 'Epoch', 'Training loss', 'Training loss (live)');
    await chart(charts.accEpoch, series((t) => t.epochs.map((e) => ({ x: e.epoch, y: e.valAccuracy }))), 'Epoch', 'Validation accuracy', 'Accuracy vs epochs');
    await chart(charts.lossSec, series((t) => t.epochs.map((e) => ({ x: e.seconds, y: e.valLoss }))), 'Training seconds', 'Validation loss', 'Loss vs seconds');
    await chart(charts.accSec, series((t) => t.epochs.map((e) => ({ x: e.seconds, y: e.valAccuracy }))), 'Training seconds', 'Validation accuracy', 'Accuracy vs seconds');
    renderTable();
  });

  function renderTable(): void {
    const rows = tracks.map((t) => {
      const last = t.epochs[t.epochs.length - 1];
      return h('tr', {},
        h('td', {}, t.config.name), h('td', { class: 'num' }, String(t.config.batchSize)), h('td', { class: 'num' }, fmt(t.config.lr)),
        h('td', { class: 'num' }, String(t.epochs.length)),
        h('td', { class: 'num' }, last ? `${(100 * last.valAccuracy).toFixed(1)}%` : '—'),
        h('td', { class: 'num' }, last ? fmt(last.valLoss) : '—'),
        h('td', { class: 'num' }, last ? last.seconds.toFixed(1) : '—'),
        h('td', { class: 'num' }, t.samplesPerSecond ? Math.round(t.samplesPerSecond).toLocaleString('en') : '—'),
        h('td', {}, t.diverged ? 'diverged' : ''));
    });
    tableEl.replaceChildren(h('table', { class: 'race-table' },
      h('caption', {}, `Backend: ${backendName || '…'} — seconds are each racer's own training time (evaluation excluded)`),
      h('thead', {}, h('tr', {}, ...['racer', 'batch', 'lr', 'epochs', 'val acc', 'val loss', 'seconds', 'samples/s', ''].map((c) => h('th', {}, c)))),
      h('tbody', {}, ...rows)));
  }

  runBtn.addEventListener('click', () => {
    errorEl.textContent = '';
    for (const el of Array.from(racersEl.querySelectorAll<HTMLElement>('[data-error-for]'))) el.textContent = '';
    const n = Number(trainSize.value), e = Number(epochs.value), ref = Number(refBatch.value);
    if (!Number.isInteger(n) || n < 100 || n > 10000) { errorEl.textContent = 'training examples: must be an integer in [100, 10000]'; return; }
    if (!Number.isInteger(e) || e < 1 || e > 100) { errorEl.textContent = 'epochs: must be an integer in [1, 100]'; return; }
    let configs: RaceConfig[];
    try {
      configs = resolveRacers(racers, ref, n);
    } catch (err) {
      if (!(err instanceof SpecError)) throw err;
      const m = /^racers\[(\d+)\]/.exec(err.path);
      const slot = m ? racersEl.querySelector<HTMLElement>(`[data-error-for="racers[${m[1]}]"]`) : null;
      if (slot) slot.textContent = err.message.replace(/^racers\[\d+\]\./, '');
      else errorEl.textContent = err.message;
      return;
    }
    const req: RaceRequest = {
      type: 'race', data: data.value as LabDataName, model: model.value as LabModel, trainSize: n, seed: 0,
      backend: backend.value as BackendChoice, optimizer: optimizer.value as RaceRequest['optimizer'], epochs: e, configs,
    };
    tracks = configs.map((config) => ({ config, steps: [], epochs: [], samplesPerSecond: null, diverged: false }));
    Object.values(charts).forEach((c) => c.replaceChildren());
    renderTable();
    runBtn.disabled = true;
    stopBtn.disabled = false;
    job = new TrainingJob(req, (m) => {
      if (m.type === 'status') status.textContent = m.text;
      else if (m.type === 'backend') { backendName = m.name; backendEl.textContent = `Backend: ${m.note}`; renderTable(); }
      else if (m.type === 'race-step') {
        const t = tracks[m.index];
        t.steps.push({ x: m.globalStep, y: m.loss });
        t.samplesPerSecond = m.samplesPerSecond;
        draw();
      } else if (m.type === 'race-epoch') {
        const t = tracks[m.row.index];
        t.epochs.push(m.row);
        t.samplesPerSecond = m.row.samplesPerSecond;
        draw();
      } else if (m.type === 'race-done') {
        m.diverged.forEach((d, i) => (tracks[i].diverged = d));
        status.textContent = 'Race finished.';
        status.dataset.done = 'true';
        draw();
      } else if (m.type === 'error') errorEl.textContent = `Failed: ${m.message}`;
    }, (reason) => {
      runBtn.disabled = false;
      stopBtn.disabled = true;
      if (reason === 'stopped') status.textContent = 'Stopped.';
    });
  });
  stopBtn.addEventListener('click', () => job?.stop());

  renderRacers();
  prewarmWorker();
  root.replaceChildren(
    h('section', { class: 'intro' },
      h('h2', {}, 'Batch-size race'),
      h('p', {}, 'Train two to four configurations on the same data from the same initial weights and compare them per epoch and per second. Larger batches take fewer, cheaper-per-sample steps; with linear scaling their learning rate grows with the batch (Goyal et al. 2017).')),
    h('div', { class: 'controls' },
      field('data', data), field('model', model), field('optimizer', optimizer), field('epochs', epochs),
      field('training examples', trainSize, '≤ 10000'), field('reference batch', refBatch, 'for linear scaling'), field('backend', backend)),
    racersEl,
    h('div', { class: 'row' }, runBtn, stopBtn),
    errorEl, backendEl, status, tableEl,
    h('div', { class: 'grid' }, charts.loss, charts.accEpoch, charts.lossSec, charts.accSec),
  );
}
