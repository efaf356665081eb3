// ダッシュボード: my agency's cases by state, my tasks and their deadlines,
// and new / closed cases per month for the last twelve months.
import { api } from '../lib/api.js';
import { barChart } from '../lib/chart.js';
import { h, replace } from '../lib/dom.js';
import { formatDate } from '../lib/format.js';
import { labelOf } from '../lib/forms.js';
import { currentLanguage, label, register, t, useWareki } from '../lib/i18n.js';
import { badge, loading, pageHeader, table } from '../lib/ui.js';

register({
  'dash.title': { ja: 'ダッシュボード', en: 'Dashboard' },
  'dash.openCases': { ja: '対応中のケース', en: 'Open cases' },
  'dash.allCases': { ja: '閲覧できるケース {count}件', en: '{count} cases visible to you' },
  'dash.myTasks': { ja: 'わたしのタスク', en: 'My tasks' },
  'dash.overdue': { ja: '期限超過', en: 'Overdue' },
  'dash.upcoming': { ja: '14日以内に期限', en: 'Due within 14 days' },
  'dash.overdueN': { ja: '期限超過（{count}）', en: 'Overdue ({count})' },
  'dash.upcomingN': { ja: '14日以内に期限（{count}）', en: 'Due within 14 days ({count})' },
  'dash.byState': { ja: '状態別のケース数', en: 'Cases by state' },
  'dash.state': { ja: '状態', en: 'State' },
  'dash.count': { ja: '件数', en: 'Cases' },
  'dash.countN': { ja: '{count}件', en: '{count}' },
  'dash.showCases': { ja: '{state}のケースを一覧で見る', en: 'List the cases in {state}' },
  'dash.deadlines': { ja: '期限の監視', en: 'Deadlines' },
  'dash.noOverdue': { ja: '期限を過ぎたタスクはありません', en: 'No overdue tasks' },
  'dash.noUpcoming': { ja: '14日以内に期限を迎えるタスクはありません', en: 'No task is due in the next 14 days' },
  'dash.noTasks': { ja: '未完了のタスクはありません', en: 'No open tasks' },
  'dash.due': { ja: '期限', en: 'Due' },
  'dash.task': { ja: 'タスク', en: 'Task' },
  'dash.case': { ja: 'ケース', en: 'Case' },
  'dash.status': { ja: '期限の状況', en: 'Status' },
  'dash.created': { ja: '発生日', en: 'Created' },
  'dash.noDue': { ja: '期限なし', en: 'No due date' },
  'dash.daysOver': { ja: '期限超過（{days}日）', en: 'Overdue ({days} d)' },
  'dash.dueToday': { ja: '本日期限', en: 'Due today' },
  'dash.daysLeft': { ja: 'あと{days}日', en: '{days} d left' },
  'dash.monthly': { ja: '月別の新規・終結ケース（直近12か月）', en: 'New and closed cases per month (last 12 months)' },
  'dash.monthlyNote': {
    ja: '新規＝作成された月、終結＝終結の状態になったケースの最終更新月で数えています。',
    en: 'New: month the case was opened. Closed: last update month of cases in a final state.',
  },
  'dash.new': { ja: '新規', en: 'New' },
  'dash.closed': { ja: '終結', en: 'Closed' },
  'dash.month': { ja: '月', en: 'Month' },
  'dash.casesAxis': { ja: 'ケース数（件）', en: 'Cases' },
  'dash.chartDesc': {
    ja: '直近12か月の新規ケースは合計{new}件、終結ケースは合計{closed}件。',
    en: 'In the last 12 months {new} cases were opened and {closed} closed.',
  },
  'dash.barText': { ja: '{month} {series}：{value}件', en: '{month} {series}: {value}' },
  'dash.chartTable': { ja: '数値を表で見る', en: 'Show the numbers as a table' },
});

const DAY_MS = 24 * 3600 * 1000;
const JST_MS = 9 * 3600 * 1000;

/** Every case this user may see (GET /cases page by page). */
async function loadAllCases() {
  const cases = [];
  let after;
  for (let guard = 0; guard < 100; guard += 1) {
    const page = await api('GET', '/cases', { query: { limit: 200, after } });
    cases.push(...page.cases);
    if (page.next_after === undefined || page.next_after === null) break;
    after = page.next_after;
  }
  return cases;
}

/** Today's date in Japan as "YYYY-MM-DD". */
function todayJst(now = Date.now()) {
  return new Date(now + JST_MS).toISOString().slice(0, 10);
}

/** Whole days from today (JST) to the JST date of `iso` (negative: past). */
function daysFromToday(iso, now = Date.now()) {
  const day = (d) => Date.parse(`${d}T00:00:00Z`);
  return Math.round((day(String(iso).slice(0, 10)) - day(todayJst(now))) / DAY_MS);
}

