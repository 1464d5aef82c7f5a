// The land editors' import page: sign in, upload a file into a layer, follow the import's progress,
// read the validation report and the plots the draft adds, changes and removes (revision-changes.js),
// publish the draft or roll the layer back, retitle a plots or networks layer; departments also define
// their own layers here
// (layer-define.js). Every value from the server or the file is put on the page as text, never as
// markup. What the page says is kept as functions of the language, so that a change of
// language redraws it at once.

import { element } from './dom.js';
import * as session from './staff-session.js';
import { api, authorization, clearError, refusal, showError } from './staff-session.js';
import { closeDefining, openDefining, startDefining } from './layer-define.js';
import { forgetChanges, showChanges } from './revision-changes.js';
import {
  formatDateTime, formatNumber, initialLanguage, language, layerTitle, locale, nameOf, onLanguageChange, setLanguage,
  t,
} from './i18n.js';

const $ = (selector) => document.querySelector(selector);
let current = null; // { layer, revision, report, kinds }: kinds, a kind's problems loaded by kind (code → list)
let revisions = null; // { layer, list }: the revisions of the layer last shown
// the report's rows the page loads at a time; the CSV download holds them all
const SHOWN_ISSUES = 2000;
let customLayers = []; // the layers defined as data that the signed-in user may import into
let importableLayers = []; // the plots and networks layers the signed-in user may import into
let profiles = []; // the built-in field profiles
let shownProgress = null; // { percent, text: () => string, state }
let shownError = null; // () => [message, detail]: the error on show, in the page's language
let shownResult = null; // () => string: the outcome of publishing
let shownRollback = null; // () => string: the outcome of rolling back
let shownTitles = null; // { layer, say: () => string }: the outcome of retitling a layer
// how long the page keeps asking for a job the server does not answer about (a restart, a lost network)
const RECONNECT_FOR_MS = 120000;
// the job this tab's import runs, kept across a reload (the tab's own storage), so that the page finds it again
const JOB_KEY = 'adalmap.editor.job';
const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

// ---------------------------------------------------------------------------------------------
// what the page says about failures

/** Shows {@code say()} (a [sentence, server's words] pair) next to {@code near}, and again on a change of language. */
function fail(say, near) {
  shownError = { say, near };
  const [message, detail] = say();
  showError(message, detail || '', near);
}

function forgetError() {
  shownError = null;
  clearError();
}

/**
 * A refused or failed request in the reader's language: the kind of refusal from the problem's
 * {@code code} or the HTTP status, the server's own words (in English) as the second line.
 */
function explain(e) {
  if (e.network || e.lost) {
    const key = e.say || (e.lost ? 'editor.connectionLost' : 'editor.offline');
    return () => [t(key), ''];
  }
  const body = e.problem || {};
  const said = body.detail || e.message || '';
  return () => {
    if (body.code && nameOf('refusal', body.code) !== body.code) {
      // a refusal may name a value of its own: the upload limit a file is over, the imports one may have waiting
      return [t(`refusal.${body.code}`, { limit: formatNumber(body.limitMb ?? body.limit ?? 0) }), said];
    }
    const kind = {
      400: 'refusal.invalid', 403: 'failure.not_allowed', 409: 'refusal.not_possible', 413: 'failure.too_large',
    }[e.status] || (e.status >= 500 ? 'refusal.server' : null);
    return kind ? [t(kind), said] : [said, ''];
  };
}

/**
 * What a failed action leads to: back to the sign-in form when the server no longer knows the account
 * (401: the password changed, the account locked), else the reason next to {@code near}.
 */
function handle(e, near) {
  if (e.status === 401) {
    sessionLost();
  } else {
    fail(explain(e), near);
  }
}

function sessionLost() {
  signOut();
  const form = $('[data-testid=sign-in-form]');
  fail(() => [t('editor.sessionLost'), ''], form);
  form.username.focus();
}

/**
 * Moves the keyboard's focus to {@code target}, a heading or text that takes it only so (tabindex -1),
 * and brings it into view: where the page goes on after a part with the focus was hidden or replaced.
 */
function focusOn(target, block = 'nearest') {
  target.tabIndex = -1;
  target.focus({ preventScroll: true });
  target.scrollIntoView({ block });
}

// ---------------------------------------------------------------------------------------------
// signing in

async function signIn(event) {
  event.preventDefault();
  shownError = null;
  const me = await session.signIn(event.target, ['land_editor', 'agency_official', 'admin'], 'editor');
  if (!me) {
    return;
  }
  $('[data-testid=import]').hidden = false;
  [profiles, customLayers, importableLayers] = await Promise.all([
    api('/api/v1/imports/profiles'),
    api('/api/v1/layer-definitions?changeable=true'),
    api('/api/v1/imports/layers'),
  ]);
  listProfiles();
  $('[data-testid=import-form]').profile.value = 'cadastre-export';
  listLayers();
  await openDefining();
  const resumed = resumeJob(me.username);
  // the sign-in form is gone with the focus in it: the keyboard goes on from the layer to import into,
  // unless the editor has already moved on
  if (!document.activeElement || document.activeElement === document.body) {
    $('[data-testid=import-form]').layer.focus();
  }
  await resumed;
}

/** The profiles under their names in the page's language, their codes (the command line's) beside. */
function listProfiles() {
  const select = $('[data-testid=import-form] select[name=profile]');
  const chosen = select.value;
  select.replaceChildren(...profiles.map((p) => {
    const name = nameOf('profileName', p);
    const option = element('option', null, name === p ? p : `${name} (${p})`);
    option.value = p;
    return option;
  }));
  if (chosen) {
    select.value = chosen;
  }
}

/** A layer just defined or changed can be filled at once: offer it, with its own fields rather than a profile. */
function defined(event) {
  customLayers = [...customLayers.filter((l) => l.code !== event.detail.code), event.detail];
  listLayers();
  chooseLayer();
}

