// The staff's appeals page: moderators, agency officials and administrators sign in, work through
// the queue (overdue first) and take the steps of an appeal's life their role allows. The citizen's
// own text and contact are shown here only. Every value from the server is put on the page as text,
// never as markup.

import { element } from './dom.js';
import * as session from './staff-session.js';
import { api, authorization, clearError, problem, showError } from './staff-session.js';
import { formatDate, formatDateTime, initialLanguage, language, nameOf, onLanguageChange, setLanguage, t } from './i18n.js';

const $ = (selector) => document.querySelector(selector);
const STATUSES = ['new', 'under_review', 'routed', 'in_progress', 'answered', 'resolved', 'rejected', 'merged'];
const CATEGORIES = ['housing', 'land', 'utilities', 'roads', 'education', 'health', 'social_aid', 'employment',
  'public_services', 'corruption'];
const PAGE_SIZE = 50;
const FORM_ACTIONS = ['route', 'reject', 'merge', 'answer', 'resolve'];

let page = 1;
let queue = null; // the last page of the queue
let appeal = null; // the appeal open in the detail

function agencyName(agency) {
  return agency ? agency[`name_${language()}`] || agency.name_ru || agency.code : '';
}

// ---------------------------------------------------------------------------------------------
// signing in

async function signIn(event) {
  event.preventDefault();
  const me = await session.signIn(event.target, ['moderator', 'agency_official', 'admin'], 'staff');
  if (!me) {
    return;
  }
  $('[data-testid=queue]').hidden = false;
  page = 1;
  await loadQueue();
}

function signOut() {
  session.signOut();
  queue = null;
  appeal = null;
  for (const section of ['queue', 'detail']) {
    $(`[data-testid=${section}]`).hidden = true;
  }
  $('[data-testid=queue-table] tbody').replaceChildren();
}

// ---------------------------------------------------------------------------------------------
// the queue

function fillFilters() {
  const status = $('[data-testid=filters] select[name=status]');
  const category = $('[data-testid=filters] select[name=category]');
  const keep = [status.value, category.value];
  status.replaceChildren(element('option', null, t('staff.any')),
    ...STATUSES.map((s) => Object.assign(element('option', null, nameOf('appealStatus', s)), { value: s })));
  status.options[0].value = '';
  category.replaceChildren(element('option', null, t('staff.any')),
    ...CATEGORIES.map((c) => Object.assign(element('option', null, nameOf('appealCategory', c)), { value: c })));
  category.options[0].value = '';
  [status.value, category.value] = keep;
}

async function loadQueue() {
  const form = $('[data-testid=filters]');
  const params = new URLSearchParams({ page: String(page), size: String(PAGE_SIZE) });
  for (const name of ['status', 'category', 'agency', 'q']) {
    if (form[name].value.trim()) {
      params.set(name, form[name].value.trim());
    }
  }
  if (form.overdue.checked) {
    params.set('overdue', 'true');
  }
  queue = await api(`/api/v1/staff/appeals?${params}`);
  renderQueue();
}

function renderQueue() {
  if (!queue) {
    return;
  }
  const body = $('[data-testid=queue-table] tbody');
  if (queue.items.length === 0) {
    const cell = element('td', 'hint', t('staff.empty'));
    cell.colSpan = 6;
    body.replaceChildren(element('tr', null));
    body.firstChild.append(cell);
  } else {
    body.replaceChildren(...queue.items.map((item) => {
      const row = element('tr', item.overdue ? 'overdue' : null);
      row.dataset.testid = 'queue-row';
      row.dataset.code = item.tracking_code;
      const open = element('button', 'link', item.tracking_code);
      open.type = 'button';
      open.addEventListener('click', () => openAppeal(item.tracking_code).catch((e) => showError(e.message)));
      const code = element('td');
      code.append(open);
      const due = element('td', null, item.due_date ? formatDate(item.due_date) : '');
      if (item.overdue) {
        due.append(' ', element('span', 'badge badge-overdue', t('staff.overdue')));
      }
      row.append(code, element('td', null, nameOf('appealCategory', item.category)),
        element('td', null, nameOf('appealStatus', item.status)), element('td', null, formatDateTime(item.created_at)),
        due, element('td', null, item.agency || ''));
      return row;
    }));
  }
  $('[data-testid=total]').textContent = t('staff.total', { total: queue.total });
  $('[data-testid=prev]').hidden = page <= 1;
  $('[data-testid=next]').hidden = page * PAGE_SIZE >= queue.total;
}

