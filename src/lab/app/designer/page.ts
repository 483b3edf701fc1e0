import { scheduleChart } from '../../../report/charts/schedule-chart.js';
import { renderChart, throttled } from '../chart.js';
import { download, field, h } from '../dom.js';
import { PART_TYPES, fieldsOf, summaryOf, type FieldInfo } from './fields.js';
import {
  MAX_PLOT_STEPS, addPart, curve, decodeState, encodeState, retype, specOf, stateFromSpec, toCsv, validate,
  type DesignerState, type FieldError, type PartState,
} from './state.js';

const SEQUENCE_HELP = 'parts run one after another, each counting its steps from 0 (a sequence inside the sequence)';

/** The form name prefix of the part at `path` (indices from the top level down): `p1`, `p1.0`. */
const keyOf = (path: readonly number[]): string => `p${path.join('.')}`;

/** The schedule designer: a form per part, the chart, the JSON, CSV, and a link that reproduces it. */
export function designerPage(root: HTMLElement, query: string): void {
  const decoded = decodeState(query);
  let state: DesignerState = decoded.state;
  let lastValid: ReturnType<typeof validate>['spec'] = null;

  const form = h('div', { class: 'parts' });
  const chartEl = h('div', { class: 'chart', id: 'designer-chart', 'data-testid': 'designer-chart' });
  const status = h('p', { class: 'status', id: 'designer-status', role: 'status' });
  const jsonBox = h('textarea', { class: 'json', id: 'designer-json', rows: 8, spellcheck: 'false', 'aria-label': 'schedule spec as JSON' });
  const jsonError = h('small', { class: 'error', id: 'designer-json-error' });
  const stepsInput = h('input', { type: 'number', min: 1, max: MAX_PLOT_STEPS, step: 1, value: state.steps, name: 'steps', id: 'designer-steps' });
  const stepsError = h('small', { class: 'error', 'data-error-for': 'steps' });
  const logBox = h('input', { type: 'checkbox', checked: state.log, name: 'log', id: 'designer-log' });

  const draw = throttled(async () => {
    if (!lastValid) return;
    const values = curve(lastValid, state.steps);
    await renderChart(chartEl, scheduleChart(values, { log: state.log, width: 620, height: 260 }), { interactive: true });
    if (performance.getEntriesByName('lab:first-chart').length === 0) performance.mark('lab:first-chart');
  });

  /** Validate, mark the fields, and — when valid — redraw and put the design in the URL. */
  function refresh(): void {
    const { spec, errors } = validate(state);
    showErrors(errors);
    if (!spec) {
      status.textContent = `Not drawn: ${errors.length} field${errors.length === 1 ? '' : 's'} to fix (marked in red).`;
      status.className = 'status bad';
      return;
    }
    lastValid = spec;
    status.textContent = describe(state);
    status.className = 'status';
    if (document.activeElement !== jsonBox) jsonBox.value = JSON.stringify(spec, null, 2);
    jsonError.textContent = '';
    history.replaceState(null, '', `#/designer?${encodeState(specOf(state), state.steps, state.log)}`);
    draw();
  }

  function showErrors(errors: FieldError[]): void {
    for (const el of Array.from(form.querySelectorAll<HTMLElement>('[data-error-for]'))) el.textContent = '';
    for (const el of Array.from(form.querySelectorAll<HTMLInputElement>('.invalid'))) {
      el.classList.remove('invalid');
      el.removeAttribute('aria-invalid');
    }
    for (const e of errors) {
      const part = keyOf([e.part, ...(e.sub ?? [])]);
      const key = `${part}.${e.field}`;
      const slot = form.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(key)}"]`)
        ?? form.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(`${part}.`)}"]`);
      if (slot) slot.textContent = slot.dataset.errorFor === key ? e.message : `${e.field ? `${e.field}: ` : ''}${e.message}`;
      const input = form.querySelector<HTMLElement>(`[name="${CSS.escape(key)}"]`);
      if (input) {
        input.classList.add('invalid');
        input.setAttribute('aria-invalid', 'true');
      }
    }
  }

  function control(key: string, part: PartState, info: FieldInfo): HTMLElement {
    const name = `${key}.${info.name}`;
    const value = part.values[info.name] ?? '';
    const onChange = (ev: Event) => {
      part.values[info.name] = (ev.target as HTMLInputElement).value;
      refresh();
    };
    if (info.kind === 'enum' || info.kind === 'boolean') {
      const options = info.kind === 'enum' ? info.options ?? [] : ['true', 'false'];
      const def = info.defaultValue === undefined ? '' : `default (${String(info.defaultValue)})`;
      return h('select', { name, onchange: onChange },
        h('option', { value: '' }, def || '—'),
        ...options.map((o) => h('option', { value: o, selected: o === value }, o)));
    }
    const placeholder = info.defaultValue !== undefined ? `default ${String(info.defaultValue)}` : info.required ? 'required' : 'optional';
    return h('input', {
      name, value, placeholder, inputmode: info.kind === 'integers' ? 'text' : 'decimal', autocomplete: 'off',
      'aria-required': info.required ? 'true' : undefined, oninput: onChange,
    });
  }

  /** The card of the part at `path`; `siblings` is the list holding it (the top level or a nested sequence's parts). */
  function partCard(part: PartState, path: number[], siblings: PartState[]): HTMLElement {
    const i = path[path.length - 1];
    const key = keyOf(path);
    const label = path.map((j) => j + 1).join('.');
    const last = i === siblings.length - 1;
    const typeSelect = h('select', { name: `${key}.type`, 'aria-label': `part ${label} type`, onchange: (ev: Event) => {
      siblings[i] = retype(part, (ev.target as HTMLSelectElement).value as PartState['type'], state.steps);
      render();
    } }, ...[...PART_TYPES, 'sequence'].map((t) => h('option', { value: t, selected: t === part.type }, t)));
    const body = part.type === 'sequence'
      ? [h('div', { class: 'parts nested' }, ...(part.parts ?? []).map((p, j, all) => partCard(p, [...path, j], all))),
        h('button', { type: 'button', class: 'small', onclick: () => {
          addPart(part.parts ?? [], state.steps);
          render();
        } }, '+ part in this sequence')]
      : fieldsOf(part.type).map((info) => h('div', { class: 'field-row' },
        field(`${info.name}${info.required ? ' *' : ''}`, control(key, part, info)),
        h('small', { class: 'error', 'data-error-for': `${key}.${info.name}` })));
    const stepsRow = last ? null : h('div', { class: 'field-row' },
      field('runs for (steps) *', h('input', { name: `${key}.steps`, value: part.steps, inputmode: 'numeric', oninput: (ev: Event) => {
        part.steps = (ev.target as HTMLInputElement).value;
        refresh();
      } })),
      h('small', { class: 'error', 'data-error-for': `${key}.steps` }));
    const remove = siblings.length > 1
      ? h('button', { type: 'button', class: 'small', onclick: () => {
        siblings.splice(i, 1);
        render();
      } }, 'remove')
      : null;
    const alone = path.length === 1 && siblings.length === 1;
    return h('fieldset', { class: 'part' },
      h('legend', {}, alone ? 'Schedule' : `Part ${label}${last ? ' (runs on)' : ''}`),
      h('div', { class: 'part-head' }, field('type', typeSelect), remove),
      h('p', { class: 'hint' }, part.type === 'sequence' ? SEQUENCE_HELP : summaryOf(part.type)),
      ...body,
      stepsRow,
      h('small', { class: 'error', 'data-error-for': `${key}.` }));
  }

  const cards = (): HTMLElement[] => state.parts.map((p, i) => partCard(p, [i], state.parts));

  function render(): void {
    form.replaceChildren(...cards());
    refresh();
  }

  function addWarmup(): void {
    const first = state.parts[0];
    const peak = first.values.lr ?? first.values.maxLr ?? '0.1';
    const w = String(Math.max(1, Math.round(state.steps * 0.05)));
    // A decay sized to the whole plot is shortened by the warmup, so the two still end together.
    for (const key of ['tMax', 'totalSteps', 'totalIters']) {
      if (first.values[key] === String(state.steps) && state.steps > Number(w)) first.values[key] = String(state.steps - Number(w));
    }
    state.parts.unshift({ type: 'linear', values: { lr: peak, startFactor: '0.01', endFactor: '1', totalIters: w }, steps: w });
    render();
  }

  stepsInput.addEventListener('input', () => {
    const n = Number(stepsInput.value);
    if (!Number.isSafeInteger(n) || n < 1 || n > MAX_PLOT_STEPS) {
      stepsError.textContent = `must be an integer in [1, ${MAX_PLOT_STEPS}]`;
      stepsInput.classList.add('invalid');
      return;
    }
    stepsError.textContent = '';
    stepsInput.classList.remove('invalid');
    state.steps = n;
    refresh();
  });
  logBox.addEventListener('change', () => {
    state.log = logBox.checked;
    refresh();
  });
  jsonBox.addEventListener('input', () => {
    let json: unknown;
    try {
      json = JSON.parse(jsonBox.value);
    } catch (err) {
      jsonError.textContent = `not JSON: ${err instanceof Error ? err.message : String(err)}`;
      return;
    }
    try {
      state = stateFromSpec(json, state.steps, state.log);
      jsonError.textContent = '';
      form.replaceChildren(...cards());
      refresh();
    } catch (err) {
      jsonError.textContent = err instanceof Error ? err.message : String(err);
    }
  });

  const copy = async (text: string, what: string) => {
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = `${what} copied.`;
    } catch {
      status.textContent = `Could not reach the clipboard; select and copy the ${what} by hand.`;
    }
  };

  root.replaceChildren(
    h('section', { class: 'intro' },
      h('h2', {}, 'Schedule designer'),
      h('p', {}, 'Pick a schedule, edit its fields, and see the learning rate (and momentum, for cyclic and one-cycle) at every optimizer step, with PyTorch\'s semantics. Add a warmup in front to build a sequence. The address bar always holds the design: copy it to share.')),
    decoded.error ? h('p', { class: 'status bad' }, `The link's design could not be used (${decoded.error}); showing the default.`) : '',
    h('div', { class: 'designer' },
      h('div', { class: 'designer-form' },
        h('div', { class: 'row' },
          h('div', { class: 'field-row' }, field('steps to plot', stepsInput), stepsError),
          field('log LR axis', logBox)),
        form,
        h('div', { class: 'row' },
          h('button', { type: 'button', onclick: addWarmup, id: 'add-warmup' }, '+ warmup in front'),
          h('button', { type: 'button', onclick: () => {
            addPart(state.parts, state.steps);
            render();
          } }, '+ part after'))),
      h('div', { class: 'designer-out' },
        chartEl,
        status,
        h('div', { class: 'row' },
          h('button', { type: 'button', id: 'copy-json', onclick: () => lastValid && copy(JSON.stringify(lastValid), 'JSON spec') }, 'Copy JSON'),
          h('button', { type: 'button', id: 'download-csv', onclick: () => lastValid && download('schedule.csv', toCsv(curve(lastValid, state.steps)), 'text/csv') }, 'Download CSV'),
          h('button', { type: 'button', id: 'copy-link', onclick: () => copy(location.href, 'link') }, 'Copy link')),
        h('details', { class: 'json-details' },
          h('summary', {}, 'JSON spec (edit to apply; use with lrlab schedule --spec)'),
          jsonBox, jsonError))),
  );
  render();
}

function describe(state: DesignerState): string {
  const kind = (p: PartState): string => (p.type === 'sequence' ? `(${(p.parts ?? []).map(kind).join(' → ')})` : p.type);
  const kinds = state.parts.map(kind).join(' → ');
  return `${kinds}, ${state.steps} steps plotted.`;
}