/** Brings the import form forward with the layer's code filled in. */
function importInto(event) {
  const form = $('[data-testid=import-form]');
  form.layer.value = event.detail;
  chooseLayer();
  showLayersRevisions();
  $('[data-testid=import]').scrollIntoView({ block: 'start' });
  form.file.focus();
}

/** The layer's title in the page's language; one given none, by its kind and code. */
function titleOf(layer) {
  // the definitions of layers defined as data say no kind: they are all custom
  return layerTitle(layer.code, layer.kind || 'custom', layer[`title${language()[0].toUpperCase()}${language()[1]}`]);
}

/** The layer {@code code} as the page names it: its title and code, or the code of a layer not yet made. */
function layerName(code) {
  const layer = [...importableLayers, ...customLayers].find((l) => l.code === code);
  if (!layer) {
    return code;
  }
  const title = titleOf(layer);
  return title.endsWith(`(${code})`) ? title : `${title} (${code})`;
}

/**
 * Offers under the layer code every layer the signed-in user may import into, plots and networks
 * layers and those defined as data, titled in the page's language.
 */
function listLayers() {
  $('[data-testid=layer-choices]').replaceChildren(...[...importableLayers, ...customLayers].map((l) => {
    const option = element('option', null, titleOf(l));
    option.value = l.code;
    return option;
  }));
  $('[data-testid=import-form]').layer.title = t('editor.layerHint');
}

function knownLayer(code) {
  return [...importableLayers, ...customLayers].some((l) => l.code === code);
}

/**
 * Words the reason field of {@code form} for the kind of layer {@code code}: a networks layer keeps no
 * history of its features, only the audit log, so its reason is said to go there.
 */
function reasonFor(form, key, code) {
  const layer = importableLayers.find((l) => l.code === code);
  const label = form.querySelector('label:has(textarea[name=reason]) > span');
  label.dataset.i18n = layer && layer.kind === 'networks' ? `${key}Networks` : key;
  label.textContent = t(label.dataset.i18n);
}

/**
 * A layer defined as data reads its fields by its attributes' names and labels: no plots or networks profile.
 * A networks layer is offered the networks profile, a plots layer a plots one.
 * A code that is none of the editor's layers makes a new layer, which may be given its titles.
 */
function chooseLayer() {
  const form = $('[data-testid=import-form]');
  const code = form.layer.value.trim();
  form.profile.disabled = customLayers.some((l) => l.code === code);
  // an existing layer takes a profile of its kind: a networks layer's lines are not read as plots
  const existing = importableLayers.find((l) => l.code === code);
  if (existing && !form.profile.disabled && (form.profile.value === 'networks') !== (existing.kind === 'networks')) {
    form.profile.value = existing.kind === 'networks' ? 'networks' : 'cadastre-export';
  }
  const created = code !== '' && !knownLayer(code);
  const titles = $('[data-testid=new-layer-titles]');
  titles.hidden = !created;
  for (const input of titles.querySelectorAll('input')) {
    input.disabled = !created;
  }
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
  forgetError();
  current = null;
  forgetChanges();
  revisions = null;
  customLayers = [];
  importableLayers = [];
  shownProgress = null;
  shownResult = null;
  shownRollback = null;
  shownTitles = null;
  forgetTitles();
  listLayers();
  closeDefining();
  for (const section of ['import', 'report', 'revisions', 'progress']) {
    $(`[data-testid=${section}]`).hidden = true;
  }
  $('[data-testid=sign-in-form]').username.focus();
}

// ---------------------------------------------------------------------------------------------
// uploading and following the job

/** The bar at {@code percent} with {@code text()}; {@code state} running, reconnecting, failed or done. */
function progress(percent, text, state = 'running') {
  shownProgress = { percent, text, state };
  drawProgress();
}

function drawProgress() {
  if (!shownProgress) {
    return;
  }
  const box = $('[data-testid=progress]');
  box.hidden = false;
  box.dataset.state = shownProgress.state;
  box.querySelector('progress').value = shownProgress.percent;
  box.querySelector('.progress-text').textContent = shownProgress.text();
}

/**
 * What a job is doing; a queued one waits for the imports before it (the server runs few at a time). A job
 * is queued for a moment before it starts on an idle server too: it is said to wait only when it still
 * waits after {@link QUEUED_FOR_MS}.
 */
function stageText(job, queuedSince, stage = { since: Date.now(), before: null }) {
  if (job.state === 'queued' || job.stage === 'queued') {
    return Date.now() - queuedSince < QUEUED_FOR_MS ? t('editor.stage.starting') : t('editor.queuedBehind');
  }
  const taken = Date.now() - stage.since;
  // every import takes the layer's lock, mostly at once: it is said to wait for other work only when it does
  if (job.stage === 'waiting' && taken < QUEUED_FOR_MS) {
    return t(`editor.stage.${stage.before || 'starting'}`);
  }
  const text = t(`editor.stage.${job.stage}`);
  // a long stage (comparing with a large layer) moves the bar little: the time it has taken says it goes on
  return taken < LONG_STAGE_MS ? text : t('editor.stageFor', { stage: text, time: duration(taken) });
}

const QUEUED_FOR_MS = 2000;
const LONG_STAGE_MS = 10000;

/** {@code ms} as minutes and seconds in the page's language: «2 мин 05 с». */
function duration(ms) {
  const seconds = Math.floor(ms / 1000);
  return seconds < 60
    ? t('editor.seconds', { seconds })
    : t('editor.minutes', { minutes: Math.floor(seconds / 60), seconds: String(seconds % 60).padStart(2, '0') });
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
        const percent = Math.round((e.loaded / e.total) * 100);
        progress(Math.round(percent / 10), () => t('editor.uploading', { percent }));
      }
    };
    request.onload = () => {
      let body = null;
      try {
        body = JSON.parse(request.responseText);
      } catch (e) {
        // not JSON: the status says it
      }
      if (request.status === 202) {
        resolve(body);
      } else {
        const said = (body && (body.detail || body.title)) || `HTTP ${request.status}`;
        reject(Object.assign(new Error(said), { status: request.status, problem: body || {} }));
      }
    };
    request.onerror = () => reject(Object.assign(new Error('upload failed'), { network: true, say: 'editor.uploadFailed' }));
    request.send(data);
  });
}

