// ログイン / Log in.
import { h, replace } from '../lib/dom.js';
import { register, t } from '../lib/i18n.js';
import { login } from '../lib/session.js';
import { errorText } from '../lib/ui.js';

register({
  'login.title': { ja: 'ログイン', en: 'Log in' },
  'login.tenant': { ja: '自治体ID', en: 'Municipality ID' },
  'login.username': { ja: 'ユーザー名', en: 'User name' },
  'login.password': { ja: 'パスワード', en: 'Password' },
  'login.submit': { ja: 'ログイン', en: 'Log in' },
  'login.failed': { ja: '自治体ID、ユーザー名またはパスワードが違います', en: 'Wrong municipality, user name or password' },
  'login.locked': { ja: 'ログインの失敗が続いたため、しばらくしてからお試しください', en: 'Too many failed logins; try again later' },
  'login.note': {
    ja: 'この画面は個人情報（福祉に関する記録）を扱います。操作はすべて監査ログに記録されます。',
    en: 'This console holds confidential welfare records. Every action is recorded in the audit log.',
  },
});

export async function render(root, _params, { navigate, home }) {
  const message = h('p', { class: 'error-box', role: 'alert', hidden: true });
  const tenant = h('input', { id: 'tenant', name: 'tenant', autocomplete: 'organization', required: true,
    value: localStorage.getItem('kasane.tenant') || '' });
  const username = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true });
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const form = h(
    'form',
    { class: 'login-form', onsubmit: async (event) => {
      event.preventDefault();
      message.hidden = true;
      try {
        await login(tenant.value.trim(), username.value.trim(), password.value);
        localStorage.setItem('kasane.tenant', tenant.value.trim());
        navigate(home());
      } catch (error) {
        message.textContent = error.status === 401 ? t('login.failed') : error.status === 429 ? t('login.locked') : errorText(error);
        message.hidden = false;
        password.value = '';
        password.focus();
      }
    } },
    h('h1', {}, t('login.title')),
    h('label', { for: 'tenant' }, t('login.tenant')), tenant,
    h('label', { for: 'username' }, t('login.username')), username,
    h('label', { for: 'password' }, t('login.password')), password,
    message,
    h('button', { type: 'submit', class: 'primary' }, t('login.submit')),
    h('p', { class: 'muted small' }, t('login.note')),
  );
  replace(root, h('section', { class: 'login-page' }, form));
  (tenant.value ? username : tenant).focus();
}
