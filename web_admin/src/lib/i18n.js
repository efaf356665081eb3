// Japanese first, English alongside. Each module registers its own strings
// with register({ key: { ja, en } }); t(key, vars) picks the current
// language and fills {name} placeholders. The choice persists per browser.

const strings = new Map();
const listeners = new Set();
let language = localStorage.getItem('kasane.lang') === 'en' ? 'en' : 'ja';
let wareki = localStorage.getItem('kasane.wareki') === '1';

export function register(dict) {
  for (const [key, value] of Object.entries(dict)) strings.set(key, value);
}

export function t(key, vars = {}) {
  const entry = strings.get(key);
  let text = entry ? entry[language] ?? entry.ja : key;
  for (const [name, value] of Object.entries(vars)) text = text.replaceAll(`{${name}}`, String(value));
  return text;
}

/** A {ja, en} label from the API in the current language. */
export function label(localized, fallback = '') {
  if (!localized) return fallback;
  if (typeof localized === 'string') return localized;
  return (language === 'en' ? localized.en || localized.ja : localized.ja || localized.en) || fallback;
}

export function currentLanguage() {
  return language;
}

export function setLanguage(lang) {
  language = lang === 'en' ? 'en' : 'ja';
  localStorage.setItem('kasane.lang', language);
  document.documentElement.lang = language;
  for (const fn of listeners) fn();
}

export function useWareki() {
  return wareki;
}

export function setWareki(on) {
  wareki = Boolean(on);
  localStorage.setItem('kasane.wareki', wareki ? '1' : '0');
  for (const fn of listeners) fn();
}

/** Called after the language or the date style changes (the app re-renders). */
export function onPreferencesChange(fn) {
  listeners.add(fn);
}

document.documentElement.lang = language;

register({
  'app.title': { ja: '重層的支援 ケース管理', en: 'Multi-layered support cases' },
  'common.loading': { ja: '読み込み中…', en: 'Loading…' },
  'common.save': { ja: '保存', en: 'Save' },
  'common.cancel': { ja: 'キャンセル', en: 'Cancel' },
  'common.search': { ja: '検索', en: 'Search' },
  'common.filter': { ja: '絞り込み', en: 'Filter' },
  'common.all': { ja: 'すべて', en: 'All' },
  'common.none': { ja: 'なし', en: 'None' },
  'common.yes': { ja: 'はい', en: 'Yes' },
  'common.no': { ja: 'いいえ', en: 'No' },
  'common.csv': { ja: 'CSV出力', en: 'Export CSV' },
  'common.more': { ja: 'さらに読み込む', en: 'Load more' },
  'common.error': { ja: 'エラー', en: 'Error' },
  'common.back': { ja: '戻る', en: 'Back' },
  'common.empty': { ja: '該当するものはありません', en: 'Nothing to show' },
  'common.date': { ja: '日時', en: 'Date' },
  'error.unauthorized': { ja: 'ログインしてください', en: 'Please log in' },
  'error.forbidden': { ja: 'この操作の権限がありません', en: 'You may not do this' },
  'error.not_found': { ja: '見つかりません（権限がない場合も同じ表示です）', en: 'Not found (also shown when you may not see it)' },
  'error.conflict': { ja: '他の人が先に更新しました。画面を更新してください', en: 'Someone changed it first; reload' },
  'error.network': { ja: 'サーバーに接続できません', en: 'Cannot reach the server' },
});
