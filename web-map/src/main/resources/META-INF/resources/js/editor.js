// The land editors' import page: sign in, upload a file into a layer, follow the import's progress,
// read the validation report, publish the draft or roll the layer back; departments also define their
// own layers here (layer-define.js). Every value from the server or the file is put on the page as
// text, never as markup.

import { element } from './dom.js';
import * as session from './staff-session.js';
import { api, authorization, clearError, problem, showError } from './staff-session.js';
import { closeDefining, openDefining, startDefining } from './layer-define.js';
import {
  formatDateTime, formatNumber, initialLanguage, language, nameOf, onLanguageChange, setLanguage, t,
} from './i18n.js';

const $ = (selector) => document.querySelector(selector);
let current = null; // { layer, revision, report }
let failedJob = null; // the last import job that failed, while its error shows
// the report's rows the page draws; the CSV download holds them all
const SHOWN_ISSUES = 2000;
let customLayers = []; // the layers defined as data that the signed-in user may import into

// ---------------------------------------------------------------------------------------------
// signing in

async function signIn(event) {
  event.preventDefault();
  const me = await session.signIn(event.target, ['land_editor', 'agency_official', 'admin'], 'editor');
  if (!me) {
    return;
  }
  $('[data-testid=import]').hidden = false;
  const profiles = await api('/api/v1/imports/profiles');
  const select = $('[data-testid=import-form] select[name=profile]');
  select.replaceChildren(...profiles.map((p) => element('option', null, p)));
  select.value = 'cadastre-export';
  customLayers = await api('/api/v1/layer-definitions?changeable=true');
  listCustomLayers();
  await openDefining();
}

/** A layer just defined or changed can be filled at once: offer it, with its own fields rather than a profile. */
function defined(event) {
  customLayers = [...customLayers.filter((l) => l.code !== event.detail.code), event.detail];
  listCustomLayers();
  chooseLayer();
}

/** Brings the import form forward with the layer's code filled in. */
function importInto(event) {
  const form = $('[data-testid=import-form]');
  form.layer.value = event.detail;
  chooseLayer();
  $('[data-testid=import]').scrollIntoView({ block: 'start' });
  form.file.focus();
}

/** Offers the layers defined as data under the layer code, titled in the page's language. */
function listCustomLayers() {
  $('[data-testid=custom-layers]').replaceChildren(...customLayers.map((l) => {
    const option = element('option', null, l[`title${language()[0].toUpperCase()}${language()[1]}`]);
    option.value = l.code;
    return option;
  }));
}

/** A layer defined as data reads its fields by its attributes' names and labels: no plots or networks profile. */
function chooseLayer() {
  const form = $('[data-testid=import-form]');
  form.profile.disabled = customLayers.some((l) => l.code === form.layer.value.trim());
  chooseProfile();
}

/** A networks file may be all of one kind, with no field to say so: the editor names it. */
function chooseProfile() {
  const form = $('[data-testid=import-form]');
  const networks = !form.profile.disabled && form.profile.value === 'networks';
  $('[data-testid=network-kind]').hidden = !networks;
  form.networkKind.disabled = !networks;
}

function signOut() {
  session.signOut();
  current = null;
  customLayers = [];
  listCustomLayers();
  closeDefining();
  for (const section of ['import', 'report', 'revisions']) {
    $(`[data-testid=${section}]`).hidden = true;
  }
}

// ---------------------------------------------------------------------------------------------
// uploading and following the job

function progress(percent, text) {
  const box = $('[data-testid=progress]');
  box.hidden = false;
  box.querySelector('progress').value = percent;
  box.querySelector('.progress-text').textContent = text;
}

/** Sends the form with XMLHttpRequest, whose upload progress fetch() does not report. */
function send(layer, data) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `/api/v1/layers/${encodeURIComponent(layer)}/imports`);
    for (const [name, value] of Object.entries(authorization())) {
      request.setRequestHeader(name, value);
    }
    request.upload.onprogress = (e) => {
      if (e.lengthComputable) {
        progress(Math.round((e.loaded / e.total) * 10), t('editor.uploading', { percent: Math.round((e.loaded / e.total) * 100) }));
      }
    };
    request.onload = () => {
      let body = null;
      try {
        body = JSON.parse(request.responseText);
      } catch (e) {
        // not JSON: the status says it
      }
      const said = (body && (body.detail || body.title)) || `HTTP ${request.status}`;
      // the two refusals an editor meets most, in the page's language, the server's words below
      const kind = { 413: 'too_large', 403: 'not_allowed' }[request.status];
      if (request.status === 202) {
        resolve(body);
      } else if (kind) {
        reject(Object.assign(new Error(t(`failure.${kind}`)), { detail: said }));
      } else {
        reject(new Error(said));
      }
    };
    request.onerror = () => reject(new Error(t('editor.uploadFailed')));
    request.send(data);
  });
}