async function upload(event) {
  event.preventDefault();
  forgetError();
  const form = event.target;
  const layer = form.layer.value.trim();
  const button = form.querySelector('button[type=submit]');
  if (!knownLayer(layer)) {
    // a layer of another region is none of the editor's, yet it exists: the server would refuse the file
    // once sent, and the import would create nothing. The button waits meanwhile: a second click sends nothing
    button.disabled = true;
    try {
      await api(`/api/v1/layers/${encodeURIComponent(layer)}/revisions`);
    } catch (e) {
      button.disabled = false;
      handle(e, form);
      return;
    }
    // a slip in the code would create a new public layer beside the one meant
    const create = window.confirm(t('editor.newLayerConfirm', { layer }));
    button.disabled = false;
    if (!create) {
      return;
    }
  }
  const data = new FormData();
  data.append('file', form.file.files[0]);
  for (const name of ['encoding', 'sourceLayer', 'srs', 'profile', 'networkKind', 'titleKk', 'titleRu', 'titleEn']) {
    if (form[name].value.trim() && !form[name].disabled) {
      data.append(name, form[name].value.trim());
    }
  }
  const box = $('[data-testid=progress]');
  button.disabled = true;
  $('[data-testid=report]').hidden = true;
  progress(0, () => t('editor.uploading', { percent: 0 }));
  try {
    // an account the server no longer knows is found before the whole file is sent
    const me = await api('/api/v1/me');
    await finish(await send(layer, data), layer, me.username);
  } catch (e) {
    failed(e, box);
  } finally {
    button.disabled = false;
  }
}

/** A refused upload or a job lost: the bar says so, and the reason is shown under it. */
function failed(e, box) {
  if (e.status !== 401) {
    const percent = shownProgress ? shownProgress.percent : 0;
    progress(percent, () => t(e.status ? 'editor.refused' : 'editor.failed'), 'failed');
  }
  handle(e, box);
}

function rememberJob(job, user) {
  try {
    window.sessionStorage.setItem(JOB_KEY, JSON.stringify({ id: job.id, user }));
  } catch (e) {
    // storage may be disabled: a reload then loses sight of the job, as before
  }
}

function forgetJob() {
  try {
    window.sessionStorage.removeItem(JOB_KEY);
  } catch (e) {
    // nothing kept
  }
}

/**
 * After signing in again in a tab reloaded during an import: the job {@code user} started there, followed
 * on as if the page had never left it (its progress, then its report or why it failed). A job of another
 * account, or one the server no longer tells this account of, is forgotten.
 */
async function resumeJob(user) {
  let kept = null;
  try {
    kept = JSON.parse(window.sessionStorage.getItem(JOB_KEY) || 'null');
  } catch (e) {
    kept = null;
  }
  if (!kept || kept.user !== user) {
    forgetJob();
    return;
  }
  let job;
  try {
    job = await api(`/api/v1/import-jobs/${encodeURIComponent(kept.id)}`);
  } catch (e) {
    forgetJob();
    return;
  }
  const form = $('[data-testid=import-form]');
  const button = form.querySelector('button[type=submit]');
  form.layer.value = job.layer;
  chooseLayer();
  button.disabled = true;
  try {
    await finish(job, job.layer, user);
  } catch (e) {
    failed(e, $('[data-testid=progress]'));
  } finally {
    button.disabled = false;
  }
}

/**
 * Follows the job into {@code layer} that {@code user} started to its end, kept meanwhile for a reload to
 * find, and shows how it ended: the report of its draft, or why it failed.
 */
async function finish(started, layer, user) {
  rememberJob(started, user);
  let job;
  try {
    job = await follow(started);
  } finally {
    forgetJob();
  }
  if (job.state === 'failed') {
    progress(100, () => t('editor.failed'), 'failed');
    fail(() => failure(job), $('[data-testid=progress]'));
    return;
  }
  progress(100, () => t('editor.stage.done'), 'done');
  if (!knownLayer(layer)) {
    // the import made the layer: the next upload into it asks nothing, and names it no more
    importableLayers = await api('/api/v1/imports/layers');
    listLayers();
    for (const input of $('[data-testid=new-layer-titles]').querySelectorAll('input')) {
      input.value = '';
    }
    chooseLayer();
  }
  await showReport(layer, job.revision);
  // the upload button, disabled while the job ran, lost the focus: the keyboard goes on from the report
  focusOn($('[data-testid=report] h2'), 'start');
}

/**
 * Asks for the job until it ends. When the server does not answer (it restarts, the network drops) the
 * page keeps asking, less and less often, for {@link RECONNECT_FOR_MS}, and says it is reconnecting; a
 * job the restart interrupted then ends as failed, {@code restarted}.
 */
