// Forms of a workflow definition (GET /workflows/{id}): labelled inputs for
// each field, the values collected into a payload with the JSON types the
// server checks (model/field_check.cpp), the same checks before sending, and
// read-only views of recorded values with their form labels.
import { h } from './dom.js';
import { formatDate } from './format.js';
import { currentLanguage, label, register, t, useWareki } from './i18n.js';
import { toWareki } from './wareki.js';

register({
  'forms.required': { ja: '必須', en: 'Required' },
  'forms.missing': { ja: '入力してください', en: 'Please fill this in' },
  'forms.missingChoice': { ja: '選択してください', en: 'Please choose' },
  'forms.missingRows': { ja: '1行以上入力してください', en: 'Add at least one row' },
  'forms.tooLong': { ja: '長すぎます（上限 {max} バイト、現在 {len} バイト。全角1文字は3バイト）', en: 'Too long ({len} of at most {max} bytes)' },
  'forms.notInteger': { ja: '整数を入力してください', en: 'Enter a whole number' },
  'forms.belowMin': { ja: '{min} 以上にしてください', en: 'Must be at least {min}' },
  'forms.aboveMax': { ja: '{max} 以下にしてください', en: 'Must be at most {max}' },
  'forms.badDate': { ja: '日付を YYYY-MM-DD で入力してください', en: 'Enter a date as YYYY-MM-DD' },
  'forms.minRows': { ja: '{min}行以上必要です', en: 'Needs at least {min} rows' },
  'forms.maxRows': { ja: '{max}行までです', en: 'At most {max} rows' },
  'forms.rowError': { ja: '{row}行目：{column} — {message}', en: 'Row {row}, {column}: {message}' },
  'forms.unselected': { ja: '（未選択）', en: '(not chosen)' },
  'forms.addRow': { ja: '行を追加', en: 'Add a row' },
  'forms.removeRow': { ja: '削除', en: 'Remove' },
  'forms.removeRowLabel': { ja: '{row}行目を削除', en: 'Remove row {row}' },
  'forms.cellLabel': { ja: '{column}（{row}行目）', en: '{column} (row {row})' },
  'forms.noRows': { ja: 'まだ行がありません', en: 'No rows yet' },
  'forms.notRecorded': { ja: '未記入', en: 'Not recorded' },
  'forms.yes': { ja: 'はい', en: 'Yes' },
  'forms.no': { ja: 'いいえ', en: 'No' },
  'forms.empty': { ja: '—', en: '—' },
  'forms.noFields': { ja: 'この操作に入力項目はありません', en: 'This action has no fields' },
  'forms.fixErrors': { ja: '入力内容を確認してください（{count}件）', en: 'Please check the form ({count} problems)' },
});

// Text fields allowing this many bytes or more get a multi-line box.
const LONG_TEXT_BYTES = 400;

let uniqueCounter = 0;
function uniqueId(prefix) {
  uniqueCounter += 1;
  return `${prefix}-${uniqueCounter}`;
}

function byteLength(text) {
  return new TextEncoder().encode(text).length;
}

/**
 * A {ja, en} label from a definition in the current language. The server
 * fills a missing English label with the id; the Japanese one is shown then,
 * as the authored name says more than an identifier such as bu_kyouiku.
 */
export function labelOf(localized, id) {
  if (localized && typeof localized === 'object' && currentLanguage() === 'en'
      && (!localized.en || localized.en === id) && localized.ja && localized.ja !== id) {
    return localized.ja;
  }
  return label(localized, id);
}

function listSeparator() {
  return currentLanguage() === 'en' ? ', ' : '、';
}

