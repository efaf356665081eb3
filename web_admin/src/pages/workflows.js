// ワークフロー / Workflows: the tenant's workflows, the state diagram and the
// version history of the one selected. The diagram and history helpers are
// shared with the editor (pages/editor.js).
import { api } from '../lib/api.js';
import { h, replace } from '../lib/dom.js';
import { currentLanguage, label, register, t } from '../lib/i18n.js';
import { formatDateTime } from '../lib/format.js';
import { can } from '../lib/session.js';
import { badge, errorBox, loading, pageHeader, table } from '../lib/ui.js';

register({
  'workflows.title': { ja: 'ワークフロー', en: 'Workflows' },
  'workflows.caption': { ja: 'この自治体のワークフロー', en: "This municipality's workflows" },
  'workflows.name': { ja: 'ワークフロー', en: 'Workflow' },
  'workflows.id': { ja: 'ID', en: 'ID' },
  'workflows.active_version': { ja: '反映中の版', en: 'Active version' },
  'workflows.deployed_at': { ja: '反映日時', en: 'Deployed at' },
  'workflows.deployed_by': { ja: '反映した人', en: 'Deployed by' },
  'workflows.size': { ja: '状態・遷移', en: 'States, transitions' },
  'workflows.size_value': { ja: '状態 {states}・遷移 {transitions}', en: '{states} states, {transitions} transitions' },
  'workflows.show': { ja: '図と履歴', en: 'Diagram and history' },
  'workflows.showing': { ja: '表示中', en: 'Shown' },
  'workflows.edit': { ja: '編集', en: 'Edit' },
  'workflows.edit_label': { ja: '{name} を編集', en: 'Edit {name}' },
  'workflows.diagram': { ja: '状態遷移図', en: 'State diagram' },
  'workflows.diagram_of': { ja: '状態遷移図（{version}）', en: 'State diagram ({version})' },
  'workflows.version_n': { ja: '版#{version}', en: 'version #{version}' },
  'workflows.diagram_alt': { ja: '{name} の状態遷移図', en: 'State diagram of {name}' },
  'workflows.diagram_failed': { ja: '図を表示できません', en: 'The diagram cannot be shown' },
  'workflows.fit': { ja: '全体', en: 'Fit' },
  'workflows.zoom': { ja: '図の拡大・縮小', en: 'Zoom' },
  'workflows.zoom_in': { ja: '拡大', en: 'Zoom in' },
  'workflows.zoom_out': { ja: '縮小', en: 'Zoom out' },
  'workflows.left_to_right': { ja: '左から右へ', en: 'Left to right' },
  'workflows.versions': { ja: '版の履歴', en: 'Version history' },
  'workflows.version': { ja: '版', en: 'Version' },
  'workflows.hash': { ja: '内容のハッシュ', en: 'Content hash' },
  'workflows.status': { ja: '状態', en: 'Status' },
  'workflows.active': { ja: '反映中', en: 'Active' },
  'workflows.previous': { ja: '過去の版', en: 'Earlier' },
  'workflows.view_diagram': { ja: '図を表示', en: 'Show diagram' },
  'workflows.view_diagram_label': { ja: '{version}の図を表示', en: 'Show the diagram of {version}' },
  'workflows.pinned_note': {
    ja: '進行中のケースは、開始したときの版のまま進みます。新しい版は、反映後に始まるケースから使われます。',
    en: 'Running cases stay on the version they started with; a new version applies to cases started after it is deployed.',
  },
  'workflows.cases_link': { ja: 'このワークフローのケース一覧（各ケースの版を表示）', en: "This workflow's cases (each shows its version)" },
  'workflows.none': { ja: 'この自治体にはワークフローがありません', en: 'This municipality has no workflows' },
});

/**
 * A check for a page's render that awaited: false once another render of
 * `root` started (the user moved on, or switched language) — the late
 * answer must not overwrite the newer page.
 */
export function renderGuard(root) {
  const token = Symbol('render');
  const hash = window.location.hash;
  root.kasaneRender = token;
  return () => root.kasaneRender === token && window.location.hash === hash;
}

/**
 * "版#12" / "version #12": a stored definition version by its id, as the case
 * pages show it too. Ids count across all workflows of the server, so they
 * are shown as numbers, not as ordinals (第N版).
 */
export function versionText(version) {
  return t('workflows.version_n', { version });
}

/**
 * The <svg> element of an SVG document text, parsed as image/svg+xml (never
 * as HTML) and imported into this document with anything active removed:
 * scripts, foreign HTML, event handlers and links. Null when it does not parse.
 */