async function follow(started) {
  let job = started;
  let lostSince = null;
  let wait = 1000;
  const queuedSince = Date.now();
  // the stage the job is at, since when, and the one before it
  let stage = { name: null, since: Date.now(), before: null };
  while (job.state === 'queued' || job.state === 'running') {
    if (lostSince === null) {
      const asked = job;
      if (asked.stage !== stage.name) {
        stage = {
          name: asked.stage, since: Date.now(), before: stage.name === 'waiting' ? stage.before : stage.name,
        };
      }
      const at = stage;
      progress(Math.max(10, job.progress), () => stageText(asked, queuedSince, at));
    }
    await sleep(lostSince === null ? 400 : wait);
    try {
      job = await api(`/api/v1/import-jobs/${job.id}`);
      lostSince = null;
      wait = 1000;
    } catch (e) {
      if (!e.network && !(e.status >= 502 && e.status <= 504)) {
        throw e;
      }
      lostSince = lostSince === null ? Date.now() : lostSince;
      const seconds = Math.round((Date.now() - lostSince) / 1000);
      if (seconds * 1000 > RECONNECT_FOR_MS) {
        throw Object.assign(new Error('no answer from the server'), { lost: true });
      }
      progress(shownProgress.percent, () => t('editor.reconnecting', { seconds }), 'reconnecting');
      wait = Math.min(wait * 2, 16000);
    }
  }
  return job;
}

/**
 * Why a job failed: the kind of problem in the page's language, and the server's message, which names
 * the file's own details (in English), below it.
 */
function failure(job) {
  const said = job.message || '';
  // what the server found out, as a sentence's key and its values (an EPSG code it does not know, the
  // code the file's own numbers are in), worded in the reader's language: never read from the English
  const detail = job.detail && typeof job.detail.key === 'string' ? job.detail : null;
  const worded = detail && nameOf('failureDetail', detail.key);
  if (worded && worded !== detail.key) {
    return [fillDetail(worded, detail), said];
  }
  const sentence = job.problem && nameOf('failure', job.problem);
  if (sentence && sentence !== job.problem) {
    return [sentence, job.message || ''];
  }
  return [job.message || t('editor.failed'), ''];
}

// ---------------------------------------------------------------------------------------------
// the report, publishing, revisions

async function showReport(layer, revision) {
  const [report] = await Promise.all([
    api(`/api/v1/layers/${encodeURIComponent(layer)}/revisions/${revision}/report?limit=${SHOWN_ISSUES}`),
    loadRevisions(layer),
  ]);
  current = { layer, revision, report, kinds: {} };
  const section = $('[data-testid=report]');
  section.querySelector('[data-testid=filter-severity]').value = '';
  section.querySelector('[data-testid=filter-code]').value = '';
  // each draft's coordinate system is checked anew
  section.querySelector('[data-testid=confirm-datum]').checked = false;
  shownResult = null;
  renderReport();
  section.hidden = false;
  renderRevisions();
}