async function upload(event) {
  event.preventDefault();
  clearError();
  const form = event.target;
  const layer = form.layer.value.trim();
  const data = new FormData();
  data.append('file', form.file.files[0]);
  for (const name of ['encoding', 'sourceLayer', 'srs', 'profile', 'networkKind']) {
    if (form[name].value.trim() && !form[name].disabled) {
      data.append(name, form[name].value.trim());
    }
  }
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  $('[data-testid=report]').hidden = true;
  try {
    let job = await send(layer, data);
    while (job.state === 'queued' || job.state === 'running') {
      progress(Math.max(10, job.progress), t(`editor.stage.${job.stage}`));
      await new Promise((r) => setTimeout(r, 400));
      job = await api(`/api/v1/import-jobs/${job.id}`);
    }
    if (job.state === 'failed') {
      progress(100, t('editor.failed'));
      failedJob = job;
      showFailure();
      return;
    }
    progress(100, t('editor.stage.done'));
    await showReport(layer, job.revision);
  } catch (e) {
    showError(e.message, e.detail || '');
  } finally {
    button.disabled = false;
  }
}

/**
 * Why the last job failed: the kind of problem in the page's language, and the server's message,
 * which names the file's own details (in English), below it.
 */
function showFailure() {
  const sentence = failedJob.problem && nameOf('failure', failedJob.problem);
  if (sentence && sentence !== failedJob.problem) {
    showError(sentence, failedJob.message || '');
  } else {
    showError(failedJob.message || t('editor.failed'));
  }
}

// ---------------------------------------------------------------------------------------------
// the report, publishing, revisions

async function showReport(layer, revision) {
  const report = await api(`/api/v1/layers/${encodeURIComponent(layer)}/revisions/${revision}/report?limit=${SHOWN_ISSUES}`);
  current = { layer, revision, report };
  renderReport();
  $('[data-testid=report]').hidden = false;
  $('[data-testid=result]').textContent = '';
  await showRevisions(layer);
}

function renderReport() {
  if (!current) {
    return;
  }
  const { layer, revision, report } = current;
  const s = report.summary || {};
  const section = $('[data-testid=report]');
  section.querySelector('.revision').textContent = `${layer} · ${t('editor.revision')} ${revision}`;
  const rows = [
    ['editor.sum.features', s.features], ['editor.sum.accepted', s.accepted], ['editor.sum.rejected', s.rejected],
    ['editor.sum.repaired', s.repaired], ['editor.sum.warnings', s.warnings],
    ['editor.sum.diff', s.diff && t('editor.diffText', {
      added: formatNumber(s.diff.added), changed: formatNumber(s.diff.changed),
      removed: formatNumber(s.diff.removed), unchanged: formatNumber(s.diff.unchanged),
    })],
    ['editor.sum.compared', s.compared_with && t('editor.comparedText', {
      rows: formatNumber(s.compared_with.rows_checked), revision: s.compared_with.revision,
    })],
    ['editor.sum.crs', s.crs], ['editor.sum.encoding', s.encoding],
  ];
  const summary = section.querySelector('.summary');
  summary.replaceChildren();
  for (const [key, value] of rows) {
    if (value === undefined || value === null) {
      continue;
    }
    summary.append(element('dt', null, t(key)), element('dd', null, typeof value === 'number' ? formatNumber(value) : value));
  }
  const body = section.querySelector('tbody');
  body.replaceChildren(...report.issues.map((issue) => {
    const tr = element('tr');
    tr.append(
      element('td', null, issue.row === null ? t('editor.wholeFile') : issue.row),
      element('td', issue.severity, t(`editor.severity.${issue.severity}`)),
      problemCell(issue),
    );
    return tr;
  }));
  const more = $('[data-testid=more-issues]');
  more.hidden = report.issuesTotal <= report.issues.length;
  more.textContent = t('editor.moreIssues', {
    shown: formatNumber(report.issues.length), total: formatNumber(report.issuesTotal),
  });
  if (report.issues.length === 0) {
    const tr = element('tr');
    const td = element('td', null, t('editor.noProblems'));
    td.colSpan = 3;
    tr.append(td);
    body.append(tr);
  }
  const publishable = report.state === 'draft' && s.diff && (s.diff.added + s.diff.changed + s.diff.removed) > 0;
  $('[data-testid=publish-form]').hidden = !publishable;
}

