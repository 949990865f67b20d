/**
 * Small DOM builders for the controls: native range sliders (vscode-elements has none) and
 * vscode-elements (defined by ./components, which the page's entry imports).
 */
import { fmt } from './charts';

let uid = 0;
export const nextId = (prefix: string): string => `${prefix}-${++uid}`;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v);
  }
  e.append(...children);
  return e;
}

export type SliderSpec = {
  label: string;
  min: number;
  max: number;
  step: number;
  value: number;
  digits?: number;
  hint?: string;
};

/**
 * A labelled native range input with its value beside it. `input` fires while dragging (with the
 * event's timeStamp for the latency numbers); arrow keys move it one step, as native ranges do.
 */
export function slider(
  spec: SliderSpec,
  onInput: (v: number, at: number) => void,
): { root: HTMLElement; input: HTMLInputElement; set(v: number): void } {
  const id = nextId('slider');
  const input = el('input', {
    type: 'range',
    id,
    min: String(spec.min),
    max: String(spec.max),
    step: String(spec.step),
    value: String(spec.value),
  });
  const out = el('output', { for: id, class: 'value' });
  const show = (v: number): void => {
    out.textContent = fmt(v, spec.digits ?? 3);
    input.setAttribute('aria-valuetext', out.textContent);
  };
  show(spec.value);
  input.addEventListener('input', (e) => {
    const v = Number(input.value);
    show(v);
    onInput(v, e.timeStamp);
  });
  const label = el('label', { for: id, text: spec.label });
  if (spec.hint) input.title = spec.hint;
  const root = el('div', { class: 'control slider' }, label, input, out);
  return {
    root,
    input,
    set(v: number) {
      input.value = String(v);
      show(v);
    },
  };
}

type CheckboxEl = HTMLElement & { checked: boolean; label: string };

export function checkbox(
  label: string,
  checked: boolean,
  onChange: (v: boolean, at: number) => void,
  swatch?: string,
): { root: HTMLElement; set(v: boolean): void } {
  const box = document.createElement('vscode-checkbox') as CheckboxEl;
  box.checked = checked;
  box.label = label;
  box.addEventListener('change', (e) => onChange(box.checked, e.timeStamp));
  const root = el('div', { class: 'control checkbox' });
  if (swatch) root.append(el('span', { class: `swatch ${swatch}`, 'aria-hidden': 'true' }));
  root.append(box);
  return { root, set: (v) => (box.checked = v) };
}

type SelectEl = HTMLElement & { value: string };

type SelectOption = { value: string; label: string };

/** `options` replaces the choices in place (the element keeps its focus), with `value` chosen. */
export function select(
  label: string,
  options: SelectOption[],
  value: string,
  onChange: (v: string, at: number) => void,
): { root: HTMLElement; set(v: string): void; options(list: SelectOption[], value: string): void } {
  const id = nextId('select');
  const sel = document.createElement('vscode-single-select') as SelectEl;
  sel.id = id;
  sel.setAttribute('aria-label', label);
  const fill = (list: SelectOption[], chosen: string): void => {
    sel.replaceChildren(
      ...list.map((o) => {
        const opt = document.createElement('vscode-option');
        opt.setAttribute('value', o.value);
        if (o.value === chosen) opt.setAttribute('selected', '');
        opt.textContent = o.label;
        return opt;
      }),
    );
  };
  fill(options, value);
  sel.addEventListener('change', (e) => onChange(sel.value, e.timeStamp));
  const root = el('div', { class: 'control select' }, el('label', { for: id, text: label }), sel);
  return {
    root,
    set: (v) => (sel.value = v),
    options: (list, chosen) => {
      fill(list, chosen);
      sel.value = chosen;
    },
  };
}

export function button(label: string, onClick: (at: number) => void, secondary = true): HTMLElement {
  const b = document.createElement('vscode-button');
  if (secondary) b.setAttribute('secondary', '');
  b.textContent = label;
  b.addEventListener('click', (e) => onClick(e.timeStamp));
  return b;
}

export { tex } from './formulas';

/** A scene's numbers; `more`: the tables of its other charts, shown and exported after this one. */
export type TableData = { caption: string; head: string[]; rows: (number | string)[][]; more?: TableData[] };

/** The data behind a chart as a real table (one per chart), for screen readers and for reading exact values. */
export function renderTable(target: HTMLElement, t: TableData, maxRows = 60): void {
  target.replaceChildren(...[t, ...(t.more ?? [])].map((one) => table(one, maxRows)));
}

function table(t: TableData, maxRows: number): HTMLTableElement {
  const step = Math.max(1, Math.ceil(t.rows.length / maxRows));
  const table = el('table', {}, el('caption', { text: t.caption }));
  table.append(el('thead', {}, el('tr', {}, ...t.head.map((h) => el('th', { scope: 'col', text: h })))));
  const body = el('tbody');
  for (let i = 0; i < t.rows.length; i += step) {
    body.append(
      el(
        'tr',
        {},
        ...t.rows[i].map((v, j) => (j === 0 ? el('th', { scope: 'row', text: cell(v) }) : el('td', { text: cell(v) }))),
      ),
    );
  }
  table.append(body);
  return table;
}

const cell = (v: number | string): string => (typeof v === 'number' ? fmt(v) : v);

/** RFC 4180 CSV with full precision numbers; each further table after an empty line and its caption. */
export function toCsv(t: TableData): string {
  const q = (v: number | string): string => {
    const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v;
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = (one: TableData): string => [one.head, ...one.rows].map((r) => r.map(q).join(',')).join('\n') + '\n';
  return [lines(t), ...(t.more ?? []).map((m) => `\n${q(m.caption)}\n${lines(m)}`)].join('');
}
