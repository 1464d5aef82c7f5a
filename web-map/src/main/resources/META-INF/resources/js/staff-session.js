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
  return (await refusal(response)).message;
}

/**
 * A refused request as an Error: its message the server's explanation, {@code status} the HTTP status
 * and {@code problem} the problem detail (with its {@code code} or {@code parameter}, when it has them).
 */
export async function refusal(response) {
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    // not JSON: the status says it
  }
  const said = (body && (body.detail || body.title)) || `HTTP ${response.status}`;
  return Object.assign(new Error(said), { status: response.status, problem: body || {} });
}

/**
 * Calls the API as the signed-in staff member; rejects with the server's explanation ({@link refusal}),
 * or, when no answer came at all, with an Error marked {@code network}.
 */
export async function api(path, options = {}) {
  let response;
  try {
    response = await fetch(path, { ...options, headers: { ...authorization(), ...(options.headers || {}) } });
  } catch (e) {
    throw Object.assign(new Error(e.message), { network: true });
  }
  if (!response.ok) {
    throw await refusal(response);
  }
  const type = response.headers.get('Content-Type') || '';
  return type.includes('json') ? response.json() : response.text();
}

let home = null; // where the error box stands in the page's markup

/**
 * Shows {@code message}; {@code detail}, when given, below it in smaller type. With {@code near}, the box
 * stands right after that element (the form or progress bar the failure belongs to), scrolled into view
 * and focused; without, in its place at the top of the page.
 */
export function showError(message, detail = '', near = null) {
  const alert = $('[data-testid=error]');
  if (!home) {
    home = { parent: alert.parentNode, next: alert.nextSibling };
  }
  if (near) {
    near.after(alert);
  } else if (alert.parentNode !== home.parent || alert.nextSibling !== home.next) {
    home.parent.insertBefore(alert, home.next);
  }
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
  if (near) {
    alert.tabIndex = -1;
    alert.focus({ preventScroll: true });
    alert.scrollIntoView({ block: 'nearest' });
  }
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
