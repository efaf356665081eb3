// ワークフローの編集 / Workflow editor: the root YAML file of a workflow in a
// code editor, validated as it is typed (errors shown at their line), a live
// state diagram, the difference from the deployed version, the town's
// scenarios, and deployment as a new version. Cases already running keep the
// version they started with.
import { EditorSelection, EditorState } from '@codemirror/state';
import {
  EditorView, crosshairCursor, drawSelection, dropCursor, highlightActiveLine, highlightActiveLineGutter,
  highlightSpecialChars, keymap, lineNumbers, rectangularSelection,
} from '@codemirror/view';
import { bracketMatching, defaultHighlightStyle, foldGutter, foldKeymap, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { lintGutter, lintKeymap, setDiagnostics } from '@codemirror/lint';
import { yaml } from '@codemirror/lang-yaml';
import { unifiedMergeView } from '@codemirror/merge';
import { api } from '../lib/api.js';
import { h, replace } from '../lib/dom.js';
import { currentLanguage, label, register, t } from '../lib/i18n.js';
import { formatDateTime } from '../lib/format.js';
import { can } from '../lib/session.js';
import { badge, errorBox, errorText, loading, pageHeader, table } from '../lib/ui.js';
import { diagramViewer, loadDiagram, renderGuard, renderVersions, versionText } from './workflows.js';

register({
  'editor.title': { ja: 'ワークフローの編集', en: 'Edit workflow' },
  'editor.heading': { ja: 'ワークフローの編集：{name}', en: 'Edit workflow: {name}' },
  'editor.back': { ja: 'ワークフロー一覧へ', en: 'All workflows' },
  'editor.file': { ja: 'ファイル', en: 'File' },
  'editor.base_version': { ja: '反映中の版', en: 'Active version' },
  'editor.deployed': { ja: '{at} に {by} が反映', en: 'deployed {at} by {by}' },
  'editor.tabs': { ja: '表示の切り替え', en: 'View' },
  'editor.tab_edit': { ja: '編集', en: 'Edit' },
  'editor.tab_diff': { ja: '差分（反映中の{version}と比較）', en: 'Changes (against active {version})' },
  'editor.source_label': { ja: '{file} のYAML', en: 'YAML of {file}' },
  'editor.diagram': { ja: '状態遷移図（編集中の内容）', en: 'State diagram (as edited)' },
  'editor.diagram_stale': {
    ja: 'YAMLにエラーがあるため、最後に正しく読み込めた内容の図を表示しています。',
    en: 'The YAML has errors: this is the diagram of the last version that loaded.',
  },
  'editor.diagram_none': { ja: '図はまだありません', en: 'No diagram yet' },
  'editor.checking': { ja: '検証中…', en: 'Checking…' },
  'editor.pending': { ja: '入力を検証します…', en: 'Will check your changes…' },
  'editor.valid': { ja: '問題はありません', en: 'No problems found' },
  'editor.invalid': { ja: 'エラーが {count} 件あります', en: '{count} errors' },
  'editor.check_failed': { ja: '検証できませんでした', en: 'Could not check' },
  'editor.diagnostics': { ja: 'エラーの一覧', en: 'Errors' },
  'editor.at_line': { ja: '行 {line}', en: 'Line {line}' },
  'editor.at_file_line': { ja: '{file} 行 {line}', en: '{file} line {line}' },
  'editor.go_to_line': { ja: '{where} へ移動', en: 'Go to {where}' },
  'editor.dirty': { ja: '未反映の変更あり', en: 'Unsaved changes' },
  'editor.clean': { ja: '反映中の版と同じ', en: 'Same as the active version' },
  'editor.revert': { ja: '反映中の版に戻す', en: 'Revert to active version' },
  'editor.revert_confirm': { ja: '編集中の変更を破棄して、反映中の版に戻しますか？', en: 'Discard your changes and return to the active version?' },
  'editor.no_changes': { ja: '反映中の版との違いはありません', en: 'No differences from the active version' },
  'editor.scenarios': { ja: 'シナリオ実行', en: 'Run scenarios' },
  'editor.scenarios_running': { ja: 'シナリオを実行中…', en: 'Running scenarios…' },
  'editor.scenario_results': { ja: 'シナリオの結果', en: 'Scenario results' },
  'editor.scenario_summary': { ja: '合格 {passed} 件・不合格 {failed} 件', en: '{passed} passed, {failed} failed' },
  'editor.scenario_none': { ja: 'このワークフローのシナリオはありません', en: 'This workflow has no scenarios' },
  'editor.scenario_result': { ja: '結果', en: 'Result' },
  'editor.scenario_name': { ja: 'シナリオ', en: 'Scenario' },
  'editor.scenario_file': { ja: 'ファイル', en: 'File' },
  'editor.scenario_message': { ja: '内容', en: 'Message' },
  'editor.pass': { ja: '合格', en: 'Passed' },
  'editor.fail': { ja: '不合格', en: 'Failed' },
  'editor.scenario_edited': { ja: '編集中の内容で実行しました', en: 'Run against the edited source' },
  'editor.deploy': { ja: '新しい版として反映', en: 'Deploy as a new version' },
  'editor.deploy_title': { ja: '新しい版として反映しますか？', en: 'Deploy as a new version?' },
  'editor.deploy_body': {
    ja: '「{name}」の編集中の内容を新しい版として反映します。反映後に始まるケースから新しい版が使われます。',
    en: 'The edited "{name}" becomes a new version. Cases started after this use it.',
  },
  'editor.deploy_pinned': {
    ja: '進行中のケースは、開始したときの版（現在の{version}など）のまま進み、新しい版には切り替わりません。',
    en: 'Running cases keep the version they started with (such as the current {version}); they do not switch.',
  },
  'editor.deploy_invalid': { ja: 'エラーがあるため反映できません。先にエラーを直してください。', en: 'Fix the errors first: an invalid definition cannot be deployed.' },
  'editor.deploy_confirm': { ja: '反映する', en: 'Deploy' },
  'editor.deploying': { ja: '反映中…', en: 'Deploying…' },
  'editor.deployed_new': {
    ja: '{version}として反映しました（前の版は{previous}）。',
    en: 'Deployed as {version} (previously {previous}).',
  },
  'editor.deployed_same': { ja: '内容に変更がないため、{version}のままです。', en: 'Nothing changed: still {version}.' },
  'editor.deployed_pinned': {
    ja: '{previous}で進行中のケースは{previous}のまま進みます。これから始まるケースは{version}を使います。',
    en: 'Cases running on {previous} stay on {previous}; cases started from now on use {version}.',
  },
  'editor.pinned_note': {
    ja: '進行中のケースは、開始したときの版のまま進みます（反映しても途中で切り替わりません）。新しい版は、反映後に始まるケースから使われます。',
    en: 'Running cases stay on the version they started with (deploying does not move them); a new version applies to cases started after it.',
  },
  'editor.cases_link': { ja: 'このワークフローのケース一覧（各ケースの版を表示）', en: "This workflow's cases (each shows its version)" },
  'editor.versions': { ja: '版の履歴', en: 'Version history' },
  'editor.history_diagram': { ja: '{version}の状態遷移図', en: 'State diagram of {version}' },
  'editor.close': { ja: '閉じる', en: 'Close' },
});

const VALIDATE_DELAY_MS = 400;

// CodeMirror's own words (fold markers, lint panel, collapsed diff lines).
const JA_PHRASES = {
  '$ unchanged lines': '変更のない $ 行',
  Diagnostics: 'エラー一覧',
  'No diagnostics': 'エラーはありません',
  close: '閉じる',
  'folded code': '折りたたまれた部分',
  unfold: '展開',
  'Folded lines': '折りたたまれた行',
  'Unfolded lines': '展開された行',
  'Fold line': 'この行を折りたたむ',
  'Unfold line': 'この行を展開',
  'Control character': '制御文字',
};

function phrases() {
  return EditorState.phrases.of(currentLanguage() === 'ja' ? JA_PHRASES : {});
}

// Edits not yet deployed, per workflow and base version: they survive a
// re-render (language or date style switch) and a visit to another page.
const drafts = new Map();

/** YAML-friendly Enter: the new line keeps the indentation, one level more after "key:". */
function newlineKeepingIndent(view) {
  const { state } = view;
  view.dispatch(state.changeByRange((range) => {
    const line = state.doc.lineAt(range.from);
    const before = line.text.slice(0, range.from - line.from);
    let indent = /^[ ]*/.exec(line.text)[0];
    if (/:\s*$/.test(before) || /^\s*-\s*$/.test(before)) indent += '  ';
    const insert = `\n${indent}`;
    return { changes: { from: range.from, to: range.to, insert }, range: EditorSelection.cursor(range.from + insert.length) };
  }), { scrollIntoView: true, userEvent: 'input' });
  return true;
}

/** The editing extensions (line numbers, undo history, search, folding, highlighting, YAML, lint gutter). */
function editorSetup() {
  return [
    lineNumbers(),
    history(),
    highlightSelectionMatches(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    foldGutter(),
    drawSelection(),
    dropCursor(),
    EditorState.allowMultipleSelections.of(true),
    indentOnInput(),
    syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
    bracketMatching(),
    closeBrackets(),
    rectangularSelection(),
    crosshairCursor(),
    highlightActiveLine(),
    EditorState.tabSize.of(2),
    EditorView.lineWrapping,
    keymap.of([
      { key: 'Enter', run: newlineKeepingIndent },
      ...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...foldKeymap, ...lintKeymap,
      indentWithTab,
    ]),
    yaml(),
    phrases(),
  ];
}

/** Position range in `doc` of a 1-based line/column (column 0: the whole line). */
function rangeAt(doc, line, column) {
  const at = doc.line(Math.min(Math.max(line, 1), doc.lines));
  if (!column || column < 1) return { from: at.from, to: at.to };
  const from = Math.min(at.from + column - 1, at.to);
  const word = /^[^\s:,[\]{}]+/.exec(doc.sliceString(from, at.to));
  return { from, to: word ? from + word[0].length : at.to };
}

function rootText(source, id) {
  const files = source.files ?? {};
  if (source.root && files[source.root] !== undefined) return { name: source.root, text: files[source.root] };
  const name = Object.keys(files).find((f) => f === `${id}.yaml` || f.endsWith(`/${id}.yaml`));
  return name ? { name, text: files[name] } : { name: `${id}.yaml`, text: '' };
}

/** "maibara.yaml" for a root given as a path. */
function baseName(path) {
  return String(path).split('/').pop();
}

export async function render(root, params) {
  const id = params.id;
  const current = renderGuard(root);
  replace(root, pageHeader(t('editor.title')), loading());
  const [definition, source, list] = await Promise.all([
    api('GET', `/workflows/${encodeURIComponent(id)}`),
    api('GET', `/workflows/${encodeURIComponent(id)}/source`),
    api('GET', '/workflows'),
  ]);
  if (!current()) return;
  const name = label(definition.title, id);
  const summary = list.workflows.find((w) => w.id === id);
  const rootFile = rootText(source, id);
  const fileName = baseName(rootFile.name);
  const state = {
    version: source.version,
    deployedText: rootFile.text,
    lastGoodSvg: null,
    diagnostics: [],
    valid: true,
    seq: 0,
    timer: 0,
  };
  const draftKey = () => `${id}@${state.version}`;
  const initialText = drafts.get(draftKey()) ?? state.deployedText;

  // --- header, facts and the version note
  const versionBadge = h('strong', { id: 'active-version' }, versionText(state.version));
  const deployedFacts = h('span', { class: 'muted' },
    summary ? t('editor.deployed', { at: formatDateTime(summary.deployed_at), by: summary.deployed_by }) : '');
  const dirtyBadge = h('span', { class: 'badge muted', id: 'dirty-state' });
  const runButton = h('button', { type: 'button', id: 'run-scenarios', onclick: () => runScenarios() }, t('editor.scenarios'));
  const deployButton = h('button', { type: 'button', class: 'primary', id: 'deploy', onclick: () => confirmDeploy() }, t('editor.deploy'));
  const revertButton = h('button', { type: 'button', id: 'revert', onclick: () => revert() }, t('editor.revert'));

  // --- editor and diff tabs
  const editorHost = h('div', { class: 'editor-host', id: 'editor-panel', role: 'tabpanel', 'aria-labelledby': 'tab-edit' });
  const diffHost = h('div', { class: 'editor-host diff-host', id: 'diff-panel', role: 'tabpanel', 'aria-labelledby': 'tab-diff', hidden: true });
  const editTab = h('button', { type: 'button', role: 'tab', id: 'tab-edit', 'aria-selected': 'true', 'aria-controls': 'editor-panel',
    onclick: () => showTab('edit') }, t('editor.tab_edit'));
  const diffTab = h('button', { type: 'button', role: 'tab', id: 'tab-diff', 'aria-selected': 'false', 'aria-controls': 'diff-panel',
    onclick: () => showTab('diff') }, t('editor.tab_diff', { version: versionText(state.version) }));
  const tabs = h('div', { class: 'tabs', role: 'tablist', 'aria-label': t('editor.tabs'), onkeydown: (e) => {
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      const next = e.target === editTab ? diffTab : editTab;
      next.focus();
      next.click();
    }
  } }, editTab, diffTab);

  const status = h('p', { class: 'editor-status', id: 'validation-status', role: 'status', 'aria-live': 'polite' });
  const diagList = h('ul', { class: 'diagnostics', id: 'diagnostics', 'aria-label': t('editor.diagnostics') });
  const viewer = diagramViewer({ height: '62vh' });
  const staleNote = h('p', { class: 'stale-note', id: 'diagram-stale', hidden: true }, t('editor.diagram_stale'));
  const deployResult = h('div', { id: 'deploy-result', 'aria-live': 'polite' });
  const scenarioBox = h('section', { class: 'panel', id: 'scenario-results', hidden: true, 'aria-labelledby': 'scenario-heading' });
  const versionsBox = h('div', { class: 'versions', id: 'versions' });
  const historyViewer = diagramViewer({ height: '50vh' });
  const historyTitle = h('h3', { class: 'history-diagram-title' });
  const historyDiagram = h('div', { class: 'history-diagram', hidden: true },
    h('div', { class: 'panel-heading' }, historyTitle, historyViewer.tools), historyViewer.element,
    h('button', { type: 'button', onclick: () => { historyDiagram.hidden = true; } }, t('editor.close')));

  const view = new EditorView({
    parent: editorHost,
    state: EditorState.create({
      doc: initialText,
      extensions: [
        editorSetup(),
        lintGutter(),
        EditorView.contentAttributes.of({ 'aria-label': t('editor.source_label', { file: fileName }) }),
        EditorView.updateListener.of((update) => {
          if (!update.docChanged) return;
          const text = update.state.doc.toString();
          if (text === state.deployedText) drafts.delete(draftKey());
          else drafts.set(draftKey(), text);
          updateDirty();
          scheduleValidate();
        }),
      ],
    }),
  });
  let diffView = null;

  const pinnedNote = h('div', { class: 'pinned-note', id: 'pinned-note' },
    h('p', {}, t('editor.pinned_note')),
    can('cases') ? h('a', { href: `#/cases?workflow=${encodeURIComponent(id)}` }, t('editor.cases_link')) : null);

  replace(
    root,
    h('p', { class: 'breadcrumb' }, h('a', { href: `#/workflows?id=${encodeURIComponent(id)}` }, `← ${t('editor.back')}`)),
    pageHeader(t('editor.heading', { name }), revertButton, runButton, deployButton),
    h('div', { class: 'editor-facts' },
      h('span', {}, `${t('editor.file')}: `, h('code', {}, fileName)),
      h('span', {}, `${t('editor.base_version')}: `, versionBadge),
      deployedFacts,
      dirtyBadge),
    pinnedNote,
    deployResult,
    h('div', { class: 'editor-layout' },
      h('div', { class: 'editor-pane' }, tabs, editorHost, diffHost, status, diagList),
      h('div', { class: 'diagram-column' },
        h('div', { class: 'panel-heading' }, h('h2', {}, t('editor.diagram')), viewer.tools), staleNote, viewer.element)),
    scenarioBox,
    h('section', { class: 'panel', 'aria-labelledby': 'versions-heading' },
      h('h2', { id: 'versions-heading' }, t('editor.versions')), versionsBox, historyDiagram),
  );
  viewer.message(h('p', { class: 'muted' }, t('editor.diagram_none')));
  updateDirty();
  refreshVersions();
  validate();

  function updateDirty() {
    const dirty = view.state.doc.toString() !== state.deployedText;
    dirtyBadge.className = `badge ${dirty ? 'warn' : 'muted'}`;
    dirtyBadge.textContent = dirty ? t('editor.dirty') : t('editor.clean');
    revertButton.disabled = !dirty;
  }

  function refreshVersions() {
    return renderVersions(versionsBox, id, {
      onShow: (version) => {
        historyTitle.textContent = t('editor.history_diagram', { version: versionText(version) });
        historyDiagram.hidden = false;
        loadDiagram(historyViewer, id, name, { version });
      },
    });
  }

  function showTab(which) {
    const diff = which === 'diff';
    editTab.setAttribute('aria-selected', String(!diff));
    diffTab.setAttribute('aria-selected', String(diff));
    editTab.tabIndex = diff ? -1 : 0;
    diffTab.tabIndex = diff ? 0 : -1;
    editorHost.hidden = diff;
    diffHost.hidden = !diff;
    diffView?.destroy();
    diffView = null;
    replace(diffHost);
    if (!diff) {
      view.focus();
      return;
    }
    const current = view.state.doc.toString();
    if (current === state.deployedText) {
      replace(diffHost, h('p', { class: 'muted no-diff' }, t('editor.no_changes')));
      return;
    }
    diffView = new EditorView({
      parent: diffHost,
      state: EditorState.create({
        doc: current,
        extensions: [
          lineNumbers(),
          phrases(),
          EditorView.lineWrapping,
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          yaml(),
          EditorState.readOnly.of(true),
          EditorView.editable.of(false),
          EditorView.contentAttributes.of({ 'aria-label': t('editor.tab_diff', { version: versionText(state.version) }) }),
          unifiedMergeView({ original: state.deployedText, mergeControls: false, collapseUnchanged: { margin: 3, minSize: 6 } }),
        ],
      }),
    });
  }

  // --- validation as you type
  function scheduleValidate() {
    state.seq += 1;  // answers to earlier texts are dropped
    clearTimeout(state.timer);
    setStatus('pending', t('editor.pending'));
    state.timer = setTimeout(validate, VALIDATE_DELAY_MS);
  }

  function setStatus(kind, text) {
    status.className = `editor-status ${kind}`;
    status.textContent = text;
  }

  async function validate() {
    if (!view.dom.isConnected) return;
    const seq = ++state.seq;
    const text = view.state.doc.toString();
    setStatus('pending', t('editor.checking'));
    let answer;
    try {
      answer = await api('POST', '/workflows/validate', { body: { workflow: id, source: text } });
    } catch (error) {
      if (seq === state.seq) setStatus('error', `${t('editor.check_failed')}: ${errorText(error)}`);
      return;
    }
    if (seq !== state.seq || !view.dom.isConnected) return;
    showDiagnostics(answer.diagnostics ?? []);
    state.valid = Boolean(answer.ok);
    if (answer.ok) setStatus('ok', t('editor.valid'));
    else if (!answer.diagnostics?.length) setStatus('error', t('editor.invalid', { count: 1 }));
    if (answer.ok && answer.svg && viewer.show(answer.svg, name)) state.lastGoodSvg = answer.svg;
    staleNote.hidden = answer.ok || !state.lastGoodSvg;
  }

  /** Marks the errors in the editor (root file only) and lists them all below it. */
  function showDiagnostics(diagnostics) {
    state.diagnostics = diagnostics;
    const doc = view.state.doc;
    const inRoot = (d) => !d.file || baseName(d.file) === fileName;
    const marks = diagnostics.filter(inRoot).map((d) => ({
      ...rangeAt(doc, d.line || 1, d.column),
      severity: 'error',
      source: 'kasane',
      message: d.message,
    }));
    view.dispatch(setDiagnostics(view.state, marks));
    if (diagnostics.length) setStatus('error', t('editor.invalid', { count: diagnostics.length }));
    replace(diagList, diagnostics.map((d) => {
      const where = inRoot(d)
        ? t('editor.at_line', { line: d.line || 1 })
        : t('editor.at_file_line', { file: d.file, line: d.line || 1 });
      const text = `${where}: ${d.message}`;
      if (!inRoot(d)) return h('li', {}, text);
      return h('li', {}, h('button', { type: 'button', class: 'link diagnostic', 'aria-label': `${text}（${t('editor.go_to_line', { where })}）`,
        dataset: { line: String(d.line || 1) },
        onclick: () => {
          showTab('edit');
          const { from } = rangeAt(view.state.doc, d.line || 1, d.column);
          view.dispatch({ selection: { anchor: from }, scrollIntoView: true });
          view.focus();
        } }, text));
    }));
  }

  // --- scenarios
  async function runScenarios() {
    runButton.disabled = true;
    scenarioBox.hidden = false;
    replace(scenarioBox, h('h2', { id: 'scenario-heading' }, t('editor.scenario_results')),
      h('p', { class: 'muted', 'aria-busy': 'true' }, t('editor.scenarios_running')));
    scenarioBox.scrollIntoView({ block: 'nearest' });
    const text = view.state.doc.toString();
    try {
      const answer = await api('POST', `/workflows/${encodeURIComponent(id)}/scenarios`, { body: { source: text } });
      const allPassed = answer.failed === 0 && answer.passed > 0;
      replace(
        scenarioBox,
        h('div', { class: 'panel-heading' },
          h('h2', { id: 'scenario-heading' }, t('editor.scenario_results')),
          badge(t('editor.scenario_summary', { passed: answer.passed, failed: answer.failed }), allPassed ? 'ok' : answer.failed ? 'danger' : 'muted')),
        h('p', { class: 'muted small' }, t('editor.scenario_edited')),
        table(
          [
            { title: t('editor.scenario_result'), value: (r) => (r.ok ? badge(`✓ ${t('editor.pass')}`, 'ok') : badge(`✗ ${t('editor.fail')}`, 'danger')) },
            { title: t('editor.scenario_name'), value: (r) => r.name || '—' },
            { title: t('editor.scenario_file'), value: (r) => h('code', {}, r.file) },
            answer.results.some((r) => r.message)
              ? { title: t('editor.scenario_message'), class: 'message', value: (r) => (r.message ? h('pre', { class: 'scenario-message' }, r.message) : '') }
              : null,
          ].filter(Boolean),
          answer.results,
          { caption: t('editor.scenario_results'), empty: t('editor.scenario_none'),
            rowAttrs: (r) => ({ class: r.ok ? 'scenario-pass' : 'scenario-fail' }) },
        ),
      );
    } catch (error) {
      const diagnostics = error.problem?.diagnostics;
      if (diagnostics) showDiagnostics(diagnostics);
      replace(scenarioBox, h('h2', { id: 'scenario-heading' }, t('editor.scenario_results')), errorBox(error));
    } finally {
      runButton.disabled = false;
    }
  }

  // --- deployment
  function confirmDeploy() {
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'deploy-title' });
    const close = () => {
      dialog.close();
      dialog.remove();
      deployButton.focus();
    };
    const errorsFirst = !state.valid || state.diagnostics.length > 0;
    replace(
      dialog,
      h('h2', { id: 'deploy-title' }, t('editor.deploy_title')),
      h('p', {}, t('editor.deploy_body', { name })),
      h('p', { class: 'pinned-note' }, t('editor.deploy_pinned', { version: versionText(state.version) })),
      errorsFirst ? h('p', { class: 'error-box' }, t('editor.deploy_invalid')) : null,
      h('div', { class: 'dialog-actions' },
        h('button', { type: 'button', onclick: close }, t('common.cancel')),
        h('button', { type: 'button', class: 'primary', id: 'deploy-confirm', disabled: errorsFirst, onclick: async () => {
          close();
          await deploy();
        } }, t('editor.deploy_confirm'))),
    );
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      close();
    });
    document.body.append(dialog);
    dialog.showModal();
  }

  async function deploy() {
    deployButton.disabled = true;
    const label0 = deployButton.textContent;
    deployButton.textContent = t('editor.deploying');
    const text = view.state.doc.toString();
    try {
      const answer = await api('POST', `/workflows/${encodeURIComponent(id)}/versions`, { body: { source: text } });
      const previous = state.version;
      drafts.delete(draftKey());
      state.version = answer.version;
      state.deployedText = text;
      versionBadge.textContent = versionText(answer.version);
      diffTab.textContent = t('editor.tab_diff', { version: versionText(answer.version) });
      const message = answer.changed
        ? t('editor.deployed_new', { version: versionText(answer.version), previous: versionText(answer.previous ?? previous) })
        : t('editor.deployed_same', { version: versionText(answer.version) });
      replace(deployResult, h('div', { class: 'ok-box', role: 'status', id: 'deploy-message' },
        h('p', {}, message),
        answer.changed
          ? h('p', { class: 'small' }, t('editor.deployed_pinned', { previous: versionText(answer.previous ?? previous), version: versionText(answer.version) }))
          : null));
      updateDirty();
      if (!diffHost.hidden) showTab('diff');
      const history = await refreshVersions();
      const active = history?.versions.find((v) => v.active);
      deployedFacts.textContent = active ? t('editor.deployed', { at: formatDateTime(active.deployed_at), by: active.deployed_by }) : '';
    } catch (error) {
      const diagnostics = error.problem?.diagnostics;
      if (diagnostics) showDiagnostics(diagnostics);
      replace(deployResult, errorBox(error));
    } finally {
      deployButton.disabled = false;
      deployButton.textContent = label0;
    }
  }

  function revert() {
    if (!window.confirm(t('editor.revert_confirm'))) return;
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: state.deployedText } });
    drafts.delete(draftKey());
  }
}
