// 監査ログ / Audit log: the tenant's entries filtered by actor, action and
// case, paged oldest first; CSV export of everything that matches; and the
// verification of the hash chain.
import { api } from '../lib/api.js';
import { downloadCsv } from '../lib/csv.js';
import { h, replace } from '../lib/dom.js';
import { register, t } from '../lib/i18n.js';
import { formatDateTime } from '../lib/format.js';
import { errorBox, errorText, loading, pageHeader, table, toast } from '../lib/ui.js';
import { renderGuard } from './workflows.js';

register({
  'audit.title': { ja: '監査ログ', en: 'Audit log' },
  'audit.caption': { ja: '監査ログ（古い順）', en: 'Audit log (oldest first)' },
  'audit.actor': { ja: '操作した人', en: 'Actor' },
  'audit.action': { ja: '操作', en: 'Action' },
  'audit.case': { ja: 'ケース番号', en: 'Case ID' },
  'audit.apply': { ja: '絞り込む', en: 'Apply' },
  'audit.clear': { ja: '条件をクリア', en: 'Clear' },
  'audit.seq': { ja: '番号', en: 'Seq' },
  'audit.at': { ja: '日時', en: 'Time' },
  'audit.role': { ja: '役割', en: 'Role' },
  'audit.detail': { ja: '詳細', en: 'Detail' },
  'audit.hash': { ja: 'ハッシュ', en: 'Hash' },
  'audit.page': { ja: '{page} ページ目（{count} 件）', en: 'Page {page} ({count} entries)' },
  'audit.prev': { ja: '前のページ', en: 'Previous page' },
  'audit.next': { ja: '次のページ', en: 'Next page' },
  'audit.per_page': { ja: '表示件数', en: 'Per page' },
  'audit.verify': { ja: 'チェーン検証', en: 'Verify chain' },
  'audit.verifying': { ja: '検証中…', en: 'Verifying…' },
  'audit.verify_ok': {
    ja: 'OK：ハッシュチェーンは正常です（{count} 件を検証しました）',
    en: 'OK: the hash chain is intact ({count} entries checked)',
  },
  'audit.verify_bad': { ja: '問題が見つかりました（番号 {seq}）：{problem}', en: 'Problem found (seq {seq}): {problem}' },
  'audit.exporting': { ja: 'CSVを作成中…', en: 'Preparing CSV…' },
  'audit.exported': { ja: '{count} 件をCSVに出力しました', en: 'Exported {count} entries' },
  'audit.note': {
    ja: '監査ログの閲覧・検証・出力も監査ログに記録されます。',
    en: 'Reading, verifying and exporting the log are recorded in it too.',
  },
  'audit.actions_hint': { ja: '操作の例：case.create、case.fire、login、workflow.deploy。', en: 'Actions are e.g. case.create, case.fire, login, workflow.deploy.' },
});

const EXPORT_PAGE = 1000;
const EXPORT_MAX = 50000;

// Filters and page survive a re-render (language or date style switch).
const view = { actor: '', action: '', case: '', limit: 50, afters: [0] };

function query(after, limit) {
  return { actor: view.actor, action: view.action, case: view.case, after: after || undefined, limit };
}

