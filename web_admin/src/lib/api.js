// The JSON API client: same-origin fetch with the session cookie, the CSRF
// token on state-changing calls, and RFC 7807 problems thrown as ApiError.

let csrfToken = '';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || `HTTP ${status}`);
    this.status = status;
    this.code = problem?.code || 'unknown';
    this.problem = problem || {};
  }
}

export function setCsrfToken(token) {
  csrfToken = token || '';
}

/**
 * api('GET', '/cases', { query: { q } }) / api('POST', '/cases', { body })
 * Paths are relative to /api/v1. Extra headers (e.g. Idempotency-Key) in `headers`.
 */
export async function api(method, path, { body, query, headers = {}, raw = false } = {}) {
  const url = new URL(`/api/v1${path}`, window.location.origin);
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v));
  }
  const init = { method, headers: { Accept: 'application/json', ...headers }, credentials: 'same-origin' };
  if (method !== 'GET' && method !== 'HEAD') init.headers['X-CSRF-Token'] = csrfToken;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(url, init);
  if (raw && response.ok) return response;
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

/** A fresh idempotency key for one user action (retries reuse it). */
export function newIdempotencyKey() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