export function parseSvg(text) {
  const doc = new DOMParser().parseFromString(String(text ?? ''), 'image/svg+xml');
  const root = doc.documentElement;
  if (!root || root.localName !== 'svg' || doc.getElementsByTagName('parsererror').length) return null;
  for (const el of [...root.querySelectorAll('script, foreignObject, iframe, object, embed, style')]) el.remove();
  for (const el of [root, ...root.querySelectorAll('*')]) {
    for (const attr of [...el.attributes]) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on') || name === 'href' || name === 'xlink:href' || name === 'style') el.removeAttribute(attr.name);
    }
  }
  // Graphviz draws links as <a> around nodes; without targets they only distract.
  for (const a of [...root.querySelectorAll('a')]) a.replaceWith(...a.childNodes);
  const svg = document.importNode(root, true);
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  svg.setAttribute('role', 'img');
  svg.setAttribute('focusable', 'false');
  return svg;
}

/** The natural width (px) of a Graphviz SVG from its viewBox, or 0. */
function naturalWidth(svg) {
  const box = (svg.getAttribute('viewBox') || '').split(/[\s,]+/).map(Number);
  return box.length === 4 && box[2] > 0 ? box[2] * (96 / 72) : 0;
}

const ZOOM_LEVELS = [0.25, 0.35, 0.5, 0.75, 1, 1.25, 1.5, 2];

/**
 * A diagram viewer with zoom: fit to the pane's width (the default) or a
 * scale of the drawing's natural size. `show(svgText, name)` replaces the
 * drawing and keeps the zoom. Returns { element, tools, show, message }:
 * `tools` (the zoom buttons) is part of `element` unless the caller moves it.
 */
export function diagramViewer({ height, initialScale = null } = {}) {
  let scale = initialScale;  // null: fit to width
  let current = null;
  const canvas = h('div', { class: 'diagram-canvas' });
  const pane = h('div', { class: 'diagram-pane', style: height ? `height:${height}` : null }, canvas);
  const level = h('span', { class: 'zoom-level', 'aria-live': 'polite' });
  const fitButton = h('button', { type: 'button', class: 'small-button', onclick: () => setScale(null) }, t('workflows.fit'));
  const smaller = h('button', { type: 'button', class: 'small-button', 'aria-label': t('workflows.zoom_out'),
    title: t('workflows.zoom_out'), onclick: () => step(-1) }, '−');
  const larger = h('button', { type: 'button', class: 'small-button', 'aria-label': t('workflows.zoom_in'),
    title: t('workflows.zoom_in'), onclick: () => step(1) }, '+');
  const tools = h('div', { class: 'diagram-tools', role: 'group', 'aria-label': t('workflows.zoom') }, smaller, level, larger, fitButton);
  const element = h('div', { class: 'diagram-viewer' }, tools, pane);

  function fitScale() {
    const width = current ? naturalWidth(current) : 0;
    const room = pane.clientWidth - 20;
    return width && room > 0 ? Math.min(1, room / width) : 1;
  }

  function step(direction) {
    const now = scale ?? fitScale();
    const next = direction > 0 ? ZOOM_LEVELS.find((z) => z > now + 0.001) : [...ZOOM_LEVELS].reverse().find((z) => z < now - 0.001);
    if (next) setScale(next);
  }

  function setScale(value) {
    scale = value;
    apply();
  }

  function apply() {
    fitButton.setAttribute('aria-pressed', String(scale === null));
    level.textContent = current ? `${Math.round((scale ?? fitScale()) * 100)}%` : '';
    if (!current) return;
    const width = naturalWidth(current);
    current.style.width = scale === null || !width ? '100%' : `${Math.round(width * scale)}px`;
    current.style.maxWidth = scale === null ? '100%' : 'none';
  }

  apply();
  return {
    element,
    tools,
    show(text, name) {
      const svg = parseSvg(text);
      if (!svg) return false;
      svg.setAttribute('aria-label', t('workflows.diagram_alt', { name }));
      current = svg;
      replace(canvas, svg);
      apply();
      return true;
    },
    message(node) {
      current = null;
      replace(canvas, node);
    },
  };
}

/** Loads the state diagram of `id` (a version, or the active one) into `viewer`. */
export async function loadDiagram(viewer, id, name, { version, leftToRight = false } = {}) {
  viewer.message(loading());
  try {
    const response = await api('GET', `/workflows/${encodeURIComponent(id)}/diagram`, {
      query: { format: 'svg', lang: currentLanguage(), lr: leftToRight ? 1 : 0, version },
      headers: { Accept: 'image/svg+xml' },
      raw: true,
    });
    if (!viewer.show(await response.text(), name)) viewer.message(errorBox(t('workflows.diagram_failed')));
  } catch (error) {
    viewer.message(errorBox(error));
  }
}

/**
 * The version history table of workflow `id` (newest first), into `box`.
 * `onShow(version)` adds a "show diagram" button per version.
 */
