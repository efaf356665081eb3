// プラグイン / Plugins: the Lua plugins the tenant's workflows use, with the
// workflows using each; a plugin's config schema, each workflow's config and
// its source (read only).
import { api } from '../lib/api.js';
import { h, replace } from '../lib/dom.js';
import { label, register, t } from '../lib/i18n.js';
import { badge, errorBox, loading, pageHeader, table } from '../lib/ui.js';
import { renderGuard } from './workflows.js';

register({
  'plugins.title': { ja: 'プラグイン', en: 'Plugins' },
  'plugins.caption': { ja: 'ワークフローが使うプラグイン', en: 'Plugins used by the workflows' },
  'plugins.name': { ja: '名前', en: 'Name' },
  'plugins.version': { ja: 'バージョン', en: 'Version' },
  'plugins.description': { ja: '説明', en: 'Description' },
  'plugins.used_by': { ja: '使っているワークフロー', en: 'Used by' },
  'plugins.functions': { ja: '関数', en: 'Functions' },
  'plugins.functions_value': { ja: '判定 {guards}・処理 {actions}', en: '{guards} guards, {actions} actions' },
  'plugins.show': { ja: '詳細', en: 'Details' },
  'plugins.show_label': { ja: '{name} の詳細', en: 'Details of {name}' },
  'plugins.showing': { ja: '表示中', en: 'Shown' },
  'plugins.none': { ja: 'プラグインを使うワークフローはありません', en: 'No workflow uses a plugin' },
  'plugins.guards': { ja: '判定（guards）', en: 'Guards' },
  'plugins.actions': { ja: '処理（actions）', en: 'Actions' },
  'plugins.schema': { ja: '設定項目（config）', en: 'Configuration schema' },
  'plugins.schema_none': { ja: '設定項目はありません', en: 'No configuration' },
  'plugins.key': { ja: '項目', en: 'Key' },
  'plugins.type': { ja: '型', en: 'Type' },
  'plugins.required': { ja: '必須', en: 'Required' },
  'plugins.default': { ja: '既定値', en: 'Default' },
  'plugins.configs': { ja: 'ワークフローごとの設定', en: 'Configuration per workflow' },
  'plugins.config_of': { ja: '{workflow}（プラグイン {version}）', en: '{workflow} (plugin {version})' },
  'plugins.source': { ja: 'ソース（Lua・読み取り専用）', en: 'Source (Lua, read only)' },
  'plugins.source_label': { ja: '{name} のLuaソース', en: 'Lua source of {name}' },
  'plugins.lines': { ja: '{count} 行', en: '{count} lines' },
});

const TYPE_NAMES = {
  string: { ja: '文字列', en: 'string' },
  integer: { ja: '整数', en: 'integer' },
  number: { ja: '数値', en: 'number' },
  boolean: { ja: '真偽値', en: 'boolean' },
  list: { ja: 'リスト', en: 'list' },
  map: { ja: '表', en: 'map' },
};

function typeText(spec) {
  if (!spec || typeof spec !== 'object') return '';
  const name = TYPE_NAMES[spec.type] ? label(TYPE_NAMES[spec.type]) : String(spec.type ?? '');
  const inner = spec.items ?? spec.values;
  return inner?.type ? `${name}<${typeText(inner)}>` : name;
}

function defaultText(value, type) {
  if (value === undefined) return '';
  // An empty Lua table arrives as []; for a map it means {}.
  if (type === 'map' && Array.isArray(value) && !value.length) return '{}';
  if (typeof value === 'string') return value === '' ? '""' : value;
  return JSON.stringify(value);
}

/**
 * The schema as rows: nested tables become dotted keys ("task.kind"), the
 * entries of a map "routes.*.agencies", of a list "items[].name".
 */
function schemaRows(schema, prefix = '', depth = 0) {
  const rows = [];
  for (const key of Object.keys(schema ?? {}).sort()) {
    const spec = schema[key];
    if (!spec || typeof spec !== 'object') continue;
    const path = `${prefix}${key}`;
    rows.push({ path, depth, spec });
    if (spec.fields) rows.push(...schemaRows(spec.fields, `${path}.`, depth + 1));
    if (spec.values?.fields) rows.push(...schemaRows(spec.values.fields, `${path}.*.`, depth + 1));
    if (spec.items?.fields) rows.push(...schemaRows(spec.items.fields, `${path}[].`, depth + 1));
  }
  return rows;
}