// ---------------------------------------------------------------------------------------------
// one appeal

async function openAppeal(code) {
  clearError();
  appeal = await api(`/api/v1/staff/appeals/${encodeURIComponent(code)}`);
  $('[data-testid=result]').textContent = '';
  renderAppeal();
  $('[data-testid=detail]').hidden = false;
  $('[data-testid=detail]').scrollIntoView({ block: 'start' });
}

function facts(list, rows) {
  list.replaceChildren();
  for (const [label, value] of rows) {
    if (value === null || value === undefined || value === '') {
      continue;
    }
    list.append(element('dt', null, label), element('dd', null, value));
  }
}

function renderAppeal() {
  if (!appeal) {
    return;
  }
  const a = appeal;
  const detail = $('[data-testid=detail]');
  detail.querySelector('.code').textContent = a.tracking_code;
  $('[data-testid=detail-status]').textContent = nameOf('appealStatus', a.status);
  $('[data-testid=detail-overdue]').hidden = !a.overdue;
  facts($('[data-testid=facts]'), [
    [t('staff.category'), nameOf('appealCategory', a.category)],
    [t('staff.region'), a.region ? a.region[`name_${language()}`] : ''],
    [t('staff.agency'), agencyName(a.agency)],
    [t('staff.created'), formatDateTime(a.created_at)],
    [t('staff.due'), a.due_date ? formatDate(a.due_date) : ''],
    [t('staff.channel'), a.channel],
    [t('staff.language'), a.language],
    [t('staff.supports'), a.support_count ? String(a.support_count) : ''],
    [t('staff.mergedInto'), a.merged_into],
    [t('staff.rating'), a.rating ? `${a.rating} / 5` : ''],
  ]);
  $('[data-testid=private-text]').textContent = a.text;
  const contact = $('[data-testid=contact]');
  if (a.contact) {
    facts(contact, [[t('staff.contactName'), a.contact.name], [t('staff.phone'), a.contact.phone], [t('staff.email'), a.contact.email]]);
  } else {
    contact.replaceChildren(element('dd', 'hint', t('staff.noContact')));
  }
  $('[data-testid=public-text]').textContent = a.public_text || '';
  $('[data-testid=text-private-note]').hidden = !a.text_private;
  const publicForm = $('[data-testid=public-text-form]');
  publicForm.hidden = !a.actions.includes('public_text');
  publicForm.public_text.value = a.public_text || '';
  $('[data-testid=answer-box]').hidden = !a.answer_text;
  $('[data-testid=answer]').textContent = a.answer_text || '';

  $('[data-testid=attachments]').replaceChildren(...a.attachments.map((f) => {
    const link = element('button', 'link', `${f.n}. ${f.kind} (${f.media_type}) — ${t(f.author === 'agency' ? 'staff.fromAgency' : 'staff.fromCitizen')}`);
    link.type = 'button';
    link.addEventListener('click', () => openFile(f.href).catch((e) => showError(e.message)));
    const item = element('li');
    item.append(link);
    return item;
  }));
  $('[data-testid=timeline]').replaceChildren(...a.timeline.map((s) => {
    const item = element('li', null, `${formatDateTime(s.at)} — ${nameOf('appealStatus', s.status)} (${t(`staff.role.${s.actor_role}`)})`);
    if (s.reason) {
      item.append(element('div', 'reason', s.reason));
    }
    return item;
  }));

  for (const button of document.querySelectorAll('.actions [data-action]')) {
    button.hidden = !a.actions.includes(button.dataset.action);
  }
  for (const form of document.querySelectorAll('form[data-action]')) {
    form.hidden = !a.actions.includes(form.dataset.action);
  }
  $('[data-testid=no-actions]').hidden = a.actions.some((x) => x !== 'public_text');
  const suggestion = $('[data-testid=route-form] select[name=suggestion]');
  suggestion.replaceChildren(element('option', null, '—'),
    ...a.agency_suggestions.map((g) => Object.assign(element('option', null, `${agencyName(g)} (${g.code})`), { value: g.code })));
  suggestion.options[0].value = '';
}

