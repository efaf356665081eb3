// The console's shell: hash routes, the top bar (user, language, 和暦) and the
// side menu, shown according to the user's permissions. Pages live in
// pages/*.js and export render(root, params).
import { h, replace } from './lib/dom.js';
import { currentLanguage, label, onPreferencesChange, register, setLanguage, setWareki, t, useWareki } from './lib/i18n.js';
import { can, currentUser, loadMe, logout } from './lib/session.js';
import { errorBox } from './lib/ui.js';
import * as loginPage from './pages/login.js';
import * as dashboardPage from './pages/dashboard.js';
import * as casesPage from './pages/cases.js';
import * as casePage from './pages/case.js';
import * as workflowsPage from './pages/workflows.js';
import * as editorPage from './pages/editor.js';
import * as pluginsPage from './pages/plugins.js';
import * as directoryPage from './pages/directory.js';
import * as auditPage from './pages/audit.js';

register({
  'nav.dashboard': { ja: 'ダッシュボード', en: 'Dashboard' },
  'nav.cases': { ja: 'ケース一覧', en: 'Cases' },
  'nav.workflows': { ja: 'ワークフロー', en: 'Workflows' },
  'nav.plugins': { ja: 'プラグイン', en: 'Plugins' },
  'nav.directory': { ja: '職員・役割・機関', en: 'Users, roles, agencies' },
  'nav.audit': { ja: '監査ログ', en: 'Audit log' },
  'nav.logout': { ja: 'ログアウト', en: 'Log out' },
  'nav.language': { ja: 'English', en: '日本語' },
  'nav.wareki': { ja: '和暦で表示', en: 'Japanese era dates' },
  'nav.menu': { ja: 'メインメニュー', en: 'Main menu' },
  'role.tenant_admin': { ja: '業務管理者', en: 'Tenant administrator' },
  'role.auditor': { ja: '監査担当', en: 'Auditor' },
});

// Routes in match order. `permission` hides the menu entry and guards the page.
const ROUTES = [
  { path: '/login', page: loginPage, public: true },
  { path: '/', page: dashboardPage, nav: 'nav.dashboard', permission: 'cases' },
  { path: '/cases', page: casesPage, nav: 'nav.cases', permission: 'cases' },
  { path: '/cases/:id', page: casePage, permission: 'cases' },
  { path: '/workflows', page: workflowsPage, nav: 'nav.workflows', permission: 'workflows.read' },
  { path: '/workflows/:id/edit', page: editorPage, permission: 'workflows.admin' },
  { path: '/plugins', page: pluginsPage, nav: 'nav.plugins', permission: 'workflows.read' },
  { path: '/directory', page: directoryPage, nav: 'nav.directory', permission: 'directory' },
  { path: '/audit', page: auditPage, nav: 'nav.audit', permission: 'audit' },
];

function match(pattern, path) {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const params = {};
  for (let i = 0; i < want.length; i += 1) {
    if (want[i].startsWith(':')) {
      if (!got[i]) return null;
      params[want[i].slice(1)] = decodeURIComponent(got[i]);
    } else if (want[i] !== got[i]) {
      return null;
    }
  }
  return params;
}

function currentPath() {
  const hash = window.location.hash.replace(/^#/, '') || '/';
  return hash.split('?')[0];
}

export function navigate(path) {
  if (window.location.hash === `#${path}`) render();
  else window.location.hash = path;
}

/** The first page this user may open (admins and auditors have no dashboard). */
function homePath() {
  const first = ROUTES.find((r) => r.nav && can(r.permission));
  return first ? first.path : '/login';
}

function renderTopbar() {
  const me = currentUser();
  const bar = document.getElementById('topbar');
  replace(
    bar,
    h('a', { class: 'brand', href: '#/' }, h('img', { src: '/favicon.svg', alt: '' }), h('span', {}, 'kasane'),
      h('span', { class: 'brand-sub' }, t('app.title'))),
    h(
      'div',
      { class: 'topbar-tools' },
      h('label', { class: 'toggle' },
        h('input', { type: 'checkbox', checked: useWareki(), onchange: (e) => setWareki(e.target.checked), id: 'wareki-toggle' }),
        t('nav.wareki')),
      h('button', { type: 'button', class: 'link', id: 'lang-toggle', lang: currentLanguage() === 'ja' ? 'en' : 'ja',
        onclick: () => setLanguage(currentLanguage() === 'ja' ? 'en' : 'ja') }, t('nav.language')),
      me
        ? [
            h('span', { class: 'who' }, `${me.user.name}（${me.agencyLabel ? label(me.agencyLabel) : me.agency || t(`role.${me.role}`)}）`),
            h('button', { type: 'button', class: 'secondary', onclick: async () => { await logout(); navigate('/login'); } },
              t('nav.logout')),
          ]
        : null,
    ),
  );
}

function renderNav(activePath) {
  const nav = document.getElementById('sidenav');
  nav.setAttribute('aria-label', t('nav.menu'));
  if (!currentUser()) {
    nav.hidden = true;
    return;
  }
  nav.hidden = false;
  replace(
    nav,
    h('ul', {}, ROUTES.filter((r) => r.nav && can(r.permission)).map((r) => {
      const active = r.path === '/' ? activePath === '/' : activePath.startsWith(r.path);
      return h('li', {}, h('a', { href: `#${r.path}`, 'aria-current': active ? 'page' : false }, t(r.nav)));
    })),
  );
}

let renderCount = 0;

export async function render() {
  const ticket = ++renderCount;
  const path = currentPath();
  const main = document.getElementById('main');
  if (!currentUser() && path !== '/login') await loadMe();
  if (ticket !== renderCount) return;
  let route = null;
  let params = null;
  for (const r of ROUTES) {
    params = match(r.path, path);
    if (params) {
      route = r;
      break;
    }
  }
  if (!currentUser() && !route?.public) {
    navigate('/login');
    return;
  }
  if (route && !route.public && !can(route.permission)) {
    navigate(homePath());
    return;
  }
  renderTopbar();
  renderNav(path);
  if (!route) {
    replace(main, errorBox({ code: 'not_found' }));
    return;
  }
  // Each render draws into a container of its own: a slower, older page that
  // finishes late writes into a container no longer on screen.
  const root = h('div', { class: 'page' });
  replace(main, root);
  try {
    await route.page.render(root, params, { navigate, home: homePath });
  } catch (error) {
    if (ticket !== renderCount) return;
    if (error?.status === 401) {
      navigate('/login');
      return;
    }
    replace(root, errorBox(error));
  }
}

window.addEventListener('hashchange', render);
onPreferencesChange(render);
render();
