// 職員・役割・機関 / Users, roles and agencies of the tenant, each as a
// table with CSV export.
import { api } from '../lib/api.js';
import { downloadCsv } from '../lib/csv.js';
import { h, replace } from '../lib/dom.js';
import { label, register, t } from '../lib/i18n.js';
import { badge, loading, pageHeader, table } from '../lib/ui.js';
import { renderGuard } from './workflows.js';

register({
  'directory.title': { ja: '職員・役割・機関', en: 'Users, roles and agencies' },
  'directory.tabs': { ja: '表示する一覧', en: 'List shown' },
  'directory.users': { ja: '職員', en: 'Users' },
  'directory.roles': { ja: '役割', en: 'Roles' },
  'directory.agencies': { ja: '機関', en: 'Agencies' },
  'directory.count': { ja: '{count} 件', en: '{count}' },
  'directory.filter': { ja: '名前・IDで絞り込み', en: 'Filter by name or ID' },
  'directory.username': { ja: 'ユーザー名', en: 'User name' },
  'directory.name': { ja: '氏名', en: 'Name' },
  'directory.role': { ja: '役割', en: 'Role' },
  'directory.agency': { ja: '所属機関', en: 'Agency' },
  'directory.agency_id': { ja: '所属機関ID', en: 'Agency ID' },
  'directory.id': { ja: 'ID', en: 'ID' },
  'directory.label': { ja: '名称', en: 'Name' },
  'directory.kind': { ja: '種類', en: 'Kind' },
  'directory.categories': { ja: '分野', en: 'Categories' },
  'directory.role_workflow': { ja: 'ワークフローの役割', en: 'Workflow role' },
  'directory.role_account': { ja: 'アカウントの役割', en: 'Account role' },
  'directory.roles_note': {
    ja: 'ワークフローの役割は機関が担い、遷移を行える人を決めます。アカウントの役割（業務管理者・監査担当）はケースを扱いません。',
    en: 'Agencies hold workflow roles, which decide who may take a transition. Account roles (administrator, auditor) do not handle cases.',
  },
  'directory.no_agency': { ja: '（機関に属さない）', en: '(no agency)' },
  'directory.csv_name': { ja: '{list}.csv', en: '{list}.csv' },
});

const KIND_NAMES = {
  division: { ja: '課', en: 'Division' },
  window: { ja: '相談窓口', en: 'Window' },
  contracted: { ja: '委託先', en: 'Contracted' },
  council: { ja: '会議体', en: 'Council' },
  department_group: { ja: '部署グループ', en: 'Department group' },
};

function kindText(kind) {
  return KIND_NAMES[kind] ? `${label(KIND_NAMES[kind])}（${kind}）` : kind || '';
}

let currentTab = 'users';