/** Whether a value counts as filled in (the server's HasValue). */
export function hasValue(v) {
  if (v === undefined || v === null) return false;
  if (typeof v === 'string') return v.trim() !== '';
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

/** Text fields holding an agency id (plan roles, attendees, 主担当 …). */
export function isAgencyField(field) {
  return field.type === 'text' && (field.id === 'agency' || field.id.endsWith('_agency') || field.id === 'returned_to');
}

/** The form `id` of a definition, or null. */
export function findForm(definition, id) {
  return definition?.forms?.find((f) => f.id === id) ?? null;
}

/** Every field of a definition by id (the first form declaring it wins). */
export function fieldIndex(definition) {
  const index = new Map();
  for (const form of definition?.forms ?? []) {
    for (const field of form.fields) if (!index.has(field.id)) index.set(field.id, field);
  }
  return index;
}

// JSON with sorted keys, so records compare equal whatever their key order.
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The check the server makes for one value, as a message or null. */
function checkValue(field, value) {
  if (!hasValue(value)) return null;
  switch (field.type) {
    case 'text':
      if (field.max_length && byteLength(value) > field.max_length) {
        return t('forms.tooLong', { max: field.max_length, len: byteLength(value) });
      }
      return null;
    case 'integer':
      if (!Number.isInteger(value)) return t('forms.notInteger');
      if (field.min !== undefined && value < field.min) return t('forms.belowMin', { min: field.min });
      if (field.max !== undefined && value > field.max) return t('forms.aboveMax', { max: field.max });
      return null;
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(value) ? null : t('forms.badDate');
    default:
      return null;
  }
}

function requiredMessage(field) {
  if (field.type === 'choice') return t('forms.missingChoice');
  if (field.type === 'multi_choice') return t('forms.missingChoice');
  if (field.type === 'records') return t('forms.missingRows');
  return t('forms.missing');
}

function agencyDatalist(agencies, id) {
  return h('datalist', { id }, agencies.map((a) => h('option', { value: a.id }, label(a.label, a.id))));
}

// はい / いいえ / 未記入 for a yes-or-no field outside a table: "not asked yet"
// (e.g. 本人同意 not yet confirmed) must not be recorded as "no".
// Returns { node, input, get(), set(v) }.
function booleanChoice(field, id, describedBy) {
  const options = [
    { value: 'true', text: t('forms.yes') },
    { value: 'false', text: t('forms.no') },
    { value: '', text: t('forms.notRecorded') },
  ];
  const radios = options.map((o, i) => h('input', {
    type: 'radio', name: id, id: `${id}-${i}`, value: o.value, 'aria-describedby': describedBy,
  }));
  const node = h('div', { class: 'radio-row', role: 'radiogroup' },
    radios.map((r, i) => h('label', { for: r.id, class: 'check' }, r, options[i].text)));
  const get = () => {
    const chosen = radios.find((r) => r.checked)?.value ?? '';
    return chosen === '' ? undefined : chosen === 'true';
  };
  const set = (v) => {
    const want = v === true ? 'true' : v === false ? 'false' : '';
    for (const r of radios) r.checked = r.value === want;
  };
  return { node, input: radios[0], get, set };
}

// One input for a scalar field. `compact` controls sit in a records table.
// Returns { node, input, get(), set(v) }.
function scalarControl(field, id, { ariaLabel, datalistId, describedBy } = {}) {
  const common = { id, name: field.id, 'aria-label': ariaLabel, 'aria-describedby': describedBy,
    'aria-required': field.required ? 'true' : null };
  switch (field.type) {
    case 'integer': {
      const input = h('input', { ...common, type: 'number', step: 1, inputmode: 'numeric', min: field.min, max: field.max,
        class: 'input-number' });
      return {
        node: input, input,
        get: () => {
          const text = input.value.trim();
          if (text === '') return input.validity.badInput ? Number.NaN : undefined;
          return Number(text);
        },
        set: (v) => { input.value = v === undefined || v === null ? '' : String(v); },
      };
    }
    case 'boolean': {
      const input = h('input', { ...common, type: 'checkbox' });
      return { node: input, input, get: () => input.checked, set: (v) => { input.checked = v === true; } };
    }
    case 'date': {
      const input = h('input', { ...common, type: 'date' });
      const era = h('span', { class: 'hint wareki-hint', 'aria-live': 'polite' });
      const showEra = () => { era.textContent = useWareki() && input.value ? toWareki(input.value) : ''; };
      input.addEventListener('change', showEra);
      return {
        node: h('span', { class: 'date-input' }, input, era), input,
        get: () => (input.value === '' ? undefined : input.value),
        set: (v) => { input.value = v || ''; showEra(); },
      };
    }
    case 'choice': {
      const input = h('select', common,
        h('option', { value: '' }, t('forms.unselected')),
        (field.choices ?? []).map((c) => h('option', { value: c.id }, labelOf(c.label, c.id))));
      return {
        node: input, input,
        get: () => (input.value === '' ? undefined : input.value),
        set: (v) => { input.value = v ?? ''; },
      };
    }
    default: {
      const long = field.max_length && field.max_length >= LONG_TEXT_BYTES;
      const input = long
        ? h('textarea', { ...common, rows: field.max_length >= 4000 ? 4 : 3 })
        : h('input', { ...common, type: 'text', list: datalistId, autocomplete: 'off' });
      return {
        node: input, input,
        get: () => (input.value.trim() === '' ? undefined : input.value),
        set: (v) => { input.value = v === undefined || v === null ? '' : String(v); },
      };
    }
  }
}

// Multi-select as a group of checkboxes.
function multiControl(field, id, describedBy) {
  const boxes = (field.choices ?? []).map((c, i) => {
    const boxId = `${id}-${i}`;
    const input = h('input', { type: 'checkbox', id: boxId, name: field.id, value: c.id });
    return { id: c.id, input, node: h('label', { for: boxId, class: 'check' }, input, labelOf(c.label, c.id)) };
  });
  const node = h('div', { class: 'checks', id, role: 'group', 'aria-describedby': describedBy }, boxes.map((b) => b.node));
  return {
    node,
    input: boxes[0]?.input ?? node,
    get: () => {
      const picked = boxes.filter((b) => b.input.checked).map((b) => b.id);
      return picked.length ? picked : undefined;
    },
    set: (v) => {
      const wanted = new Set(Array.isArray(v) ? v : []);
      for (const b of boxes) b.input.checked = wanted.has(b.id);
    },
  };
}

// Records as a small table with one row per record.
function recordsControl(field, id, { datalistId, describedBy }) {
  const columns = field.fields ?? [];
  const body = h('tbody');
  const emptyNote = h('p', { class: 'muted small' }, t('forms.noRows'));
  const rows = [];
  const tableNode = h('table', { class: 'records-table', id, 'aria-describedby': describedBy },
    h('thead', {}, h('tr', {},
      columns.map((c) => h('th', { scope: 'col' }, label(c.label, c.id),
        c.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, '*') : null)),
      h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, t('forms.removeRow'))))),
    body);

  function renumber() {
    rows.forEach((row, i) => {
      row.cells.forEach(({ column, control }) => {
        control.input.setAttribute('aria-label', t('forms.cellLabel', { column: label(column.label, column.id), row: i + 1 }));
      });
      row.remove.setAttribute('aria-label', t('forms.removeRowLabel', { row: i + 1 }));
    });
    emptyNote.hidden = rows.length > 0;
    tableNode.hidden = rows.length === 0;
  }

  function addRow(values = {}) {
    const rowId = uniqueId(`${id}-row`);
    const cells = columns.map((column) => {
      const control = scalarControl(column, `${rowId}-${column.id}`,
        { datalistId: isAgencyField(column) ? datalistId : undefined });
      control.set(values[column.id]);
      return { column, control };
    });
    const row = { cells, tr: null, remove: null };
    row.remove = h('button', { type: 'button', class: 'small-button', onclick: () => {
      rows.splice(rows.indexOf(row), 1);
      row.tr.remove();
      renumber();
    } }, t('forms.removeRow'));
    row.tr = h('tr', {}, cells.map(({ column, control }) =>
      h('td', { class: column.type === 'boolean' ? 'center' : null }, control.node)), h('td', {}, row.remove));
    rows.push(row);
    body.append(row.tr);
    renumber();
    return row;
  }

  const add = h('button', { type: 'button', class: 'small-button', onclick: () => {
    const row = addRow();
    row.cells[0]?.control.input.focus();
  } }, `＋ ${t('forms.addRow')}`);
  renumber();
  return {
    node: h('div', { class: 'records' }, tableNode, emptyNote, add),
    input: add,
    get: () => {
      const out = [];
      for (const row of rows) {
        const record = {};
        for (const { column, control } of row.cells) {
          const v = control.get();
          // An unticked box in a record says nothing; only ticked ones are kept.
          if (column.type === 'boolean' && v === false) continue;
          if (v !== undefined) record[column.id] = v;
        }
        if (Object.keys(record).length) out.push(record);
      }
      return out.length ? out : undefined;
    },
    set: (v) => {
      rows.splice(0).forEach((r) => r.tr.remove());
      for (const record of Array.isArray(v) ? v : []) addRow(record ?? {});
      renumber();
    },
    // Checks each record; returns the first problem as a message or null.
    checkRows: () => {
      let index = 0;
      for (const row of rows) {
        const record = {};
        for (const { column, control } of row.cells) record[column.id] = control.get();
        const filled = Object.entries(record).some(([k, v]) =>
          hasValue(v) && !(columns.find((c) => c.id === k)?.type === 'boolean' && v === false));
        if (filled) {
          index += 1;
          for (const column of columns) {
            const v = record[column.id];
            const message = column.required && !hasValue(v) ? requiredMessage(column) : checkValue(column, v);
            if (message) {
              return { message: t('forms.rowError', { row: index, column: label(column.label, column.id), message }),
                focus: row.cells.find((c) => c.column === column)?.control.input };
            }
          }
        }
      }
      return null;
    },
  };
}