function selectedName(plugins) {
  const query = new URLSearchParams(window.location.hash.split('?')[1] || '');
  const wanted = query.get('name');
  return plugins.some((p) => p.name === wanted) ? wanted : plugins[0]?.name;
}

async function renderDetail(box, name) {
  replace(box, loading());
  let plugin;
  try {
    plugin = await api('GET', `/plugins/${encodeURIComponent(name)}`);
  } catch (error) {
    replace(box, errorBox(error));
    return;
  }
  const rows = schemaRows(plugin.config_schema);
  const source = String(plugin.source ?? '');
  const lineCount = source ? source.split('\n').length : 0;
  replace(
    box,
    h('span', { class: 'panel-kicker' }, t('plugins.title')),
    h('h2', { id: 'plugin-heading' }, `${plugin.name} `, h('span', { class: 'muted' }, plugin.version)),
    plugin.description ? h('p', { class: 'plugin-description' }, label(plugin.description)) : null,
    h('dl', { class: 'facts' },
      h('dt', {}, t('plugins.guards')),
      h('dd', {}, plugin.guards.length ? plugin.guards.map((g) => h('code', { class: 'fn' }, `${plugin.name}.${g}`)) : t('common.none')),
      h('dt', {}, t('plugins.actions')),
      h('dd', {}, plugin.actions.length ? plugin.actions.map((a) => h('code', { class: 'fn' }, `${plugin.name}.${a}`)) : t('common.none'))),
    h('h3', {}, t('plugins.schema')),
    table(
      [
        { title: t('plugins.key'), value: (r) => h('code', { class: `schema-key depth-${Math.min(r.depth, 3)}` }, r.path) },
        { title: t('plugins.type'), class: 'nowrap', value: (r) => typeText(r.spec) },
        { title: t('plugins.required'), value: (r) => (r.spec.required ? badge(t('plugins.required'), 'warn') : '') },
        { title: t('plugins.default'), value: (r) => h('code', {}, defaultText(r.spec.default, r.spec.type)) },
        { title: t('plugins.description'), value: (r) => label(r.spec.description, '') },
      ],
      rows,
      { caption: t('plugins.schema'), empty: t('plugins.schema_none') },
    ),
    h('h3', {}, t('plugins.configs')),
    plugin.configs.map((c) => h('details', { class: 'plugin-config' },
      h('summary', {}, t('plugins.config_of', { workflow: c.workflow, version: c.version })),
      h('pre', { class: 'code' }, JSON.stringify(c.config, null, 2)))),
    h('h3', {}, t('plugins.source'), ' ', h('span', { class: 'muted small' }, t('plugins.lines', { count: lineCount }))),
    h('pre', { class: 'code lua-source', tabindex: '0', 'aria-label': t('plugins.source_label', { name: plugin.name }) },
      h('code', {}, source)),
  );
}

export async function render(root) {
  const current = renderGuard(root);
  replace(root, pageHeader(t('plugins.title')), loading());
  const { plugins } = await api('GET', '/plugins');
  if (!current()) return;
  if (!plugins.length) {
    replace(root, pageHeader(t('plugins.title')), h('p', { class: 'muted' }, t('plugins.none')));
    return;
  }
  const selected = selectedName(plugins);
  const detail = h('section', { class: 'panel', id: 'plugin-detail', 'aria-labelledby': 'plugin-heading' });
  replace(
    root,
    pageHeader(t('plugins.title')),
    h('section', { class: 'panel' }, table(
      [
        { title: t('plugins.name'), class: 'nowrap', value: (p) => h('code', {}, p.name) },
        { title: t('plugins.version'), value: (p) => p.version },
        { title: t('plugins.description'), value: (p) => label(p.description, '') },
        { title: t('plugins.used_by'), value: (p) => (p.workflows ?? []).map((w) => badge(w, 'muted')) },
        { title: t('plugins.functions'), class: 'nowrap', value: (p) => t('plugins.functions_value', { guards: p.guards.length, actions: p.actions.length }) },
        {
          title: '',
          class: 'row-actions',
          value: (p) => (p.name === selected
            ? badge(t('plugins.showing'))
            : h('a', { href: `#/plugins?name=${encodeURIComponent(p.name)}`, class: 'button small-button',
              'aria-label': t('plugins.show_label', { name: p.name }) }, t('plugins.show'))),
        },
      ],
      plugins,
      { caption: t('plugins.caption'), rowAttrs: (p) => ({ class: p.name === selected ? 'selected' : null }) },
    )),
    detail,
  );
  await renderDetail(detail, selected);
}