export async function render(root) {
  const current = renderGuard(root);
  replace(root, pageHeader(t('directory.title')), loading());
  const [{ users }, { roles }, { agencies }] = await Promise.all([
    api('GET', '/users'),
    api('GET', '/roles'),
    api('GET', '/agencies'),
  ]);
  if (!current()) return;
  const roleLabel = new Map(roles.map((r) => [r.id, label(r.label, r.id)]));
  const agencyLabel = new Map(agencies.map((a) => [a.id, label(a.label, a.id)]));
  const roleName = (id) => roleLabel.get(id) ?? id;

  const lists = {
    users: {
      rows: users,
      text: (u) => `${u.username} ${u.name} ${u.role} ${roleName(u.role)} ${u.agency} ${agencyLabel.get(u.agency) ?? ''}`,
      columns: [
        { title: t('directory.username'), class: 'nowrap', value: (u) => h('code', {}, u.username), csv: (u) => u.username },
        { title: t('directory.name'), class: 'nowrap', value: (u) => u.name, csv: (u) => u.name },
        { title: t('directory.role'), value: (u) => [roleName(u.role), h('br'), h('code', { class: 'muted small' }, u.role)],
          csv: (u) => roleName(u.role) },
        { title: t('directory.agency'),
          value: (u) => (u.agency
            ? [agencyLabel.get(u.agency) ?? u.agency, h('br'), h('code', { class: 'muted small' }, u.agency)]
            : h('span', { class: 'muted' }, t('directory.no_agency'))),
          csv: (u) => (u.agency ? agencyLabel.get(u.agency) ?? u.agency : '') },
        { title: t('directory.agency_id'), csv: (u) => u.agency },
      ],
    },
    roles: {
      rows: roles,
      note: t('directory.roles_note'),
      text: (r) => `${r.id} ${label(r.label, r.id)}`,
      columns: [
        { title: t('directory.id'), value: (r) => h('code', {}, r.id), csv: (r) => r.id },
        { title: t('directory.label'), value: (r) => label(r.label, r.id), csv: (r) => label(r.label, r.id) },
        { title: t('directory.kind'),
          value: (r) => (r.kind === 'account' ? badge(t('directory.role_account'), 'warn') : badge(t('directory.role_workflow'))),
          csv: (r) => (r.kind === 'account' ? t('directory.role_account') : t('directory.role_workflow')) },
      ],
    },
    agencies: {
      rows: agencies,
      text: (a) => `${a.id} ${label(a.label, a.id)} ${a.kind} ${a.roles.join(' ')} ${a.categories.join(' ')}`,
      columns: [
        { title: t('directory.id'), value: (a) => h('code', {}, a.id), csv: (a) => a.id },
        { title: t('directory.label'), value: (a) => label(a.label, a.id), csv: (a) => label(a.label, a.id) },
        { title: t('directory.kind'), value: (a) => kindText(a.kind), csv: (a) => a.kind },
        { title: t('directory.role'), value: (a) => a.roles.map((r) => badge(roleName(r))), csv: (a) => a.roles.map(roleName).join('、') },
        { title: t('directory.categories'), value: (a) => a.categories.map((c) => badge(c, 'muted')), csv: (a) => a.categories.join('、') },
      ],
    },
  };

  const filter = h('input', { id: 'directory-filter', type: 'search', oninput: () => show(currentTab) });
  const body = h('div', { class: 'directory-body' });
  const tabButtons = Object.keys(lists).map((key) => h('button', {
    type: 'button', role: 'tab', id: `tab-${key}`, 'aria-controls': 'directory-panel',
    onclick: () => show(key),
  }, `${t(`directory.${key}`)} `, h('span', { class: 'tab-count' }, t('directory.count', { count: lists[key].rows.length }))));
  const tabs = h('div', { class: 'tabs', role: 'tablist', 'aria-label': t('directory.tabs'), onkeydown: (e) => {
    const at = tabButtons.indexOf(e.target);
    if (at < 0 || (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft')) return;
    const next = tabButtons[(at + (e.key === 'ArrowRight' ? 1 : tabButtons.length - 1)) % tabButtons.length];
    next.focus();
    next.click();
  } }, tabButtons);
  const csvButton = h('button', { type: 'button', id: 'directory-csv', onclick: () => exportCsv() }, t('common.csv'));

  function visibleRows(key) {
    const words = filter.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const list = lists[key];
    return list.rows.filter((row) => {
      const text = list.text(row).toLowerCase();
      return words.every((w) => text.includes(w));
    });
  }

  function show(key) {
    currentTab = key;
    tabButtons.forEach((b, i) => {
      const selected = Object.keys(lists)[i] === key;
      b.setAttribute('aria-selected', String(selected));
      b.tabIndex = selected ? 0 : -1;
    });
    const list = lists[key];
    replace(body,
      list.note ? h('p', { class: 'muted small' }, list.note) : null,
      table(list.columns.filter((c) => c.value), visibleRows(key), { caption: t(`directory.${key}`) }));
  }

  function exportCsv() {
    const list = lists[currentTab];
    downloadCsv(t('directory.csv_name', { list: `kasane-${currentTab}` }), list.columns.map((c) => c.title),
      visibleRows(currentTab).map((row) => list.columns.map((c) => c.csv(row))));
  }

  replace(
    root,
    pageHeader(t('directory.title'), csvButton),
    h('section', { class: 'panel' },
      h('div', { class: 'directory-toolbar' }, tabs,
        h('div', { class: 'field inline-field' }, h('label', { for: 'directory-filter' }, t('directory.filter')), filter)),
      h('div', { id: 'directory-panel', role: 'tabpanel' }, body)),
  );
  show(currentTab);
}
