// What the staff pages (land editors' imports, the appeals queue) share: signing in with HTTP Basic
// against /api/v1/me, calling the API with those credentials, and showing the server's explanation
// of an error. No session and no cookie: the credentials live in this page only.

import { t } from './i18n.js';

const $ = (selector) => document.querySelector(selector);
let credentials = null;

// X-Requested-With: the server then answers a wrong password without a challenge, and the browser
// does not open its own login dialog
export function authorization(token = credentials) {
  return { Authorization: `Basic ${token}`, 'X-Requested-With': 'XMLHttpRequest' };
}

/** The server's explanation of a refused request: its problem detail, else the HTTP status. */
export async function problem(response) {
  try {
    const body = await response.json();
    return body.detail || body.title || `HTTP ${response.status}`;
  } catch (e) {
    return `HTTP ${response.status}`;
  }
}

/** Calls the API as the signed-in staff member; rejects with the server's explanation. */
export async function api(path, options = {}) {
  const response = await fetch(path, { ...options, headers: { ...authorization(), ...(options.headers || {}) } });
  if (!response.ok) {
    throw new Error(await problem(response));
  }
  const type = response.headers.get('Content-Type') || '';
  return type.includes('json') ? response.json() : response.text();
}

/** Shows {@code message}; {@code detail}, when given, below it in smaller type. */
export function showError(message, detail = '') {
  const alert = $('[data-testid=error]');
  alert.querySelector('.alert-text').textContent = message;
  let small = alert.querySelector('.alert-detail');
  if (detail && !small) {
    small = document.createElement('small');
    small.className = 'alert-detail';
    small.dataset.testid = 'error-detail';
    alert.querySelector('.alert-text').after(small);
  }
  if (small) {
    small.textContent = detail;
    small.hidden = !detail;
  }
  alert.hidden = false;
}

export function clearError() {
  $('[data-testid=error]').hidden = true;
}

/**
 * Checks the sign-in form's credentials against /api/v1/me and keeps them when the account holds one
 * of {@code roles}; otherwise shows why not (texts `<texts>.badLogin`, `.changePassword`, `.notAllowed`).
 * Returns the account, or null.
 */
export async function signIn(form, roles, texts) {
  clearError();
  const pair = `${form.username.value}:${form.password.value}`;
  const token = btoa(String.fromCharCode(...new TextEncoder().encode(pair)));
  const response = await fetch('/api/v1/me', { headers: authorization(token) });
  if (!response.ok) {
    showError(response.status === 401 ? t(`${texts}.badLogin`) : await problem(response));
    return null;
  }
  const me = await response.json();
  if (me.mustChangePassword) {
    showError(t(`${texts}.changePassword`));
    return null;
  }
  if (!roles.some((role) => me.roles.includes(role))) {
    showError(t(`${texts}.notAllowed`));
    return null;
  }
  credentials = token;
  form.password.value = '';
  $('[data-testid=sign-in]').hidden = true;
  $('[data-testid=signed-in]').hidden = false;
  $('[data-testid=signed-in] .who').textContent = me.username;
  return me;
}

/** Forgets the credentials and shows the sign-in form again. */
export function signOut() {
  credentials = null;
  $('[data-testid=signed-in]').hidden = true;
  $('[data-testid=sign-in]').hidden = false;
}
