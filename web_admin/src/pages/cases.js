// ケース一覧: filters (workflow, state, free text), the list with paging and
// CSV export, and 新規相談 — opening a case from an initial state's form.
import { api } from '../lib/api.js';
import { downloadCsv } from '../lib/csv.js';
import { h, replace } from '../lib/dom.js';
import { formatDateTime } from '../lib/format.js';
import { buildForm, findForm } from '../lib/forms.js';
import { label, register, t } from '../lib/i18n.js';
import { badge, errorBox, errorText, loading, pageHeader, table, toast } from '../lib/ui.js';

register({
  'cases.title': { ja: 'ケース一覧', en: 'Cases' },
  'cases.workflow': { ja: 'ワークフロー', en: 'Workflow' },
  'cases.state': { ja: '状態', en: 'State' },
  'cases.q': { ja: 'キーワード・ケース番号', en: 'Keyword or case number' },
  'cases.qHint': { ja: '主訴・相談内容などの記録から探します', en: 'Searches the recorded text of each case' },
  'cases.clear': { ja: '条件をクリア', en: 'Clear filters' },
  'cases.id': { ja: '番号', en: 'No.' },
  'cases.complaint': { ja: '主訴', en: 'Main complaint' },
  'cases.updated': { ja: '更新日時', en: 'Updated' },
  'cases.created': { ja: '作成日時', en: 'Opened' },
  'cases.noComplaint': { ja: '（主訴の閲覧権限なし・会議の記録のみ）', en: '(meeting records only)' },
  'cases.count': { ja: '{count}件を表示', en: '{count} shown' },
  'cases.countMore': { ja: '{count}件を表示（続きがあります）', en: '{count} shown (more available)' },
  'cases.none': { ja: '条件に合うケースはありません', en: 'No case matches' },
  'cases.new': { ja: '新規相談', en: 'New consultation' },
  'cases.newTitle': { ja: '新規相談の受付', en: 'Open a new consultation' },
  'cases.newIntro': {
    ja: 'ワークフローと最初の状態を選び、受付票に記入してください。',
    en: 'Choose the workflow and the first state, then fill in the sheet.',
  },
  'cases.initialState': { ja: '最初の状態', en: 'Initial state' },
  'cases.create': { ja: '受付を登録', en: 'Open the case' },
  'cases.created.toast': { ja: 'ケース #{id} を登録しました', en: 'Case #{id} opened' },
  'cases.csvName': { ja: 'ケース一覧', en: 'cases' },
  'cases.listCaption': { ja: 'ケースの一覧', en: 'List of cases' },
  'cases.noForm': { ja: 'この状態には受付票がありません', en: 'This state has no form' },
});

function queryParams() {
  const query = window.location.hash.split('?')[1] ?? '';
  return Object.fromEntries(new URLSearchParams(query));
}

function listPath(params) {
  const search = new URLSearchParams(Object.entries(params).filter(([, v]) => v));
  const text = search.toString();
  return text ? `/cases?${text}` : '/cases';
}

function todayStamp() {
  return new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10).replaceAll('-', '');
}

function field(id, text, control, hint) {
  return h('div', { class: 'field' }, h('label', { for: id }, text), control, hint ? h('span', { class: 'hint' }, hint) : null);
}