function renderReport() {
  if (!current) {
    return;
  }
  const { layer, revision, report } = current;
  const s = report.summary || {};
  const section = $('[data-testid=report]');
  section.querySelector('.revision').textContent = `${layerName(layer)} · ${t('editor.revision')} ${revision}`;
  const rows = [
    ['editor.sum.features', s.features], ['editor.sum.accepted', s.accepted], ['editor.sum.rejected', s.rejected],
    ['editor.sum.repaired', s.repaired], ['editor.sum.warnings', s.warnings],
    ['editor.sum.diff', s.diff && t('editor.diffText', {
      added: formatNumber(s.diff.added), changed: formatNumber(s.diff.changed),
      removed: formatNumber(s.diff.removed), unchanged: formatNumber(s.diff.unchanged),
    })],
    ['editor.sum.compared', s.compared_with && t('editor.comparedText', {
      rows: formatNumber(s.compared_with.rows_checked), count: s.compared_with.rows_checked,
      revision: s.compared_with.revision,
    }) + (s.compared_with.rows_fewer > 0 ? t('editor.comparedFewer', {
      rows: formatNumber(s.compared_with.rows_fewer), count: s.compared_with.rows_fewer,
    }) : '')],
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
  // which plots the counts are, so that an editor sees what publishing changes
  showChanges(section.querySelector('[data-testid=changes]'), {
    layer,
    revision,
    draft: report.state === 'draft',
    counts: s.diff,
    load: () => api(`/api/v1/layers/${encodeURIComponent(layer)}/revisions/${revision}/changes`),
    fail: handle,
  });
  section.querySelector('[data-testid=issue-filters]').hidden = report.issues.length === 0;
  listCodes();
  drawIssues();
  filterIssues();
  offerPublishing();
  $('[data-testid=result]').textContent = shownResult ? shownResult() : '';
}

/**
 * The problems loaded of kind {@code code}: the report's first problems of it, or those loaded by kind
 * (loadMore) when they are more. Either is the kind's first problems in the report's order.
 */
function loadedOfKind(code) {
  const inFirst = current.report.issues.filter((issue) => issue.code === code);
  const byKind = current.kinds[code] || [];
  return byKind.length > inFirst.length ? byKind : inFirst;
}

/**
 * The problems the table holds: those of the kind chosen when more of it were loaded by kind, else the
 * report's first ones.
 */
function loadedIssues() {
  const code = $('[data-testid=filter-code]').value;
  const byKind = code ? current.kinds[code] || [] : [];
  return byKind.length > 0 && loadedOfKind(code) === byKind ? byKind : current.report.issues;
}

/** Draws the problems loaded, each a row the filters show or hide. */
function drawIssues() {
  const { report } = current;
  const body = $('[data-testid=issues] tbody');
  body.replaceChildren(...loadedIssues().map((issue) => {
    const tr = element('tr');
    tr.dataset.severity = issue.severity;
    tr.dataset.code = issue.code;
    // the cell says what the number counts («line 6»), on a phone too, where the table's head is not shown
    tr.append(
      element('td', null, issue.row === null ? t('editor.wholeFile') : rowText(issue)),
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
    body.append(messageRow(t('editor.noProblems')));
  }
}

/**
 * How many more problems the page can load: of the kind chosen, or of the whole report when none is
 * chosen (a severity is filtered among those loaded).
 */
function notLoaded() {
  const { report } = current;
  const code = $('[data-testid=filter-code]').value;
  if (!code) {
    return Math.max(0, report.issuesTotal - report.issues.length);
  }
  return Math.max(0, Number((report.issueCodes || {})[code] ?? 0) - loadedOfKind(code).length);
}

/**
 * Loads the next problems of the kind chosen (by kind: its rows may all lie past the report's first
 * ones), or of the whole report when no kind is chosen; the table then holds them too.
 */
async function loadMore(event) {
  const button = event.target;
  const { layer, revision, report } = current;
  const code = $('[data-testid=filter-code]').value;
  const loaded = code ? loadedOfKind(code) : report.issues;
  button.disabled = true;
  try {
    const page = await api(`/api/v1/layers/${encodeURIComponent(layer)}/revisions/${revision}/report`
      + `?limit=${SHOWN_ISSUES}&offset=${loaded.length}${code ? `&code=${encodeURIComponent(code)}` : ''}`);
    if (!current || current.layer !== layer || current.revision !== revision) {
      return; // another report is shown now
    }
    if (code) {
      current.kinds[code] = [...loaded, ...page.issues];
    } else {
      report.issues = [...report.issues, ...page.issues];
    }
    drawIssues();
    filterIssues();
  } catch (e) {
    handle(e, button.parentElement);
  } finally {
    button.disabled = false;
    if (button.hidden) {
      // everything is loaded: the button with the focus is gone, the table takes it
      $('[data-testid=issues]').parentElement.focus();
    }
  }
}

/**
 * Where a problem is in the file, as the file numbers it: «line 6» of a CSV file, «row 6» of a
 * workbook's sheet, «feature 5» of a GIS file (and of reports stored before they were numbered so).
 */
function rowText(issue) {
  const at = t(`editor.at.${issue.rowUnit ?? 'feature'}`, { n: issue.fileRow ?? issue.row });
  // of several files read together (a zip's Shapefiles), the one the row counts in
  return issue.rowLayer ? `${at} (${issue.rowLayer})` : at;
}

function messageRow(text) {
  const tr = element('tr', 'message-row');
  const td = element('td', null, text);
  td.colSpan = 3;
  tr.append(td);
  return tr;
}

/**
 * The codes of the report's problems for the filter, named in the page's language, with how many of each the
 * whole report holds (issueCodes): a large report's page loads only its first problems, and a kind whose rows
 * all come later is listed too. A report without issueCodes is counted over the problems loaded.
 */
function listCodes() {
  const select = $('[data-testid=filter-code]');
  const chosen = select.value;
  const counts = new Map(Object.entries(current.report.issueCodes || {}));
  if (counts.size === 0) {
    for (const issue of current.report.issues) {
      counts.set(issue.code, (counts.get(issue.code) || 0) + 1);
    }
  }
  const all = element('option', null, t('editor.filter.all'));
  all.value = '';
  select.replaceChildren(all, ...[...counts].map(([code, count]) => {
    const option = element('option', null, `${nameOf('issue', code)} (${formatNumber(count)})`);
    option.value = code;
    return option;
  }));
  select.value = counts.has(chosen) ? chosen : '';
}

/** Shows only the loaded problems of the severity and code chosen, and says how many. */
function filterIssues() {
  if (!current) {
    return;
  }
  const severity = $('[data-testid=filter-severity]').value;
  const code = $('[data-testid=filter-code]').value;
  const body = $('[data-testid=issues] tbody');
  body.querySelector('.filter-empty')?.remove();
  let shown = 0;
  for (const tr of body.querySelectorAll('tr[data-code]')) {
    tr.hidden = Boolean((severity && tr.dataset.severity !== severity) || (code && tr.dataset.code !== code));
    shown += tr.hidden ? 0 : 1;
  }
  const loaded = loadedIssues().length;
  if (loaded > 0 && shown === 0) {
    const row = messageRow(t('editor.filter.none'));
    row.classList.add('filter-empty');
    body.append(row);
  }
  // a kind of problem with rows past those loaded: how many of them the page holds, the CSV has them all
  const ofCode = code ? loadedOfKind(code).length : 0;
  const inReport = code ? Number((current.report.issueCodes || {})[code] ?? ofCode) : 0;
  const said = severity || code
    ? [t('editor.filter.shown', { shown: formatNumber(shown), loaded: formatNumber(loaded) })]
    : [];
  if (inReport > ofCode) {
    said.push(t('editor.filter.notAllLoaded', {
      loaded: formatNumber(ofCode), total: formatNumber(inReport), count: inReport,
    }));
  }
  $('[data-testid=filter-shown]').textContent = said.join('. ');
  const next = notLoaded();
  const button = $('[data-testid=load-more]');
  button.hidden = next === 0;
  button.textContent = t('editor.loadMore', { count: formatNumber(Math.min(next, SHOWN_ISSUES)) });
}

/**
 * The problem in the reader's language, then its detail: worded from its key and values, or as the
 * importer said it. Its code (unknown_status) is no word for a reader: programs read it from the JSON
 * and CSV reports and from the row's data-code; the page shows it only as the title of a kind of problem
 * it has no name for.
 */
function problemCell(issue) {
  const cell = element('td');
  cell.append(
    element('span', 'issue-title', nameOf('issue', issue.code)),
    ' ',
    element('span', 'issue-detail', detailText(issue.detail) ?? issue.message),
  );
  return cell;
}

/**
 * A problem's detail ({key, …values}) in the page's language from its template (issueDetail.<key>),
 * or null when the page has no template for its key (a problem stored before details were kept):
 * the caller then shows the importer's English message. The values are the file's or the importer's
 * own, put in as text; numbers are written as the language writes them (a decimal comma in kk and ru).
 */
function detailText(stored) {
  if (!stored || typeof stored.key !== 'string') {
    return null;
  }
  // stored before the number its words agree with was named count (a number found N times, an
  // area N times the drawn one): the same number
  const detail = 'times' in stored && !('count' in stored) ? { ...stored, count: stored.times } : stored;
  const template = nameOf('issueDetail', detail.key);
  if (template && typeof template === 'object') {
    // forms by plural category, as the number {count} needs: «1 раз», «3 раза», «5 раз»
    const form = template[new Intl.PluralRules(locale()).select(Number(detail.count))] ?? template.other;
    return typeof form === 'string' ? fillDetail(form, detail) : null;
  }
  return template === detail.key ? null : fillDetail(template, detail);
}

function fillDetail(template, values) {
  return template.replace(/\{(\w+)(\|or)?\}/g, (match, name, or) => (
    Object.prototype.hasOwnProperty.call(values, name) ? detailValue(values[name], or ? t('issueDetail.or') : ', ') : match
  ));
}

function detailValue(value, separator) {
  if (Array.isArray(value)) {
    return value.map((v) => detailValue(v, ', ')).join(separator);
  }
  if (typeof value === 'number') {
    return formatNumber(value, { useGrouping: false, maximumFractionDigits: 20 });
  }
  if (value && typeof value === 'object' && typeof value.key !== 'string' && typeof value.en === 'string') {
    // a name in each language (a region's, from the database)
    return typeof value[language()] === 'string' ? value[language()] : value.en;
  }
  if (value && typeof value === 'object') {
    return detailText(value) ?? String(value.key);
  }
  return String(value);
}

/**
 * Offers to publish a draft that changes the layer, unless publishing it would be refused: a draft
 * whose every feature was rejected (published, it would leave the layer empty), compared with a layer
 * that has changed since, or holding cadastral numbers of another layer; then says why instead.
 */
function offerPublishing() {
  const { report, revision } = current;
  const s = report.summary || {};
  const changes = report.state === 'draft' && s.diff && (s.diff.added + s.diff.changed + s.diff.removed) > 0;
  let why = null;
  // what the layer would hold once published: nothing when every feature was rejected, whatever it removes
  if (changes && s.diff.added + s.diff.changed + (s.diff.unchanged || 0) === 0) {
    why = nameOf('refusal', 'empty_draft');
  }
  // a draft that holds what the layer holds: no button, and a sentence why
  if (report.state === 'draft' && s.diff && !changes) {
    why = nameOf('refusal', 'nothing_to_publish');
  }
  if (changes && !why && revisions && revisions.layer === current.layer) {
    const published = revisions.list.find((r) => r.state === 'published');
    const draft = revisions.list.find((r) => r.number === revision);
    if (draft && staleDraft(draft, revisions.list)) {
      why = t('editor.staleDraft', { published: published ? published.number : '—' });
    }
  }
  const others = (report.issueCodes || {}).number_in_other_layer || 0;
  if (changes && !why && others > 0) {
    why = t('editor.numbersOfOtherLayers', { count: formatNumber(others) });
  }
  $('[data-testid=publish-form]').hidden = !changes || why !== null;
  reasonFor($('[data-testid=publish-form]'), 'editor.reason', current.layer);
  const note = $('[data-testid=not-publishable]');
  note.hidden = why === null;
  note.textContent = why || '';
  offerDatumCheck();
}

/**
 * A draft held back by a warning its publishing must confirm (the report's warningToConfirm): its plots may
 * lie elsewhere than its coordinates say (datumToConfirm: its file on a datum no map of Kazakhstan uses,
 * degrees read past a .prj that could not be read, or a CSV's columns X and Y that lie in Kazakhstan either
 * way round), or it changes the public layer as a mistake in the file does (it removes most of its plots,
 * moves them together by metres, renumbers them only by zeros, takes a networks layer's other kinds off the
 * map), its text was read in a code page it is not in, or its GeoPackage was copied while open without its
 * -wal: the warning beside the button, which
 * publishes only once the editor has ticked that they checked, as the server asks ("confirm") and as the
 * command line's import --publish holds it back.
 */
function offerDatumCheck() {
  const datum = current.report.datumToConfirm;
  const warning = datum || current.report.warningToConfirm;
  const check = $('[data-testid=datum-check]');
  const box = $('[data-testid=confirm-datum]');
  check.hidden = !warning;
  box.disabled = !warning;
  if (!warning) {
    box.checked = false;
  }
  $('[data-testid=datum-warning]').textContent = !warning ? ''
    : !datum ? t('editor.reviewWarning', { warning: detailText(warning) || warning.key })
      : datum.key === 'file_prj_read_as_degrees' ? t('editor.prjDegreesWarning', { file: datum.file })
        : datum.key === 'file_xy_either_way' ? t('editor.xyEitherWayWarning')
          : datum.key === 'file_no_datum_shift' ? t('editor.noDatumShiftWarning', { datum: datum.datum })
            : t('editor.datumWarning', { datum: datum.datum });
  const label = check.querySelector('label span');
  label.dataset.i18n = datum || !warning ? 'editor.confirmDatum' : 'editor.confirmWarning';
  label.textContent = t(label.dataset.i18n);
  $('[data-testid=publish]').disabled = Boolean(warning) && !box.checked;
}

async function downloadCsv(event) {
  event.preventDefault();
  if (!current) {
    return;
  }
  const link = event.target;
  try {
    // the CSV in the page's language: semicolons for a Russian or Kazakh Excel, commas for English
    const response = await fetch(
      `/api/v1/layers/${encodeURIComponent(current.layer)}/revisions/${current.revision}/report`
        + `?format=csv&lang=${language()}`,
      { headers: authorization() },
    ).catch((e) => { throw Object.assign(new Error(e.message), { network: true }); });
    if (!response.ok) {
      throw await refusal(response);
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
    handle(e, link.parentElement);
  }
}

async function publish(event) {
  event.preventDefault();
  forgetError();
  const form = event.target;
  const button = form.querySelector('button');
  button.disabled = true;
  try {
    const diff = await api(`/api/v1/layers/${encodeURIComponent(current.layer)}/revisions/${current.revision}/publish`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ reason: form.reason.value, confirm: form.confirmDatum.checked }),
    });
    shownResult = () => t('editor.published', {
      added: formatNumber(diff.added), changed: formatNumber(diff.changed), removed: formatNumber(diff.removed),
    });
    current.report = {
      ...current.report, state: 'published', datumToConfirm: null, warningToConfirm: null,
    };
    // the reason was this draft's: the next draft's publication gives its own
    form.reason.value = '';
    await loadRevisions(current.layer);
    renderReport();
    renderRevisions();
    // the form, and the button with the focus, are gone: the outcome takes the focus
    focusOn($('[data-testid=result]'));
  } catch (e) {
    handle(e, form);
  } finally {
    button.disabled = false;
    offerDatumCheck();
  }
}

async function loadRevisions(layer) {
  revisions = { layer, list: await api(`/api/v1/layers/${encodeURIComponent(layer)}/revisions`) };
}

async function showRevisions(layer) {
  await loadRevisions(layer);
  renderRevisions();
}

/**
 * The revisions of the layer the editor chose, without uploading first: a rollback, or a draft to
 * publish, may be all they came for.
 */
function showLayersRevisions() {
  const form = $('[data-testid=import-form]');
  const code = form.layer.value.trim();
  if (!knownLayer(code) || (revisions && revisions.layer === code)) {
    return;
  }
  showRevisions(code).catch((e) => handle(e, form));
}

/**
 * A draft that can no longer be published: it was compared with a layer that has changed since (another
 * revision published, or the layer rolled back).
 */
function staleDraft(draft, list) {
  if (typeof draft.stale === 'boolean') {
    // the server's word: also a draft whose layer was published and rolled back since it was made
    return draft.stale;
  }
  const published = list.find((r) => r.state === 'published');
  return draft.state === 'draft' && (draft.basedOn ?? null) !== (published ? published.number : null);
}

/**
 * What a revision is to the layer now: current (public), published earlier, rolled back, a draft never
 * published that still can be, or a draft superseded by a later change of the layer.
 */
function standing(r, list) {
  return staleDraft(r, list) ? 'stale_draft' : r.state;
}

/**
 * When what matters about a revision happened: for one that was public, when it was published and, when a
 * rollback made it public again, when that was; for a draft, when it was imported.
 */
function revisionTimes(r) {
  const times = element('td');
  const line = (key, at) => {
    const time = element('time', 'revision-time', t(key, { time: formatDateTime(at) }));
    time.dateTime = at;
    return time;
  };
  if (r.publishedAt) {
    times.append(line('editor.publishedAt', r.publishedAt));
  } else {
    times.append(line('editor.importedAt', r.createdAt));
  }
  if (r.restoredAt) {
    times.append(line('editor.restoredAt', r.restoredAt));
  }
  return times;
}

/**
 * The file a revision read: the file sent, or the file picked out of it when it is an archive, and the
 * layer read in it unless that is the file's own name.
 */
function readFrom(r) {
  const file = r.sourceFile
    ? t('editor.fileInArchive', { file: r.sourceFile, archive: r.sourceName })
    : r.sourceName || '';
  const named = (r.sourceFile || r.sourceName || '').replace(/^.*\//, '').replace(/\.[^.]*$/, '');
  return r.sourceLayer && r.sourceLayer !== named
    ? `${file}, ${t('editor.fileLayer', { layer: r.sourceLayer })}`
    : file;
}

/** The current published revision and, when there is one, the earlier one a rollback returns to. */
function rollbackTarget(list) {
  const published = list.find((r) => r.state === 'published');
  return published && list.find((r) => r.state === 'superseded' && r.number < published.number);
}

function renderRevisions() {
  if (!revisions) {
    return;
  }
  const { layer, list } = revisions;
  const section = $('[data-testid=revisions]');
  section.dataset.layer = layer;
  section.querySelector('.layer-name').textContent = `· ${layerName(layer)}`;
  section.querySelector('tbody').replaceChildren(...list.map((r) => {
    const tr = element('tr');
    const open = element('button', 'link', t('editor.open'));
    open.type = 'button';
    open.setAttribute('aria-label', t('editor.openRevision', { number: r.number }));
    open.addEventListener('click', () => showReport(layer, r.number)
      .then(() => focusOn($('[data-testid=report] h2'), 'start'))
      .catch((e) => handle(e, section)));
    const cell = element('td');
    cell.append(open);
    const state = standing(r, list);
    tr.dataset.state = state;
    const cells = [
      ['#', r.number], [t('editor.state'), t(`editor.states.${state}`)], [t('editor.file'), readFrom(r)],
      [t('editor.by'), r.createdBy], [t('editor.when'), revisionTimes(r)],
    ].map(([label, value]) => {
      const td = value instanceof Node ? value : element('td', null, value);
      td.dataset.label = label;
      return td;
    });
    tr.append(...cells, cell);
    return tr;
  }));
  const published = list.some((r) => r.state === 'published');
  const possible = Boolean(rollbackTarget(list));
  section.querySelector('[data-testid=rollback-form]').hidden = !possible;
  reasonFor(section.querySelector('[data-testid=rollback-form]'), 'editor.rollbackReason', layer);
  section.querySelector('[data-testid=no-rollback]').hidden = !published || possible;
  section.querySelector('[data-testid=rollback-result]').textContent = shownRollback ? shownRollback() : '';
  renderTitles(layer);
  section.hidden = false;
}

// ---------------------------------------------------------------------------------------------
// a layer's titles

const LANGUAGES = ['kk', 'ru', 'en'];

/** The property of a plots or networks layer's title in {@code lang}, as the layers list gives it: titleKk. */
function titleKey(lang) {
  return `title${lang[0].toUpperCase()}${lang[1]}`;
}

/**
 * The titles form of the layer whose revisions are shown: a plots or networks layer's titles, filled in
 * when another layer is shown (what the editor typed stays through a change of language); a layer
 * defined as data is titled in its definition, which the page says instead.
 */
function renderTitles(layer) {
  const form = $('[data-testid=titles-form]');
  const titled = importableLayers.find((l) => l.code === layer);
  form.hidden = !titled;
  $('[data-testid=titles-defined]').hidden = Boolean(titled) || !customLayers.some((l) => l.code === layer);
  if (titled && form.dataset.layer !== layer) {
    fillTitles(titled);
  }
  $('[data-testid=titles-result]').textContent = shownTitles && shownTitles.layer === layer ? shownTitles.say() : '';
}

/** The form holding {@code layer}'s titles; empty in a language it has none in (its code stands there). */
function fillTitles(layer) {
  const form = $('[data-testid=titles-form]');
  form.dataset.layer = layer.code;
  for (const lang of LANGUAGES) {
    const title = layer[titleKey(lang)];
    form[lang].value = title && title !== layer.code ? title : '';
  }
}

function forgetTitles() {
  const form = $('[data-testid=titles-form]');
  delete form.dataset.layer;
  form.reset();
}

/**
 * Saves the titles as the form has them, an empty one as none; the page then names the layer by them
 * everywhere: the list of layers, the report's and the revisions' headings.
 */
async function saveTitles(event) {
  event.preventDefault();
  forgetError();
  const form = event.target;
  const layer = form.dataset.layer;
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    const body = Object.fromEntries(LANGUAGES.map((lang) => [lang, form[lang].value.trim()]));
    const titles = await api(`/api/v1/layers/${encodeURIComponent(layer)}/titles`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    // the layers list keeps the code in a language without a title, as the server gives it
    const retitled = { code: layer, kind: titles.kind };
    for (const lang of LANGUAGES) {
      retitled[titleKey(lang)] = titles[lang] ?? layer;
    }
    importableLayers = importableLayers.map((l) => (l.code === layer ? { ...l, ...retitled } : l));
    fillTitles(retitled);
    shownTitles = { layer, say: () => t('editor.titles.saved', { layer: layerName(layer) }) };
    listLayers();
    renderReport();
    renderRevisions();
  } catch (e) {
    handle(e, form);
  } finally {
    button.disabled = false;
  }
}

async function rollback(event) {
  event.preventDefault();
  forgetError();
  const form = event.target;
  const layer = $('[data-testid=revisions]').dataset.layer;
  if (!window.confirm(t('editor.rollbackConfirm', { layer: layerName(layer) }))) {
    return;
  }
  const button = form.querySelector('button');
  button.disabled = true;
  // the revision it retires: sent again after a lost answer, it retires nothing more
  const published = revisions && revisions.layer === layer
    ? revisions.list.find((r) => r.state === 'published') : null;
  try {
    const diff = await api(`/api/v1/layers/${encodeURIComponent(layer)}/rollback`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ reason: form.reason.value, revision: published ? published.number : null }),
    });
    shownRollback = () => t('editor.rolledBack', {
      added: formatNumber(diff.added), changed: formatNumber(diff.changed), removed: formatNumber(diff.removed),
    });
    form.reason.value = '';
    await loadRevisions(layer);
    // a draft of this layer shown was compared with the layer as it was: no longer publishable
    if (current && current.layer === layer) {
      renderReport();
    }
    renderRevisions();
    if (form.hidden) {
      // nothing earlier to roll back to: the form, and the button with the focus, are gone
      focusOn($('[data-testid=rollback-result]'));
    }
  } catch (e) {
    handle(e, form);
    // the rollback may have gone through with its answer lost: the list shows what is published now
    await loadRevisions(layer).then(renderRevisions).catch(() => {});
  } finally {
    button.disabled = false;
  }
}