/**
 * A form of the definition as labelled inputs.
 *   buildForm(form, { initial, agencies })
 * `initial` pre-fills the inputs (the case's data for the state's own form);
 * `agencies` ([{id, label}]) are offered for agency fields.
 * Returns { element, validate(), payload({ baseline }), showServerError(error), focusFirst() }.
 */
export function buildForm(form, { initial = {}, agencies = [], required = true } = {}) {
  const formId = uniqueId(`form-${form?.id ?? 'none'}`);
  const datalistId = `${formId}-agencies`;
  const fields = form?.fields ?? [];
  const controls = fields.map((field) => {
    const id = `${formId}-${field.id}`;
    const errorId = `${id}-error`;
    const hintId = `${id}-hint`;
    const error = h('span', { class: 'field-error', id: errorId, hidden: true });
    const isRequired = required && field.required;
    const requiredMark = isRequired ? h('span', { class: 'req-badge' }, t('forms.required')) : null;
    const dlAgency = isAgencyField(field) ? datalistId : undefined;
    let control;
    let wrapper;
    if (field.type === 'multi_choice' || field.type === 'records') {
      control = field.type === 'records'
        ? recordsControl(field, id, { datalistId, describedBy: errorId })
        : multiControl(field, id, errorId);
      wrapper = h('fieldset', { class: `field field-${field.type}` },
        h('legend', {}, label(field.label, field.id), requiredMark), control.node, error);
    } else if (field.type === 'boolean') {
      control = booleanChoice(field, id, errorId);
      wrapper = h('fieldset', { class: 'field field-boolean' },
        h('legend', {}, label(field.label, field.id), requiredMark), control.node, error);
    } else {
      control = scalarControl(field, id, { datalistId: dlAgency, describedBy: errorId });
      wrapper = h('div', { class: `field field-${field.type}` },
        h('label', { for: id }, label(field.label, field.id), requiredMark), control.node, error);
    }
    control.set(initial[field.id]);
    const entry = { field, control, wrapper, error, isRequired };
    // A problem shown for a field goes away as soon as the field is edited.
    const clear = () => {
      if (!wrapper.classList.contains('invalid')) return;
      setError(entry, null);
      if (!controls.some((c) => c.wrapper.classList.contains('invalid'))) summary.hidden = true;
    };
    wrapper.addEventListener('input', clear);
    wrapper.addEventListener('change', clear);
    return entry;
  });
  const summary = h('div', { class: 'error-box', role: 'alert', hidden: true });
  const needsAgencies = fields.some((f) => isAgencyField(f) || (f.fields ?? []).some(isAgencyField));
  const element = h('div', { class: 'form-fields' },
    summary,
    controls.length ? controls.map((c) => c.wrapper) : h('p', { class: 'muted' }, t('forms.noFields')),
    needsAgencies ? agencyDatalist(agencies, datalistId) : null);

  function setError(entry, message) {
    entry.wrapper.classList.toggle('invalid', Boolean(message));
    entry.error.hidden = !message;
    entry.error.textContent = message || '';
    const input = entry.control.input;
    if (input && input.tagName !== 'BUTTON') input.setAttribute('aria-invalid', message ? 'true' : 'false');
  }

  function clearErrors() {
    for (const c of controls) setError(c, null);
    summary.hidden = true;
  }

  /** Checks every field; shows the problems and returns how many there were. */
  function validate() {
    clearErrors();
    let count = 0;
    let focus = null;
    for (const c of controls) {
      const value = c.control.get();
      let message = null;
      let target = c.control.input;
      if (c.field.type === 'integer' && Number.isNaN(value)) {
        message = t('forms.notInteger');
      } else if (c.isRequired && !hasValue(value)) {
        message = requiredMessage(c.field);
      } else if (c.field.type === 'records') {
        const count_ = value?.length ?? 0;
        if (value && c.field.min !== undefined && count_ < c.field.min) message = t('forms.minRows', { min: c.field.min });
        else if (c.field.max !== undefined && count_ > c.field.max) message = t('forms.maxRows', { max: c.field.max });
        else {
          const problem = c.control.checkRows();
          if (problem) {
            message = problem.message;
            target = problem.focus ?? target;
          }
        }
      } else {
        message = checkValue(c.field, value);
      }
      if (message) {
        count += 1;
        setError(c, message);
        focus = focus ?? target;
      }
    }
    if (count) {
      summary.textContent = t('forms.fixErrors', { count });
      summary.hidden = false;
      focus?.focus();
    }
    return count;
  }

  /**
   * The values as a payload. With `baseline` (the case's data) only fields
   * whose value differs are included, and a cleared field is sent as null.
   */
  function payload({ baseline } = {}) {
    const out = {};
    for (const c of controls) {
      const value = c.control.get();
      if (baseline) {
        const before = baseline[c.field.id];
        if (!hasValue(value)) {
          if (hasValue(before)) out[c.field.id] = null;
          continue;
        }
        if (canonical(value) === canonical(before)) continue;
      } else if (!hasValue(value)) {
        continue;
      }
      out[c.field.id] = value;
    }
    return out;
  }

  /** Puts a 400 answer's message next to the field it names. True when one matched. */
  function showServerError(message) {
    clearErrors();
    const text = String(message ?? '');
    const named = new Set();
    for (const m of text.matchAll(/field '([A-Za-z0-9_]+)/g)) named.add(m[1]);
    for (const m of text.matchAll(/\(([A-Za-z0-9_]+)\)/g)) named.add(m[1]);
    let matched = false;
    for (const c of controls) {
      if (named.has(c.field.id)) {
        setError(c, text);
        if (!matched) c.control.input?.focus();
        matched = true;
      }
    }
    return matched;
  }

  function focusFirst() {
    controls[0]?.control.input?.focus();
  }

  return { element, validate, payload, showServerError, clearErrors, focusFirst };
}

/**
 * A recorded value for reading: choice labels, はい／いいえ, dates as the
 * user prefers, agency ids as agency names, records as a small table.
 */
export function displayValue(field, value, { agencyLabel = (id) => id } = {}) {
  if (!hasValue(value) && value !== false) return h('span', { class: 'muted' }, t('forms.empty'));
  if (!field) {
    if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(listSeparator());
    if (typeof value === 'boolean') return value ? t('forms.yes') : t('forms.no');
    if (typeof value === 'object') return JSON.stringify(value);
    return String(value);
  }
  switch (field.type) {
    case 'boolean':
      return value ? t('forms.yes') : t('forms.no');
    case 'date':
      return formatDate(value);
    case 'choice': {
      const choice = field.choices?.find((c) => c.id === value);
      return choice ? labelOf(choice.label, value) : String(value);
    }
    case 'multi_choice':
      return (Array.isArray(value) ? value : [value])
        .map((v) => labelOf(field.choices?.find((c) => c.id === v)?.label, v)).join(listSeparator());
    case 'records': {
      const columns = field.fields ?? [];
      const rows = Array.isArray(value) ? value : [];
      const cell = (column, row) => {
        const v = row?.[column.id];
        return hasValue(v) || v === false ? displayValue(column, v, { agencyLabel }) : '';
      };
      return h('table', { class: 'data compact' },
        h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, label(c.label, c.id))))),
        h('tbody', {}, rows.map((row) => h('tr', {}, columns.map((c) => h('td', {}, cell(c, row)))))));
    }
    case 'text':
      if (isAgencyField(field)) return agencyLabel(value);
      return h('span', { class: 'pre' }, String(value));
    default:
      return String(value);
  }
}

/**
 * A definition list of `data`'s fields with their form labels, in the order
 * of `fields` (an array of field declarations or a Map from fieldIndex);
 * keys the definition does not declare follow under their own names.
 */
export function fieldsView(fields, data, ctx = {}) {
  const list = fields instanceof Map ? [...fields.values()] : fields;
  const shown = new Set();
  const rows = [];
  for (const field of list) {
    if (!(field.id in (data ?? {})) || shown.has(field.id)) continue;
    shown.add(field.id);
    rows.push(h('dt', {}, label(field.label, field.id)), h('dd', {}, displayValue(field, data[field.id], ctx)));
  }
  for (const [key, value] of Object.entries(data ?? {})) {
    if (shown.has(key) || (ctx.skip && ctx.skip.has(key))) continue;
    rows.push(h('dt', {}, key), h('dd', {}, displayValue(null, value, ctx)));
  }
  return h('dl', { class: 'facts record-fields' }, rows);
}

