// The page of one appeal, appeal.html?code=AM-XXXX-XXXX: what anyone may see of it (category, status,
// due date, public text, the citizen's photos, the timeline with its reasons, the agency's answer),
// "me too", and for whoever holds the secret given at submission a private appeal, the rating of the
// answer and one reopening. The secret comes in the URL fragment (#secret=…), which the browser never
// sends; the page then drops it from the address bar and sends it only in the X-Appeal-Secret header.

import { card, element } from './dom.js';
import {
  formatDate, formatDateTime, formatNumber, initialLanguage, language, nameOf, onLanguageChange, setLanguage, t,
} from './i18n.js';

const CODE = /^AM-[0-9A-Z]{4}-[0-9A-Z]{4}$/;
const SAFE_HREF = /^\/api\/v1\/appeals\/[A-Z0-9-]+\/attachments\/[0-9]+(\/thumbnail)?$/;

const $ = (selector) => document.querySelector(selector);

const view = $('[data-testid=appeal]');
const errorBox = $('[data-testid=appeal-error]');
const lookup = $('[data-testid=lookup]');

let code = null;
let secret = '';
let appeal = null;
/** A note under an action (support, rating, reopening) that survives a redraw. */
let actionNote = '';

async function problemDetail(response) {
  try {
    const problem = await response.json();
    if (problem && typeof problem.detail === 'string' && problem.detail) {
      return problem.detail;
    }
  } catch (e) {
    // not a problem document
  }
  return `HTTP ${response.status}`;
}

function headers(extra = {}) {
  const out = { Accept: 'application/json', ...extra };
  if (secret) {
    out['X-Appeal-Secret'] = secret;
  }
  return out;
}

async function load() {
  errorBox.textContent = '';
  if (!code) {
    view.hidden = true;
    return;
  }
  view.setAttribute('aria-busy', 'true');
  try {
    const response = await fetch(`/api/v1/appeals/track/${encodeURIComponent(code)}`, { headers: headers() });
    if (response.status === 404) {
      appeal = null;
      view.hidden = true;
      errorBox.textContent = t(secret ? 'appeal.notFoundSecret' : 'appeal.notFound', { code });
      return;
    }
    if (!response.ok) {
      throw new Error(await problemDetail(response));
    }
    appeal = await response.json();
    render();
  } catch (error) {
    errorBox.textContent = `${t('error.load')} ${error.message}`;
  } finally {
    view.setAttribute('aria-busy', 'false');
  }
}

/** A link to an attachment the server listed; anything else is not linked. */
function safeHref(href) {
  return typeof href === 'string' && SAFE_HREF.test(href) ? href : null;
}

function files(list, testid) {
  const box = element('ul', 'attachments');
  box.dataset.testid = testid;
  for (const file of list) {
    const href = safeHref(file.href);
    if (!href) {
      continue;
    }
    const item = element('li');
    const link = element('a');
    link.href = href;
    link.target = '_blank';
    link.rel = 'noopener';
    const thumbnail = safeHref(file.thumbnail_href);
    if (file.kind === 'photo') {
      const image = element('img');
      image.src = thumbnail || href;
      image.alt = t('appeal.photo', { n: file.n });
      image.loading = 'lazy';
      link.append(image);
    } else {
      link.textContent = `${t(`appeal.kind.${file.kind}`)} ${file.n}`;
      if (Number.isFinite(file.size_bytes)) {
        link.append(element('span', 'muted', ` (${formatNumber(Math.ceil(file.size_bytes / 1024))} KB)`));
      }
    }
    item.append(link);
    box.append(item);
  }
  return box;
}

function timeline(a) {
  const list = element('ol', 'timeline');
  list.dataset.testid = 'appeal-timeline';
  for (const step of a.timeline || []) {
    const item = element('li');
    item.append(element('span', 'when', step.at ? formatDateTime(step.at) : ''), document.createTextNode(' '),
      element('strong', null, nameOf('appealStatus', step.status)));
    if (step.reason) {
      item.append(element('div', 'reason', step.reason));
    }
    list.append(item);
  }
  return list;
}

function supportBlock(a) {
  const box = element('div', 'support');
  const count = element('span', 'support-count', t('appeal.supportCountValue', { n: formatNumber(a.support_count || 0) }));
  count.dataset.testid = 'support-count';
  const button = element('button', 'secondary', t('appeal.support'));
  button.type = 'button';
  button.dataset.testid = 'support';
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const response = await fetch(`/api/v1/appeals/${encodeURIComponent(a.tracking_code)}/support`, {
        method: 'POST', headers: { Accept: 'application/json' },
      });
      if (response.ok) {
        const answer = await response.json();
        appeal.support_count = answer.support_count;
        actionNote = t('appeal.supported');
      } else if (response.status === 409) {
        actionNote = t('appeal.alreadySupported');
      } else if (response.status === 429) {
        actionNote = t('appeal.tooMany');
      } else {
        actionNote = `${t('appeal.refused')}: ${await problemDetail(response)}`;
      }
    } catch (error) {
      actionNote = t('error.load');
    }
    render();
  });
  box.append(count, button);
  return box;
}

