// Small shared pieces of the console: page header, messages, errors, tables.
import { h } from './dom.js';
import { t } from './i18n.js';

/** A page title (h1) with optional actions on the right. */
export function pageHeader(title, ...actions) {
  return h('div', { class: 'page-header' }, h('h1', {}, title), h('div', { class: 'page-actions' }, actions));
}

/** A message for an ApiError or any error, in the user's language. */
export function errorText(error) {
  if (error?.code && t(`error.${error.code}`) !== `error.${error.code}`) {
    const detail = error.problem?.detail;
    return detail && error.code !== 'not_found' ? `${t(`error.${error.code}`)}: ${detail}` : t(`error.${error.code}`);
  }
  if (error?.problem?.detail) return error.problem.detail;
  if (error instanceof TypeError) return t('error.network');
  return String(error?.message ?? error);
}

export function errorBox(error) {
  return h('div', { class: 'error-box', role: 'alert' }, errorText(error));
}

export function loading() {
  return h('p', { class: 'muted', 'aria-busy': 'true' }, t('common.loading'));
}

/** Shows a short message at the bottom of the screen. */
export function toast(message, kind = 'info') {
  const box = document.getElementById('toast');
  if (!box) return;
  box.className = `toast-${kind} visible`;
  box.textContent = message;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => box.classList.remove('visible'), 4000);
}

/**
 * A table: columns [{ title, value: row => node|string, class? }], rows.
 * `caption` is read by screen readers.
 */
export function table(columns, rows, { caption, empty = t('common.empty'), rowAttrs } = {}) {
  if (!rows.length) return h('p', { class: 'muted' }, empty);
  return h(
    'table',
    { class: 'data' },
    caption ? h('caption', { class: 'sr-only' }, caption) : null,
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.class }, c.title)))),
    h(
      'tbody',
      {},
      rows.map((row) => h('tr', rowAttrs ? rowAttrs(row) : {}, columns.map((c) => h('td', { class: c.class }, c.value(row))))),
    ),
  );
}

/** A labelled badge, e.g. a state or a status. */
export function badge(text, kind = '') {
  return h('span', { class: `badge ${kind}` }, text);
}