/** Everything the page wrote in the language it had, written again in the new one. */
function redraw() {
  drawProgress();
  renderReport();
  renderRevisions();
  listLayers();
  listProfiles();
  if (shownError && !$('[data-testid=error]').hidden) {
    const [message, detail] = shownError.say();
    showError(message, detail || '', shownError.near);
  }
}

// ---------------------------------------------------------------------------------------------

async function start() {
  for (const button of document.querySelectorAll('[data-lang]')) {
    button.addEventListener('click', () => setLanguage(button.dataset.lang));
  }
  onLanguageChange(() => {
    document.title = `AdalMap — ${t('editor.subtitle')}`;
    redraw();
  });
  await setLanguage(initialLanguage());
  $('[data-testid=sign-in-form]').addEventListener('submit', (e) => signIn(e).catch((err) => handle(err, e.target)));
  $('[data-testid=sign-out]').addEventListener('click', signOut);
  $('[data-testid=import-form]').addEventListener('submit', upload);
  $('[data-testid=import-form]').layer.addEventListener('input', chooseLayer);
  $('[data-testid=import-form]').layer.addEventListener('change', showLayersRevisions);
  $('[data-testid=import-form]').profile.addEventListener('change', chooseProfile);
  $('[data-testid=publish-form]').addEventListener('submit', publish);
  $('[data-testid=confirm-datum]').addEventListener('change', offerDatumCheck);
  $('[data-testid=download-csv]').addEventListener('click', downloadCsv);
  $('[data-testid=rollback-form]').addEventListener('submit', rollback);
  $('[data-testid=titles-form]').addEventListener('submit', saveTitles);
  $('[data-testid=filter-severity]').addEventListener('change', filterIssues);
  $('[data-testid=filter-code]').addEventListener('change', () => {
    drawIssues();
    filterIssues();
  });
  $('[data-testid=load-more]').addEventListener('click', loadMore);
  $('[data-testid=error] .alert-close').addEventListener('click', forgetError);
  startDefining();
  document.addEventListener('layer-defined', defined);
  document.addEventListener('import-into', importInto);
}

start().catch((e) => showError(e.message));