/** The last twelve months, oldest first, as "YYYY-MM". */
function lastTwelveMonths(now = Date.now()) {
  const [y, m] = todayJst(now).split('-').map(Number);
  const months = [];
  for (let i = 11; i >= 0; i -= 1) {
    const index = y * 12 + (m - 1) - i;
    months.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`);
  }
  return months;
}

function monthLabels(month, first) {
  const [y, m] = month.split('-').map(Number);
  const en = currentLanguage() === 'en';
  const name = en ? new Date(Date.UTC(y, m - 1, 1)).toLocaleString('en', { month: 'short', timeZone: 'UTC' }) : `${m}月`;
  const era = useWareki() ? toEraYear(y, m) : `${y}${en ? '' : '年'}`;
  const full = useWareki() ? `${toEraYear(y, m)}${m}月` : en ? `${name} ${y}` : `${y}年${m}月`;
  return { label: name, sublabel: first || m === 1 ? era : '', full };
}

// "令和8年" from the era table in wareki.js (through formatDate of the 1st).
function toEraYear(y, m) {
  const text = formatDate(`${y}-${String(m).padStart(2, '0')}-01`);
  const match = /^(.+?年)/.exec(text);
  return match ? match[1] : String(y);
}

function dueStatus(task, now) {
  if (!task.due_at) return badge(t('dash.noDue'), 'muted');
  const overdue = Date.parse(task.due_at) < now;
  const days = daysFromToday(task.due_at, now);
  if (overdue) return badge(t('dash.daysOver', { days: Math.max(0, -days) }), 'danger');
  if (days <= 0) return badge(t('dash.dueToday'), 'warn');
  if (days <= 14) return badge(t('dash.daysLeft', { days }), 'warn');
  return badge(t('dash.daysLeft', { days }), 'muted');
}

function caseLink(task, casesById) {
  const c = casesById.get(task.case_id);
  const text = c?.main_complaint ? `#${task.case_id} ${c.main_complaint}` : `#${task.case_id}`;
  return h('a', { href: `#/cases/${task.case_id}`, class: 'clamp' }, text);
}

function statCard(title, value, kind, id) {
  return h('section', { class: `panel stat-card ${kind}`, 'aria-labelledby': id },
    h('h2', { id, class: 'stat-title' }, title), h('p', { class: 'stat' }, String(value)));
}

function stateTable(cases, definitions) {
  const groups = new Map();
  for (const c of cases) {
    const key = `${c.workflow}\u0000${c.state.id}`;
    if (!groups.has(key)) groups.set(key, { workflow: c.workflow, workflowTitle: c.workflow_title, state: c.state, count: 0 });
    groups.get(key).count += 1;
  }
  const workflowOrder = [...new Set(cases.map((c) => c.workflow))];
  const stateOrder = (g) => {
    const states = definitions.get(g.workflow)?.states ?? [];
    const i = states.findIndex((s) => s.id === g.state.id);
    return i < 0 ? 999 : i;
  };
  const rows = [...groups.values()].sort((a, b) =>
    workflowOrder.indexOf(a.workflow) - workflowOrder.indexOf(b.workflow) || stateOrder(a) - stateOrder(b));
  if (!rows.length) return h('p', { class: 'muted' }, t('common.empty'));
  // With several workflows (a main flow and its child flows) each gets a heading row.
  const several = workflowOrder.length > 1;
  const body = [];
  let lastWorkflow = null;
  for (const g of rows) {
    if (several && g.workflow !== lastWorkflow) {
      body.push(h('tr', { class: 'group-row' }, h('th', { scope: 'colgroup', colspan: '2' }, label(g.workflowTitle, g.workflow))));
      lastWorkflow = g.workflow;
    }
    const stateName = label(g.state.label, g.state.id);
    body.push(h('tr', {},
      h('td', {}, badge(stateName, g.state.final ? 'muted' : '')),
      h('td', { class: 'num' }, h('a', {
        href: `#/cases?workflow=${encodeURIComponent(g.workflow)}&state=${encodeURIComponent(g.state.id)}`,
        'aria-label': t('dash.showCases', { state: stateName }) }, t('dash.countN', { count: g.count })))));
  }
  return h('table', { class: 'data state-counts' },
    h('caption', { class: 'sr-only' }, t('dash.byState')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('dash.state')), h('th', { scope: 'col', class: 'num' }, t('dash.count')))),
    h('tbody', {}, body));
}

function deadlineList(tasks, casesById, now, empty) {
  if (!tasks.length) return h('p', { class: 'muted' }, empty);
  return h('ul', { class: 'deadline-list' }, tasks.map((task) => h('li', {},
    h('span', { class: 'deadline-date' }, formatDate(task.due_at)),
    dueStatus(task, now),
    h('span', { class: 'deadline-title' }, labelOf(task.title, task.kind)),
    caseLink(task, casesById))));
}