export async function render(root) {
  renderGuard(root);  // an earlier page's late answer must not replace this one
  const actor = h('input', { id: 'audit-actor', name: 'actor', value: view.actor, autocomplete: 'off' });
  const action = h('input', { id: 'audit-action', name: 'action', value: view.action, list: 'audit-actions',
    autocomplete: 'off', 'aria-describedby': 'audit-action-hint' });
  const actions = h('datalist', { id: 'audit-actions' });
  const caseId = h('input', { id: 'audit-case', name: 'case', type: 'number', min: '1', value: view.case, inputmode: 'numeric' });
  const limit = h('select', { id: 'audit-limit', onchange: () => {
    view.limit = Number(limit.value);
    view.afters = [0];
    load();
  } }, [25, 50, 100, 200].map((n) => h('option', { value: String(n), selected: n === view.limit }, String(n))));
  const verifyBox = h('div', { id: 'verify-result', 'aria-live': 'polite' });
  const results = h('div', { id: 'audit-results' });
  const pager = h('div', { class: 'pager' });
  const verifyButton = h('button', { type: 'button', id: 'audit-verify', onclick: () => verify() }, t('audit.verify'));
  const csvButton = h('button', { type: 'button', id: 'audit-csv', onclick: () => exportCsv() }, t('common.csv'));
  const seenActions = new Set();

  const form = h('form', { class: 'filters', role: 'search', onsubmit: (e) => {
    e.preventDefault();
    view.actor = actor.value.trim();
    view.action = action.value.trim();
    view.case = caseId.value.trim();
    view.afters = [0];
    load();
  } },
  h('div', { class: 'field' }, h('label', { for: 'audit-actor' }, t('audit.actor')), actor),
  h('div', { class: 'field' }, h('label', { for: 'audit-action' }, t('audit.action')), action),
  h('div', { class: 'field' }, h('label', { for: 'audit-case' }, t('audit.case')), caseId),
  h('div', { class: 'field' }, h('label', { for: 'audit-limit' }, t('audit.per_page')), limit),
  h('div', { class: 'filter-buttons' },
    h('button', { type: 'submit', class: 'primary' }, t('audit.apply')),
    h('button', { type: 'button', onclick: () => {
      actor.value = '';
      action.value = '';
      caseId.value = '';
      form.requestSubmit();
    } }, t('audit.clear'))),
  actions);

  replace(
    root,
    pageHeader(t('audit.title'), verifyButton, csvButton),
    verifyBox,
    h('section', { class: 'panel' }, form,
      h('p', { class: 'muted small' }, h('span', { id: 'audit-action-hint' }, t('audit.actions_hint')), ' ', t('audit.note')),
      results, pager),
  );
  await load();

  async function load() {
    const page = view.afters.length;
    replace(results, loading());
    replace(pager);
    let answer;
    try {
      answer = await api('GET', '/audit', { query: query(view.afters[page - 1], view.limit) });
    } catch (error) {
      replace(results, errorBox(error));
      return;
    }
    for (const e of answer.entries) {
      if (!seenActions.has(e.action)) {
        seenActions.add(e.action);
        actions.append(h('option', { value: e.action }));
      }
    }
    replace(results, table(
      [
        { title: t('audit.seq'), class: 'num', value: (e) => String(e.seq) },
        { title: t('audit.at'), class: 'nowrap', value: (e) => formatDateTime(e.at) },
        { title: t('audit.actor'), class: 'nowrap', value: (e) => e.actor },
        { title: t('audit.role'), class: 'nowrap', value: (e) => h('span', { class: 'small' }, e.role) },
        { title: t('audit.action'), class: 'nowrap', value: (e) => h('code', {}, e.action) },
        { title: t('audit.case'), class: 'num', value: (e) => (e.case_id ? String(e.case_id) : '') },
        { title: t('audit.detail'), class: 'detail', value: (e) => e.detail },
        { title: t('audit.hash'), value: (e) => h('code', { class: 'muted small', title: e.hash }, String(e.hash).slice(0, 8)) },
      ],
      answer.entries,
      { caption: t('audit.caption') },
    ));
    replace(
      pager,
      h('button', { type: 'button', disabled: page === 1, onclick: () => {
        view.afters.pop();
        load();
      } }, `← ${t('audit.prev')}`),
      h('span', { class: 'muted' }, t('audit.page', { page, count: answer.entries.length })),
      h('button', { type: 'button', disabled: answer.next_after === undefined, onclick: () => {
        view.afters.push(answer.next_after);
        load();
      } }, `${t('audit.next')} →`),
    );
  }

  async function verify() {
    verifyButton.disabled = true;
    replace(verifyBox, h('p', { class: 'muted', 'aria-busy': 'true' }, t('audit.verifying')));
    try {
      const answer = await api('GET', '/audit/verify');
      replace(verifyBox, answer.ok
        ? h('p', { class: 'ok-box', role: 'status' }, `✓ ${t('audit.verify_ok', { count: answer.entries })}`)
        : h('p', { class: 'error-box', role: 'alert' }, t('audit.verify_bad', { seq: answer.at_seq, problem: answer.problem })));
    } catch (error) {
      replace(verifyBox, errorBox(error));
    } finally {
      verifyButton.disabled = false;
    }
  }

  /** Every entry matching the filters (not only this page), in pages of 1000. */
  async function exportCsv() {
    csvButton.disabled = true;
    toast(t('audit.exporting'));
    try {
      const rows = [];
      let after = 0;
      for (;;) {
        const answer = await api('GET', '/audit', { query: query(after, EXPORT_PAGE) });
        for (const e of answer.entries) rows.push([e.seq, e.at, e.actor, e.role, e.action, e.case_id ?? '', e.detail, e.hash]);
        if (answer.next_after === undefined || rows.length >= EXPORT_MAX) break;
        after = answer.next_after;
      }
      downloadCsv('kasane-audit.csv',
        [t('audit.seq'), t('audit.at'), t('audit.actor'), t('audit.role'), t('audit.action'), t('audit.case'), t('audit.detail'), t('audit.hash')],
        rows);
      toast(t('audit.exported', { count: rows.length }));
    } catch (error) {
      toast(errorText(error), 'error');
    } finally {
      csvButton.disabled = false;
    }
  }
}