export async function renderVersions(box, id, { onShow } = {}) {
  replace(box, loading());
  let answer;
  try {
    answer = await api('GET', `/workflows/${encodeURIComponent(id)}/versions`);
  } catch (error) {
    replace(box, errorBox(error));
    return null;
  }
  const versions = [...answer.versions].sort((a, b) => b.id - a.id);
  const columns = [
    { title: t('workflows.version'), class: 'num', value: (v) => versionText(v.id) },
    { title: t('workflows.status'), value: (v) => (v.active ? badge(t('workflows.active'), 'ok') : badge(t('workflows.previous'), 'muted')) },
    { title: t('workflows.deployed_at'), value: (v) => formatDateTime(v.deployed_at) },
    { title: t('workflows.deployed_by'), value: (v) => v.deployed_by },
    { title: t('workflows.hash'), value: (v) => h('code', { title: v.content_hash }, String(v.content_hash).slice(0, 12)) },
  ];
  if (onShow) {
    columns.push({ title: '', value: (v) => h('button', { type: 'button', class: 'small-button',
      'aria-label': t('workflows.view_diagram_label', { version: versionText(v.id) }),
      onclick: () => onShow(v.id) }, t('workflows.view_diagram')) });
  }
  replace(box, table(columns, versions, {
    caption: t('workflows.versions'),
    rowAttrs: (v) => ({ class: v.active ? 'active-version' : null, dataset: { version: String(v.id) } }),
  }));
  return answer;
}

function selectedId(workflows) {
  const query = new URLSearchParams(window.location.hash.split('?')[1] || '');
  const wanted = query.get('id');
  return workflows.some((w) => w.id === wanted) ? wanted : workflows[0]?.id;
}

export async function render(root) {
  const current = renderGuard(root);
  replace(root, pageHeader(t('workflows.title')), loading());
  const { workflows } = await api('GET', '/workflows');
  if (!current()) return;
  if (!workflows.length) {
    replace(root, pageHeader(t('workflows.title')), h('p', { class: 'muted' }, t('workflows.none')));
    return;
  }
  const selected = selectedId(workflows);
  const admin = can('workflows.admin');
  const list = table(
    [
      { title: t('workflows.name'), value: (w) => h('span', {}, h('strong', {}, label(w.title, w.id)), h('br'), h('code', { class: 'muted small' }, w.id)) },
      { title: t('workflows.active_version'), class: 'num', value: (w) => versionText(w.version) },
      { title: t('workflows.deployed_at'), value: (w) => formatDateTime(w.deployed_at) },
      { title: t('workflows.deployed_by'), value: (w) => w.deployed_by },
      { title: t('workflows.size'), value: (w) => t('workflows.size_value', { states: w.states, transitions: w.transitions }) },
      {
        title: '',
        class: 'row-actions',
        value: (w) => [
          w.id === selected
            ? badge(t('workflows.showing'))
            : h('a', { href: `#/workflows?id=${encodeURIComponent(w.id)}`, class: 'button small-button' }, t('workflows.show')),
          admin
            ? h('a', { href: `#/workflows/${encodeURIComponent(w.id)}/edit`, class: 'button small-button primary',
              'aria-label': t('workflows.edit_label', { name: label(w.title, w.id) }) }, t('workflows.edit'))
            : null,
        ],
      },
    ],
    workflows,
    { caption: t('workflows.caption'), rowAttrs: (w) => ({ class: w.id === selected ? 'selected' : null }) },
  );

  const workflow = workflows.find((w) => w.id === selected);
  const name = label(workflow.title, workflow.id);
  const viewer = diagramViewer({ height: '64vh' });
  const diagramTitle = h('h2', {}, t('workflows.diagram_of', { version: versionText(workflow.version) }));
  let shownVersion;
  let leftToRight = false;
  const direction = h('input', { type: 'checkbox', id: 'diagram-lr', onchange: (e) => {
    leftToRight = e.target.checked;
    loadDiagram(viewer, workflow.id, name, { version: shownVersion, leftToRight });
  } });
  const versionsBox = h('div', { class: 'versions' });
  const showVersion = (version) => {
    shownVersion = version;
    diagramTitle.textContent = t('workflows.diagram_of', { version: versionText(version) });
    loadDiagram(viewer, workflow.id, name, { version, leftToRight });
  };

  replace(
    root,
    pageHeader(t('workflows.title')),
    h('section', { class: 'panel' }, list),
    h('section', { class: 'panel', 'aria-labelledby': 'diagram-heading' },
      h('div', { class: 'panel-heading' },
        h('div', {}, h('span', { id: 'diagram-heading', class: 'panel-kicker' }, name), diagramTitle),
        h('div', { class: 'diagram-heading-tools' },
          h('label', { class: 'toggle', for: 'diagram-lr' }, direction, t('workflows.left_to_right')), viewer.tools)),
      viewer.element),
    h('section', { class: 'panel' },
      h('h2', {}, t('workflows.versions')),
      h('p', { class: 'muted small' }, t('workflows.pinned_note'), ' ',
        can('cases') ? h('a', { href: `#/cases?workflow=${encodeURIComponent(workflow.id)}` }, t('workflows.cases_link')) : null),
      versionsBox),
  );
  await Promise.all([
    loadDiagram(viewer, workflow.id, name, { leftToRight }),
    renderVersions(versionsBox, workflow.id, { onShow: showVersion }),
  ]);
}
