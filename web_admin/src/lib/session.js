// Who is logged in: GET /api/v1/me, kept for the page's lifetime.
import { api, setCsrfToken } from './api.js';

let me = null;

/** The logged-in user ({user, role, agency, permissions, csrf_token}) or null. */
export async function loadMe() {
  try {
    me = await api('GET', '/me');
    setCsrfToken(me.csrf_token);
  } catch {
    me = null;
    return me;
  }
  // The agency's name for the top bar; its id when the directory cannot say.
  me.agencyLabel = null;
  if (me.agency && me.permissions?.includes('directory')) {
    try {
      const { agencies } = await api('GET', '/agencies');
      me.agencyLabel = agencies.find((a) => a.id === me.agency)?.label ?? null;
    } catch {
      me.agencyLabel = null;
    }
  }
  return me;
}

export function currentUser() {
  return me;
}

export function can(permission) {
  return Boolean(me?.permissions?.includes(permission));
}

export async function login(tenant, username, password) {
  me = await api('POST', '/login', { body: { tenant, username, password } });
  setCsrfToken(me.csrf_token);
  return loadMe();
}

export async function logout() {
  try {
    await api('POST', '/logout');
  } finally {
    me = null;
    setCsrfToken('');
  }
}