async function post(path, body) {
  const response = await fetch(`/api/v1/appeals/track/${encodeURIComponent(code)}/${path}`, {
    method: 'POST',
    headers: headers({ 'Content-Type': 'application/json' }),
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(await problemDetail(response));
  }
}

function ratingForm() {
  const form = element('form', 'rating');
  form.dataset.testid = 'rating-form';
  const fieldset = element('fieldset');
  fieldset.append(element('legend', null, t('appeal.rate')));
  for (let n = 1; n <= 5; n += 1) {
    const label = element('label', 'check');
    const input = element('input');
    input.type = 'radio';
    input.name = 'rating';
    input.value = String(n);
    input.required = true;
    label.append(input, element('span', null, `${n} ${t(`appeal.stars.${n}`)}`));
    fieldset.append(label);
  }
  const send = element('button', null, t('appeal.sendRating'));
  send.type = 'submit';
  form.append(fieldset, send);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = form.querySelector('input[name=rating]:checked');
    try {
      await post('rating', { rating: Number(chosen.value) });
      actionNote = t('appeal.rated');
      await load();
    } catch (error) {
      actionNote = `${t('appeal.refused')}: ${error.message}`;
      render();
    }
  });
  return form;
}

function reopenForm() {
  const form = element('form', 'reopen');
  form.dataset.testid = 'reopen-form';
  const label = element('label');
  label.append(element('span', null, t('appeal.reopenReason')));
  const reason = element('textarea');
  reason.name = 'reason';
  reason.required = true;
  reason.maxLength = 2000;
  reason.rows = 3;
  label.append(reason);
  const send = element('button', 'secondary', t('appeal.reopen'));
  send.type = 'submit';
  form.append(element('p', 'muted small', t('appeal.reopenOnce')), label, send);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await post('reopen', { reason: reason.value });
      actionNote = t('appeal.reopened');
      await load();
    } catch (error) {
      actionNote = `${t('appeal.refused')}: ${error.message}`;
      render();
    }
  });
  return form;
}

function render() {
  const a = appeal;
  if (!a) {
    return;
  }
  const lang = language();
  const status = element('span', null, nameOf('appealStatus', a.status));
  status.dataset.testid = 'appeal-status';
  if (a.overdue) {
    status.append(document.createTextNode(' '), element('span', 'badge badge-overdue', t('appeal.overdue')));
  }
  const facts = card(t('appeal.title'), [
    [t('appeal.trackingCode'), a.tracking_code],
    [t('appeal.category'), nameOf('appealCategory', a.category)],
    [t('appeal.status'), status],
    [t('appeal.submitted'), a.created_at ? formatDateTime(a.created_at) : null],
    [t('appeal.due'), a.due_date ? formatDate(a.due_date) : null],
    [t('appeal.agency'), a[`agency_name_${lang}`] || a.agency_name_ru],
    [t('appeal.rating'), Number.isFinite(a.rating) ? `${a.rating} / 5` : null],
  ]);
  view.replaceChildren(facts);
  if (a.text) {
    const text = element('p', 'text', a.text);
    text.dataset.testid = 'appeal-text';
    view.append(text);
  } else if (a.text_private) {
    view.append(element('p', 'text muted', t('appeal.textPrivate')));
  }
  if (a.attachments.length > 0) {
    view.append(element('h3', null, t('appeal.files')), files(a.attachments, 'appeal-files'));
  }
  view.append(element('h3', null, t('appeal.timeline')), timeline(a));
  const answer = a.answer;
  if (answer) {
    const box = element('section', 'answer');
    box.dataset.testid = 'appeal-answer';
    box.append(element('h3', null, t('appeal.answer')));
    const agency = answer.agency[`name_${language()}`] || answer.agency.name_ru;
    box.append(element('p', 'when', `${agency} · ${formatDateTime(answer.at)}`));
    if (answer.text) {
      box.append(element('p', 'text', answer.text));
    }
    if (answer.files.length > 0) {
      box.append(files(answer.files, 'answer-files'));
    }
    view.append(box);
  }
  view.append(supportBlock(a));
  // rating and reopening are the author's: the server asks for the secret
  if (secret && a.may_rate) {
    view.append(ratingForm());
  }
  if (secret && a.may_reopen) {
    view.append(reopenForm());
  }
  if (!secret && (a.may_rate || a.may_reopen)) {
    view.append(element('p', 'muted small', t('appeal.secretHint')));
  }
  const note = element('p', 'message note', actionNote);
  note.dataset.testid = 'appeal-note';
  note.setAttribute('aria-live', 'polite');
  view.append(note);
  view.hidden = false;
}

function readAddress() {
  const asked = new URLSearchParams(window.location.search).get('code');
  code = asked && CODE.test(asked.trim().toUpperCase()) ? asked.trim().toUpperCase() : null;
  const fragment = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  if (fragment.get('secret')) {
    secret = fragment.get('secret');
    // out of the address bar, the history and any link copied from it
    const url = new URL(window.location.href);
    url.hash = '';
    window.history.replaceState(null, '', url);
  }
  lookup.elements.namedItem('code').value = code || '';
  lookup.elements.namedItem('secret').value = secret;
}

lookup.addEventListener('submit', (event) => {
  event.preventDefault();
  const asked = lookup.elements.namedItem('code').value.trim().toUpperCase();
  if (!CODE.test(asked)) {
    errorBox.textContent = t('appeal.badCode');
    return;
  }
  code = asked;
  secret = lookup.elements.namedItem('secret').value.trim();
  actionNote = '';
  const url = new URL(window.location.href);
  url.searchParams.set('code', code);
  window.history.replaceState(null, '', url);
  load();
});

for (const button of document.querySelectorAll('[data-lang]')) {
  button.addEventListener('click', () => {
    if (button.dataset.lang !== language()) {
      setLanguage(button.dataset.lang).catch((error) => console.warn('AdalMap:', error.message));
    }
  });
}
onLanguageChange(render);

readAddress();
setLanguage(initialLanguage())
  .then(load)
  .catch((error) => console.warn('AdalMap could not start:', error));
