// "Report a problem": the citizen puts a pin where the problem is (a click on the map, or their
// position), fills the form in the panel and sends it with photos, audio or video to
// POST /api/v1/appeals. The answer is the tracking code, the due date and the secret that rating the
// answer needs. The contact goes to the server only: it is never shown on the map.

import { appealCategories } from './appeals.js';
import { element } from './dom.js';
import { formatDate, formatNumber, language, t } from './i18n.js';

const SUBMIT_PATH = '/api/v1/appeals';

const $ = (selector) => document.querySelector(selector);

/** A key that makes a repeated send of the same form count once; randomUUID needs a secure origin. */
function newIdempotencyKey() {
  if (window.crypto && typeof window.crypto.randomUUID === 'function') {
    return window.crypto.randomUUID();
  }
  const bytes = window.crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** photo, audio or video by the file's declared type; the server checks the content itself. */
function kindOf(file) {
  const type = (file.type || '').split('/')[0];
  return { image: 'photo', audio: 'audio', video: 'video' }[type] || null;
}

export function formatSize(bytes) {
  if (bytes >= 1024 * 1024) {
    return `${formatNumber(bytes / (1024 * 1024), { maximumFractionDigits: 1 })} ${t('report.mb')}`;
  }
  return `${formatNumber(Math.max(1, Math.round(bytes / 1024)))} ${t('report.kb')}`;
}

/** The problem's detail of a failed answer, else its status. */
function detailOf(xhr) {
  try {
    const problem = JSON.parse(xhr.responseText);
    if (problem && typeof problem.detail === 'string' && problem.detail) {
      return problem.detail;
    }
  } catch (e) {
    // not a problem document: the status says enough
  }
  return `HTTP ${xhr.status}`;
}

/**
 * The report tool of the map. {@code takeClick(event)} is asked first by the map's click handler and
 * answers true when the click placed the pin; {@code onSubmitted()} is told when an appeal was sent.
 */
export function reportTool(map, ui, onSubmitted) {
  const section = $('[data-testid=report]');
  const form = $('[data-testid=report-form]');
  const hint = $('[data-testid=report-hint]');
  const message = $('[data-testid=report-error]');
  const progress = $('[data-testid=report-progress]');
  const fileList = $('[data-testid=report-file-list]');
  const fileInput = form.elements.namedItem('files');
  const done = $('[data-testid=report-done]');
  const category = form.elements.namedItem('category');
  const submit = form.querySelector('[type=submit]');

  let placing = false;
  let pin = null;
  let chosen = [];
  let limits = null;
  let idempotencyKey = null;
  let sending = false;
  // the object of a department's layer the appeal is about ({layer, key, title}), or null
  let object = null;

  function showHint() {
    hint.textContent = t(pin ? 'report.dragPin' : 'report.clickMap');
    const about = section.querySelector('[data-testid=report-object]');
    about.hidden = !object;
    about.textContent = object ? t('layers.ui.reportAbout', { name: object.title }) : '';
  }

  function open() {
    placing = true;
    section.hidden = false;
    done.hidden = true;
    form.hidden = false;
    message.textContent = '';
    document.body.classList.add('reporting');
    map.getContainer().classList.add('report-placing');
    showHint();
    // on a phone the sheet would cover the map the citizen has to click
    document.body.classList.remove('panel-open');
    ui.notice('report', pin ? null : t('report.clickMap'));
    loadCategories();
  }

  function close() {
    placing = false;
    object = null;
    section.hidden = true;
    document.body.classList.remove('reporting');
    map.getContainer().classList.remove('report-placing');
    ui.notice('report', null);
    if (pin) {
      pin.remove();
      pin = null;
    }
  }

  function place(latlng) {
    if (pin) {
      pin.setLatLng(latlng);
    } else {
      pin = L.marker(latlng, {
        draggable: true,
        keyboard: true,
        title: t('report.pin'),
        icon: L.divIcon({ className: 'report-pin', iconSize: [24, 24], iconAnchor: [12, 24] }),
      }).addTo(map);
      pin.getElement().dataset.testid = 'report-pin';
    }
    ui.notice('report', null);
    showHint();
    document.body.classList.add('panel-open');
    section.scrollIntoView({ block: 'nearest' });
  }

  async function loadCategories() {
    try {
      const result = await appealCategories(language());
      limits = result.limits;
      const picked = category.value;
      const blank = element('option', null, t('report.pickCategory'));
      blank.value = '';
      category.replaceChildren(blank, ...result.categories.map((c) => {
        const option = element('option', null, c.name);
        option.value = c.code;
        return option;
      }));
      category.value = picked;
    } catch (error) {
      message.textContent = t('report.noCategories');
      ui.error(error);
    }
  }

  function renderFiles() {
    fileList.replaceChildren();
    chosen.forEach((file, i) => {
      const item = element('li');
      item.dataset.testid = 'report-file';
      const remove = element('button', 'file-remove', '×');
      remove.type = 'button';
      remove.setAttribute('aria-label', t('report.removeFile', { name: file.name }));
      remove.addEventListener('click', () => {
        chosen.splice(i, 1);
        renderFiles();
      });
      item.append(element('span', 'file-name', file.name), element('span', 'muted', ` ${formatSize(file.size)}`), remove);
      fileList.append(item);
    });
  }

  /** What is wrong with the chosen files by the server's limits, when it told them; else null. */
  function fileProblem() {
    if (!limits) {
      return null;
    }
    if (Number.isFinite(limits.max_files) && chosen.length > limits.max_files) {
      return t('report.tooManyFiles', { n: limits.max_files });
    }
    for (const file of chosen) {
      const kind = kindOf(file);
      const max = kind && limits.max_bytes ? limits.max_bytes[kind] : undefined;
      if (Number.isFinite(max) && file.size > max) {
        return t('report.fileTooLarge', { name: file.name, size: formatSize(file.size), max: formatSize(max) });
      }
    }
    return null;
  }

  function send() {
    message.textContent = '';
    if (!pin) {
      message.textContent = t('report.placeFirst');
      return;
    }
    const problem = fileProblem();
    if (problem) {
      message.textContent = problem;
      return;
    }
    const { lat, lng } = pin.getLatLng();
    const body = new FormData();
    body.append('lon', lng.toFixed(6));
    body.append('lat', lat.toFixed(6));
    body.append('category', category.value);
    body.append('text', form.elements.namedItem('text').value);
    body.append('text_private', String(form.elements.namedItem('text_private').checked));
    body.append('consent', String(form.elements.namedItem('consent').checked));
    body.append('language', language());
    if (object) {
      body.append('object_layer', object.layer);
      body.append('object_key', object.key);
    }
    for (const name of ['contact_name', 'contact_phone', 'contact_email']) {
      const value = form.elements.namedItem(name).value.trim();
      if (value) {
        body.append(name, value);
      }
    }
    for (const file of chosen) {
      body.append('files', file, file.name);
    }
    // the same key for every try of this form: a retry after a lost answer does not file it twice
    idempotencyKey = idempotencyKey || newIdempotencyKey();
    const xhr = new XMLHttpRequest();
    xhr.open('POST', SUBMIT_PATH);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Idempotency-Key', idempotencyKey);
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) {
        progress.value = event.loaded / event.total;
      }
    });
    xhr.addEventListener('load', () => {
      finish();
      if (xhr.status === 200 || xhr.status === 201) {
        succeeded(JSON.parse(xhr.responseText));
      } else if (xhr.status === 429) {
        message.textContent = `${t('report.tooMany')} ${detailOf(xhr)}`;
      } else {
        message.textContent = `${t('report.refused')}: ${detailOf(xhr)}`;
      }
    });
    xhr.addEventListener('error', () => {
      finish();
      message.textContent = t('report.networkError');
    });
    sending = true;
    submit.disabled = true;
    progress.value = 0;
    progress.hidden = false;
    section.setAttribute('aria-busy', 'true');
    xhr.send(body);
  }

  function finish() {
    sending = false;
    submit.disabled = false;
    progress.hidden = true;
    section.setAttribute('aria-busy', 'false');
  }

  function succeeded(answer) {
    idempotencyKey = null;
    form.reset();
    chosen = [];
    renderFiles();
    form.hidden = true;
    hint.textContent = '';
    placing = false;
    object = null;
    map.getContainer().classList.remove('report-placing');
    if (pin) {
      pin.remove();
      pin = null;
    }
    const code = String(answer.tracking_code || '');
    $('[data-testid=report-code]').textContent = code;
    $('[data-testid=report-due]').textContent = answer.due_date ? formatDate(answer.due_date) : '';
    const secret = typeof answer.tracking_secret === 'string' ? answer.tracking_secret : '';
    $('[data-testid=report-secret-box]').hidden = !secret;
    $('[data-testid=report-secret]').textContent = secret;
    const link = $('[data-testid=report-link]');
    // the secret in the fragment: it never leaves the browser in a request
    link.href = `appeal.html?code=${encodeURIComponent(code)}${secret ? `#secret=${encodeURIComponent(secret)}` : ''}`;
    $('[data-testid=report-copied]').textContent = '';
    done.hidden = false;
    done.scrollIntoView({ block: 'nearest' });
    onSubmitted();
  }

  $('[data-testid=report-open]').addEventListener('click', open);
  section.querySelector('[data-testid=report-cancel]').addEventListener('click', close);
  $('[data-testid=report-close]').addEventListener('click', close);
  $('[data-testid=report-locate]').addEventListener('click', () => {
    message.textContent = '';
    if (!navigator.geolocation) {
      message.textContent = t('report.noLocation');
      return;
    }
    hint.textContent = t('report.locating');
    navigator.geolocation.getCurrentPosition(
      (position) => {
        const here = L.latLng(position.coords.latitude, position.coords.longitude);
        map.setView(here, Math.max(map.getZoom(), 16));
        place(here);
      },
      (error) => {
        showHint();
        message.textContent = t(error.code === 1 ? 'report.locationRefused' : 'report.noLocation');
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
    );
  });
  fileInput.addEventListener('change', () => {
    chosen = chosen.concat([...fileInput.files]);
    // the input is emptied so that the same file can be picked again after removing it
    fileInput.value = '';
    renderFiles();
    message.textContent = fileProblem() || '';
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!sending) {
      send();
    }
  });
  $('[data-testid=report-copy]').addEventListener('click', async () => {
    const code = $('[data-testid=report-code]').textContent;
    const secret = $('[data-testid=report-secret]').textContent;
    const text = secret ? `${code} ${secret}` : code;
    const copied = $('[data-testid=report-copied]');
    try {
      await navigator.clipboard.writeText(text);
      copied.textContent = t('report.copied');
    } catch (e) {
      // no clipboard (an insecure origin, or refused): the text stays on screen to copy by hand
      copied.textContent = t('report.copyByHand');
    }
  });

  return {
    /** True when the click was the report's: it placed or moved the pin. */
    takeClick(event) {
      if (!placing || section.hidden) {
        return false;
      }
      place(event.latlng);
      return true;
    },
    /**
     * Opens the form about an object of a department's layer, {layer, key, title}, with the pin at
     * {@code latlng}; the appeal is sent linked to the object ({@code key} null: the pin only).
     */
    openFor(latlng, about) {
      open();
      object = about && about.key ? about : null;
      place(latlng);
    },
    refreshTexts() {
      if (!section.hidden) {
        showHint();
        renderFiles();
        loadCategories();
      }
    },
  };
}