function monthlyChart(cases) {
  const months = lastTwelveMonths();
  const opened = months.map((m) => cases.filter((c) => c.created_at?.slice(0, 7) === m).length);
  const closed = months.map((m) => cases.filter((c) => c.state.final && c.updated_at?.slice(0, 7) === m).length);
  const categories = months.map((m, i) => monthLabels(m, i === 0));
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);
  const series = [
    { name: t('dash.new'), className: 'bar-new', color: '#2f5f9a', values: opened },
    { name: t('dash.closed'), className: 'bar-closed', color: '#8db4de', values: closed },
  ];
  const chart = barChart({
    title: t('dash.monthly'),
    description: t('dash.chartDesc', { new: sum(opened), closed: sum(closed) }),
    categories, series, xLabel: t('dash.month'), yLabel: t('dash.casesAxis'),
    valueText: (s, category, value) => t('dash.barText', { month: category.full, series: s.name, value }),
  });
  const numbers = h('details', { class: 'chart-table' }, h('summary', {}, t('dash.chartTable')),
    table([
      { title: t('dash.month'), value: (r) => r.category.full },
      { title: t('dash.new'), class: 'num', value: (r) => String(r.opened) },
      { title: t('dash.closed'), class: 'num', value: (r) => String(r.closed) },
    ], categories.map((category, i) => ({ category, opened: opened[i], closed: closed[i] })), { caption: t('dash.monthly') }));
  return h('figure', { class: 'chart-figure' }, chart,
    h('figcaption', { class: 'muted small' }, t('dash.monthlyNote')), numbers);
}

// The shell does not cancel a page that is still loading when another one
// is opened, so a page claims the main element and draws only while it holds it.
function claim(root) {
  const token = `${window.location.hash}|${Math.random()}`;
  root.dataset.view = token;
  return () => root.dataset.view === token && token.startsWith(`${window.location.hash}|`);
}

export async function render(root) {
  const shown = claim(root);
  replace(root, pageHeader(t('dash.title')), loading());
  const [cases, taskList] = await Promise.all([loadAllCases(), api('GET', '/tasks', { query: { limit: 200 } })]);
  // The state order of each workflow, for a table that reads like the flow.
  const definitions = new Map();
  await Promise.all([...new Set(cases.map((c) => c.workflow))].map(async (id) => {
    try {
      definitions.set(id, await api('GET', `/workflows/${encodeURIComponent(id)}`));
    } catch {
      // Without it the states are listed as they come.
    }
  }));

  if (!shown()) return;
  const now = Date.now();
  const casesById = new Map(cases.map((c) => [c.id, c]));
  const tasks = [...taskList.tasks].filter((task) => task.open !== false).sort((a, b) =>
    (a.due_at ? Date.parse(a.due_at) : Infinity) - (b.due_at ? Date.parse(b.due_at) : Infinity) || a.id - b.id);
  const overdue = tasks.filter((task) => task.due_at && Date.parse(task.due_at) < now);
  const upcoming = tasks.filter((task) => task.due_at && Date.parse(task.due_at) >= now
    && Date.parse(task.due_at) <= now + 14 * DAY_MS);
  const openCases = cases.filter((c) => !c.state.final);

  replace(root,
    pageHeader(t('dash.title')),
    h('div', { class: 'grid cols-4 stats' },
      statCard(t('dash.openCases'), openCases.length, '', 'stat-open'),
      statCard(t('dash.myTasks'), tasks.length, '', 'stat-tasks'),
      statCard(t('dash.overdue'), overdue.length, overdue.length ? 'danger' : '', 'stat-overdue'),
      statCard(t('dash.upcoming'), upcoming.length, upcoming.length ? 'warn' : '', 'stat-upcoming')),
    h('div', { class: 'grid cols-2' },
      h('section', { class: 'panel', 'aria-labelledby': 'dash-by-state' },
        h('h2', { id: 'dash-by-state' }, t('dash.byState')),
        h('p', { class: 'muted small' }, t('dash.allCases', { count: cases.length })),
        stateTable(cases, definitions)),
      h('section', { class: 'panel', 'aria-labelledby': 'dash-deadlines' },
        h('h2', { id: 'dash-deadlines' }, t('dash.deadlines')),
        h('h3', { class: 'sub danger-text' }, t('dash.overdueN', { count: overdue.length })),
        deadlineList(overdue, casesById, now, t('dash.noOverdue')),
        h('h3', { class: 'sub' }, t('dash.upcomingN', { count: upcoming.length })),
        deadlineList(upcoming, casesById, now, t('dash.noUpcoming')))),
    h('section', { class: 'panel', 'aria-labelledby': 'dash-tasks' },
      h('h2', { id: 'dash-tasks' }, t('dash.myTasks')),
      table([
        { title: t('dash.due'), value: (task) => (task.due_at ? formatDate(task.due_at) : '—'), class: 'nowrap' },
        { title: t('dash.status'), value: (task) => dueStatus(task, now) },
        { title: t('dash.task'), value: (task) => labelOf(task.title, task.kind) },
        { title: t('dash.case'), value: (task) => caseLink(task, casesById) },
        { title: t('dash.created'), value: (task) => formatDate(task.created_at), class: 'nowrap' },
      ], tasks, {
        caption: t('dash.myTasks'),
        empty: t('dash.noTasks'),
        rowAttrs: (task) => (task.due_at && Date.parse(task.due_at) < now ? { class: 'overdue' } : {}),
      })),
    h('section', { class: 'panel', 'aria-labelledby': 'dash-monthly' },
      h('h2', { id: 'dash-monthly' }, t('dash.monthly')),
      monthlyChart(cases)));
}