/** The problem in the reader's language, then the importer's own words for it (in English). */
function problemCell(issue) {
  const cell = element('td');
  const title = nameOf('issue', issue.code);
  if (title !== issue.code) {
    cell.append(element('span', 'issue-title', title), ' ');
  }
  cell.append(element('span', 'issue-detail', `${issue.code}: ${issue.message}`));
  return cell;
}

async function downloadCsv(event) {
  event.preventDefault();
  if (!current) {
    return;
  }
  try {
    const response = await fetch(
      `/api/v1/layers/${encodeURIComponent(current.layer)}/revisions/${current.revision}/report?format=csv`,
      { headers: authorization() },
    );
    if (!response.ok) {
      throw new Error(await problem(response));
    }
    const url = URL.createObjectURL(await response.blob());
    const a = element('a');
    a.href = url;
    a.download = `${current.layer}-${current.revision}-report.csv`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (e) {
    showError(e.message);
  }
}

async function publish(event) {
  event.preventDefault();
  clearError();
  const button = event.target.querySelector('button');
  button.disabled = true;
  try {
    const diff = await api(`/api/v1/layers/${encodeURIComponent(current.layer)}/revisions/${current.revision}/publish`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ reason: event.target.reason.value }),
    });
    $('[data-testid=result]').textContent = t('editor.published', {
      added: formatNumber(diff.added), changed: formatNumber(diff.changed), removed: formatNumber(diff.removed),
    });
    $('[data-testid=publish-form]').hidden = true;
    await showRevisions(current.layer);
  } catch (e) {
    showError(e.message, e.detail || '');
  } finally {
    button.disabled = false;
  }
}

async function showRevisions(layer) {
  const revisions = await api(`/api/v1/layers/${encodeURIComponent(layer)}/revisions`);
  const section = $('[data-testid=revisions]');
  section.dataset.layer = layer;
  section.querySelector('tbody').replaceChildren(...revisions.map((r) => {
    const tr = element('tr');
    const open = element('button', 'link', t('editor.open'));
    open.type = 'button';
    open.addEventListener('click', () => showReport(layer, r.number).catch((e) => showError(e.message)));
    const cell = element('td');
    cell.append(open);
    tr.append(
      element('td', null, r.number),
      element('td', null, t(`editor.states.${r.state}`)),
      element('td', null, r.sourceName || ''),
      element('td', null, r.createdBy),
      element('td', null, formatDateTime(r.createdAt)),
      cell,
    );
    return tr;
  }));
  section.querySelector('[data-testid=rollback]').hidden = !revisions.some((r) => r.state === 'published');
  section.hidden = false;
}

async function rollback() {
  clearError();
  const layer = $('[data-testid=revisions]').dataset.layer;
  if (!window.confirm(t('editor.rollbackConfirm', { layer }))) {
    return;
  }
  try {
    const diff = await api(`/api/v1/layers/${encodeURIComponent(layer)}/rollback`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    $('[data-testid=result]').textContent = t('editor.rolledBack', {
      added: formatNumber(diff.added), changed: formatNumber(diff.changed), removed: formatNumber(diff.removed),
    });
    await showRevisions(layer);
  } catch (e) {
    showError(e.message);
  }
}

// ---------------------------------------------------------------------------------------------

async function start() {
  for (const button of document.querySelectorAll('[data-lang]')) {
    button.addEventListener('click', () => setLanguage(button.dataset.lang));
  }
  onLanguageChange(renderReport);
  onLanguageChange(() => {
    if (failedJob && !$('[data-testid=error]').hidden) {
      showFailure();
    }
  });
  onLanguageChange(listCustomLayers);
  await setLanguage(initialLanguage());
  $('[data-testid=sign-in-form]').addEventListener('submit', (e) => signIn(e).catch((err) => showError(err.message)));
  $('[data-testid=sign-out]').addEventListener('click', signOut);
  $('[data-testid=import-form]').addEventListener('submit', upload);
  $('[data-testid=import-form]').layer.addEventListener('input', chooseLayer);
  $('[data-testid=import-form]').profile.addEventListener('change', chooseProfile);
  $('[data-testid=publish-form]').addEventListener('submit', publish);
  $('[data-testid=download-csv]').addEventListener('click', downloadCsv);
  $('[data-testid=rollback]').addEventListener('click', rollback);
  $('[data-testid=error] .alert-close').addEventListener('click', clearError);
  startDefining();
  document.addEventListener('layer-defined', defined);
  document.addEventListener('import-into', importInto);
}

start().catch((e) => showError(e.message));