/** The 新規相談 panel: workflow, initial state, the state's form, POST /cases. */
function newCasePanel(workflows, { navigate, onClose }) {
  const definitions = new Map();
  const workflowSelect = h('select', { id: 'new-workflow' },
    workflows.map((w) => h('option', { value: w.id }, label(w.title, w.id))));
  const stateSelect = h('select', { id: 'new-state' });
  const formHolder = h('div', { class: 'new-case-form' });
  const message = h('div', { class: 'error-box', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('cases.create'));
  let current = null;

  async function definition(id) {
    if (!definitions.has(id)) definitions.set(id, await api('GET', `/workflows/${encodeURIComponent(id)}`));
    return definitions.get(id);
  }

  async function showStates() {
    const def = await definition(workflowSelect.value);
    const initial = def.states.filter((s) => s.initial);
    replace(stateSelect, initial.map((s) => h('option', { value: s.id }, label(s.label, s.id))));
    // The state that takes consultations comes first when there are several.
    const intake = initial.find((s) => s.id === 'intake');
    if (intake) stateSelect.value = intake.id;
    showForm();
  }

  function showForm() {
    const def = definitions.get(workflowSelect.value);
    const state = def?.states.find((s) => s.id === stateSelect.value);
    const form = state?.form ? findForm(def, state.form) : null;
    current = form ? buildForm(form, { agencies: def.agencies }) : null;
    replace(formHolder,
      form ? h('h3', { class: 'form-title' }, label(form.label, form.id)) : h('p', { class: 'muted' }, t('cases.noForm')),
      current ? current.element : null);
  }

  workflowSelect.addEventListener('change', () => showStates().catch((e) => {
    message.textContent = errorText(e);
    message.hidden = false;
  }));
  stateSelect.addEventListener('change', showForm);

  const panel = h('form', {
    class: 'panel new-case', id: 'new-case', 'aria-labelledby': 'new-case-title', novalidate: true,
    onsubmit: async (event) => {
      event.preventDefault();
      message.hidden = true;
      if (current && current.validate()) return;
      submit.disabled = true;
      try {
        const created = await api('POST', '/cases', {
          body: { workflow: workflowSelect.value, state: stateSelect.value, data: current ? current.payload() : {} },
        });
        toast(t('cases.created.toast', { id: created.id }));
        navigate(`/cases/${created.id}`);
      } catch (error) {
        if (error.status === 400) current?.showServerError(error.problem?.detail);
        message.textContent = errorText(error);
        message.hidden = false;
      } finally {
        submit.disabled = false;
      }
    },
  },
  h('h2', { id: 'new-case-title' }, t('cases.newTitle')),
  h('p', { class: 'muted small' }, t('cases.newIntro')),
  h('div', { class: 'filters' },
    field('new-workflow', t('cases.workflow'), workflowSelect),
    field('new-state', t('cases.initialState'), stateSelect)),
  formHolder,
  message,
  h('div', { class: 'form-buttons' }, submit,
    h('button', { type: 'button', onclick: onClose }, t('common.cancel'))));
  return { panel, ready: showStates() };
}

// The shell does not cancel a page that is still loading when another one
// is opened, so a page claims the main element and draws only while it holds it.
function claim(root) {
  const token = `${window.location.hash}|${Math.random()}`;
  root.dataset.view = token;
  return () => root.dataset.view === token && token.startsWith(`${window.location.hash}|`);
}

export async function render(root, _params, { navigate }) {
  const shown = claim(root);
  const params = queryParams();
  replace(root, pageHeader(t('cases.title')), loading());
  let workflows = [];
  try {
    workflows = (await api('GET', '/workflows')).workflows;
  } catch {
    workflows = [];
  }
  let states = [];
  if (params.workflow) {
    try {
      states = (await api('GET', `/workflows/${encodeURIComponent(params.workflow)}`)).states;
    } catch {
      states = [];
    }
  }

  if (!shown()) return;

  // Filters
  const workflowSelect = h('select', { id: 'filter-workflow', name: 'workflow' },
    h('option', { value: '' }, t('common.all')),
    workflows.map((w) => h('option', { value: w.id }, label(w.title, w.id))));
  workflowSelect.value = params.workflow ?? '';
  const stateSelect = h('select', { id: 'filter-state', name: 'state', disabled: !params.workflow },
    h('option', { value: '' }, t('common.all')),
    states.map((s) => h('option', { value: s.id }, label(s.label, s.id))));
  stateSelect.value = params.state ?? '';
  const qInput = h('input', { id: 'filter-q', name: 'q', type: 'search', value: params.q ?? '', maxlength: 60,
    'aria-describedby': 'filter-q-hint' });
  workflowSelect.addEventListener('change', () => navigate(listPath({ workflow: workflowSelect.value, q: qInput.value.trim() })));
  stateSelect.addEventListener('change', () =>
    navigate(listPath({ workflow: workflowSelect.value, state: stateSelect.value, q: qInput.value.trim() })));
  const filters = h('form', { class: 'filters panel', role: 'search', 'aria-label': t('common.filter'), onsubmit: (event) => {
    event.preventDefault();
    navigate(listPath({ workflow: workflowSelect.value, state: stateSelect.value, q: qInput.value.trim() }));
  } },
  field('filter-workflow', t('cases.workflow'), workflowSelect),
  field('filter-state', t('cases.state'), stateSelect),
  h('div', { class: 'field grow' }, h('label', { for: 'filter-q' }, t('cases.q')), qInput,
    h('span', { class: 'hint', id: 'filter-q-hint' }, t('cases.qHint'))),
  h('div', { class: 'field' }, h('button', { type: 'submit', class: 'primary' }, t('common.search'))),
  params.workflow || params.state || params.q
    ? h('div', { class: 'field' }, h('a', { href: '#/cases', class: 'button' }, t('cases.clear'))) : null);

  // The list, page by page.
  const rows = [];
  let nextAfter = null;
  const listHolder = h('div', { class: 'case-list' });
  const countLine = h('p', { class: 'muted small', 'aria-live': 'polite' });
  const more = h('button', { type: 'button', id: 'load-more', hidden: true, onclick: () => loadPage() }, t('common.more'));
  const csv = h('button', { type: 'button', id: 'export-csv', disabled: true, onclick: () => {
    downloadCsv(`${t('cases.csvName')}-${todayStamp()}.csv`,
      [t('cases.id'), t('cases.complaint'), t('cases.workflow'), t('cases.state'), t('cases.created'), t('cases.updated')],
      rows.map((c) => [c.id, c.main_complaint ?? '', label(c.workflow_title, c.workflow), label(c.state.label, c.state.id),
        formatDateTime(c.created_at), formatDateTime(c.updated_at)]));
  } }, t('common.csv'));

  function drawList() {
    replace(listHolder, table([
      { title: t('cases.id'), class: 'num', value: (c) => h('a', { href: `#/cases/${c.id}` }, `#${c.id}`) },
      { title: t('cases.complaint'), value: (c) => h('a', { href: `#/cases/${c.id}`, class: 'complaint' },
        c.main_complaint ?? t('cases.noComplaint')) },
      { title: t('cases.workflow'), value: (c) => label(c.workflow_title, c.workflow), class: 'small' },
      { title: t('cases.state'), value: (c) => badge(label(c.state.label, c.state.id), c.state.final ? 'muted' : '') },
      { title: t('cases.updated'), value: (c) => formatDateTime(c.updated_at), class: 'nowrap' },
    ], rows, { caption: t('cases.listCaption'), empty: t('cases.none') }));
    countLine.textContent = t(nextAfter !== null ? 'cases.countMore' : 'cases.count', { count: rows.length });
    more.hidden = nextAfter === null;
    csv.disabled = rows.length === 0;
  }

  async function loadPage() {
    more.disabled = true;
    try {
      const page = await api('GET', '/cases', {
        query: { workflow: params.workflow, state: params.state, q: params.q, after: nextAfter ?? undefined, limit: 50 },
      });
      rows.push(...page.cases);
      nextAfter = page.next_after ?? null;
      drawList();
    } finally {
      more.disabled = false;
    }
  }

  // 新規相談
  const newHolder = h('div');
  const newButton = h('button', { type: 'button', class: 'primary', id: 'new-case-button', 'aria-expanded': 'false',
    'aria-controls': 'new-case', disabled: workflows.length === 0, onclick: async () => {
      if (newButton.getAttribute('aria-expanded') === 'true') return;
      newButton.setAttribute('aria-expanded', 'true');
      const { panel, ready } = newCasePanel(workflows, {
        navigate,
        onClose: () => {
          replace(newHolder);
          newButton.setAttribute('aria-expanded', 'false');
          newButton.focus();
        },
      });
      replace(newHolder, panel);
      try {
        await ready;
        panel.querySelector('#new-workflow')?.focus();
      } catch (error) {
        replace(newHolder, errorBox(error));
      }
    } }, `＋ ${t('cases.new')}`);

  replace(root,
    pageHeader(t('cases.title'), newButton, csv),
    newHolder,
    filters,
    countLine,
    listHolder,
    h('div', { class: 'list-more' }, more));
  await loadPage();
  if (params.new === '1') newButton.click();
}