/** Staff files need the credentials, which a plain link would not send: fetched, then shown from memory. */
async function openFile(href) {
  const response = await fetch(href, { headers: authorization() });
  if (!response.ok) {
    throw new Error(await problem(response));
  }
  const url = URL.createObjectURL(await response.blob());
  window.open(url, '_blank', 'noopener');
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

async function act(action, body) {
  clearError();
  const code = appeal.tracking_code;
  const path = `/api/v1/staff/appeals/${encodeURIComponent(code)}/${action}`;
  const options = body instanceof FormData
    ? { method: 'POST', body }
    : { method: action === 'public-text' ? 'PATCH' : 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body || {}) };
  appeal = await api(path, options);
  renderAppeal();
  $('[data-testid=result]').textContent = t('staff.done', { status: nameOf('appealStatus', appeal.status) });
  await loadQueue();
}

function formBody(form) {
  const value = (name) => (form[name] && form[name].value.trim()) || null;
  switch (form.dataset.action) {
    case 'route': return { agency: value('agency'), reason: value('reason') };
    case 'reject': return { reason: value('reason') };
    case 'merge': return { into: value('into'), reason: value('reason') };
    case 'resolve': return { reason: value('reason') };
    case 'answer': {
      const data = new FormData();
      data.append('text', form.text.value);
      for (const file of form.files.files) {
        data.append('files', file, file.name);
      }
      return data;
    }
    default: return {};
  }
}

// ---------------------------------------------------------------------------------------------

async function start() {
  for (const button of document.querySelectorAll('[data-lang]')) {
    button.addEventListener('click', () => setLanguage(button.dataset.lang));
  }
  onLanguageChange(() => {
    fillFilters();
    renderQueue();
    renderAppeal();
  });
  await setLanguage(initialLanguage());
  $('[data-testid=sign-in-form]').addEventListener('submit', (e) => signIn(e).catch((err) => showError(err.message)));
  $('[data-testid=sign-out]').addEventListener('click', signOut);
  $('[data-testid=error] .alert-close').addEventListener('click', clearError);
  $('[data-testid=filters]').addEventListener('submit', (e) => {
    e.preventDefault();
    page = 1;
    loadQueue().catch((err) => showError(err.message));
  });
  $('[data-testid=prev]').addEventListener('click', () => { page -= 1; loadQueue().catch((e) => showError(e.message)); });
  $('[data-testid=next]').addEventListener('click', () => { page += 1; loadQueue().catch((e) => showError(e.message)); });
  for (const button of document.querySelectorAll('.actions [data-action]')) {
    button.addEventListener('click', () => act(button.dataset.action).catch((e) => showError(e.message)));
  }
  for (const action of FORM_ACTIONS) {
    const form = $(`form[data-action=${action}]`);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      act(action, formBody(form)).then(() => form.reset()).catch((err) => showError(err.message));
    });
  }
  $('[data-testid=route-form] select[name=suggestion]').addEventListener('change', (e) => {
    if (e.target.value) {
      $('[data-testid=route-form] input[name=agency]').value = e.target.value;
    }
  });
  $('[data-testid=public-text-form]').addEventListener('submit', (e) => {
    e.preventDefault();
    act('public-text', { public_text: e.target.public_text.value }).catch((err) => showError(err.message));
  });
}

start().catch((e) => showError(e.message));
