// The participatory-budget page: choose a region and a district's cycle, see its phase and dates,
// propose a project by clicking the map (a point) and filling the form, see the proposals on the map
// and in a list, confirm a phone or e-mail with a code and vote, and follow the results within the cap
// and the winners' milestones. It reads and writes the same public endpoints as any other client; every
// text from the server goes on the page as text.

import { getJson } from './api.js';
import { element } from './dom.js';
import { formatDate, formatNumber, initialLanguage, language, onLanguageChange, setLanguage, t } from './i18n.js';

const PHASES = ['proposals', 'review', 'voting', 'implementation'];
const KAZAKHSTAN = [[40.5, 46.5], [55.5, 87.4]];
const $ = (selector) => document.querySelector(selector);

const state = { cycles: [], cycle: null, proposals: null, results: null, milestones: [], pin: null, key: null };
const map = L.map('map', { zoomSnap: 1, minZoom: 3, maxZoom: 19 });
map.attributionControl.setPrefix(false);
map.fitBounds(KAZAKHSTAN);
const districtLayer = L.geoJSON(null, { style: { color: '#0b6e99', weight: 2, fillOpacity: 0.04 } }).addTo(map);
const proposalLayer = L.geoJSON(null, {
  pointToLayer: (feature, latlng) => L.circleMarker(latlng, { radius: 8, weight: 2 }),
  style: (feature) => ({ color: colour(feature.properties.status), fillOpacity: 0.35 }),
  onEachFeature: (feature, layer) => layer.bindPopup(() => popup(feature.properties)),
}).addTo(map);
let pinMarker = null;

function colour(status) {
  return { accepted: '#2e9e44', rejected: '#a93226' }[status] || '#f39c12';
}

function localName(item) {
  return item[`name_${language()}`] || item.name_ru || item.kato_code;
}

function tenge(value) {
  return `${formatNumber(value)} ₸`;
}

function showError(message) {
  const alert = $('[data-testid=error]');
  alert.querySelector('.alert-text').textContent = message;
  alert.hidden = false;
}

/** POSTs {@code body} (FormData or an object sent as JSON); resolves to the answer, rejects with the problem's detail. */
async function post(path, body, headers = {}) {
  const init = { method: 'POST', headers: { Accept: 'application/json', ...headers } };
  if (body instanceof FormData) {
    init.body = body;
  } else {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(answer.detail || `HTTP ${response.status}`);
  }
  return answer;
}

function newKey() {
  return window.crypto && window.crypto.randomUUID
    ? window.crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

// ---- choosing the cycle

function regions() {
  const seen = new Map();
  for (const c of state.cycles) {
    seen.set(c.region.kato_code, c.region);
  }
  return [...seen.values()];
}

function renderChoices() {
  const regionSelect = $('[data-testid=budget-region]');
  const cycleSelect = $('[data-testid=budget-cycle]');
  const region = regionSelect.value || (state.cycle && state.cycle.region.kato_code) || '';
  regionSelect.replaceChildren(...regions().map((r) => {
    const option = element('option', null, localName(r));
    option.value = r.kato_code;
    return option;
  }));
  if (region) {
    regionSelect.value = region;
  }
  const shown = state.cycles.filter((c) => c.region.kato_code === regionSelect.value);
  cycleSelect.replaceChildren(...shown.map((c) => {
    const option = element('option', null, `${localName(c.district)} — ${c.year}`);
    option.value = String(c.id);
    return option;
  }));
  if (state.cycle && shown.some((c) => c.id === state.cycle.id)) {
    cycleSelect.value = String(state.cycle.id);
  }
  $('[data-testid=budget-empty]').hidden = state.cycles.length > 0;
}

async function loadCycles() {
  state.cycles = await getJson('/api/v1/budget/cycles');
  const asked = Number(new URLSearchParams(window.location.search).get('cycle'));
  const first = state.cycles.find((c) => c.id === asked) || state.cycles.find((c) => c.phase === 'voting')
    || state.cycles[0];
  renderChoices();
  if (first) {
    await selectCycle(first.id);
  }
}

async function selectCycle(id) {
  state.cycle = await getJson(`/api/v1/budget/cycles/${id}`);
  state.key = newKey();
  const url = new URL(window.location.href);
  url.searchParams.set('cycle', String(id));
  window.history.replaceState(null, '', url);
  districtLayer.clearLayers();
  if (state.cycle.district_geometry) {
    districtLayer.addData(state.cycle.district_geometry);
    map.fitBounds(districtLayer.getBounds(), { padding: [10, 10] });
  }
  clearPin();
  renderChoices();
  renderCycle();
  await loadProposals();
}

async function loadProposals() {
  const id = state.cycle.id;
  const [proposals, results, milestones] = await Promise.all([
    getJson(`/api/v1/budget/cycles/${id}/proposals`),
    getJson(`/api/v1/budget/cycles/${id}/results`),
    getJson(`/api/v1/budget/cycles/${id}/milestones`),
  ]);
  state.proposals = proposals;
  state.results = results;
  state.milestones = milestones;
  proposalLayer.clearLayers();
  proposalLayer.addData(proposals);
  renderProposals();
  renderResults();
  renderMilestones();
}

// ---- the cycle, its phases and the forms of the current phase

function renderCycle() {
  const c = state.cycle;
  if (!c) {
    return;
  }
  $('[data-testid=budget-info]').hidden = false;
  $('[data-testid=budget-phase]').textContent = t(`budget.phase.${c.phase}`);
  $('[data-testid=budget-cap]').textContent = tenge(c.cap_tenge);
  $('[data-testid=budget-phases]').replaceChildren(...PHASES.map((phase) => {
    const dates = c.phases[phase];
    const item = element('li', phase === c.phase ? 'current' : null,
      `${t(`budget.phase.${phase}`)}: ${formatDate(dates.from)} — ${formatDate(dates.to)}`);
    return item;
  }));
  $('[data-testid=propose]').hidden = c.phase !== 'proposals';
  $('[data-testid=vote]').hidden = c.phase !== 'voting';
  $('[data-testid=propose-hint]').textContent = state.pin ? t('budget.placeChosen') : t('budget.clickMap');
  $('[data-testid=vote-hint]').textContent = t('budget.voteHint', { n: c.max_choices });
}

function clearPin() {
  state.pin = null;
  if (pinMarker) {
    pinMarker.remove();
    pinMarker = null;
  }
}

map.on('click', (event) => {
  if (!state.cycle || state.cycle.phase !== 'proposals') {
    return;
  }
  state.pin = event.latlng;
  if (!pinMarker) {
    pinMarker = L.marker(event.latlng, { keyboard: false }).addTo(map);
    pinMarker.getElement().dataset.testid = 'propose-pin';
  } else {
    pinMarker.setLatLng(event.latlng);
  }
  $('[data-testid=propose-hint]').textContent = t('budget.placeChosen');
  $('[data-testid=propose-message]').textContent = '';
});

$('[data-testid=propose-form]').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  const message = $('[data-testid=propose-message]');
  if (!state.pin) {
    message.textContent = t('budget.clickMap');
    return;
  }
  const data = new FormData();
  data.set('lon', state.pin.lng.toFixed(6));
  data.set('lat', state.pin.lat.toFixed(6));
  for (const name of ['title', 'description', 'cost_tenge', 'contact_name', 'contact_email']) {
    if (form.elements[name].value.trim()) {
      data.set(name, form.elements[name].value);
    }
  }
  for (const file of form.elements.photos.files) {
    data.append('photos', file, file.name);
  }
  form.querySelector('button[type=submit]').disabled = true;
  message.textContent = '';
  try {
    const answer = await post(`/api/v1/budget/cycles/${state.cycle.id}/proposals`, data,
      { 'Idempotency-Key': state.key });
    state.key = newKey();
    form.reset();
    clearPin();
    const done = $('[data-testid=propose-done]');
    done.textContent = t('budget.proposed', { id: answer.id });
    done.hidden = false;
    renderCycle();
    await loadProposals();
  } catch (error) {
    message.textContent = error.message;
  } finally {
    form.querySelector('button[type=submit]').disabled = false;
  }
});

// ---- voting

let verification = null;

$('[data-testid=verify-form]').addEventListener('submit', async (event) => {
  event.preventDefault();
  const message = $('[data-testid=vote-message]');
  message.textContent = '';
  try {
    verification = await post(`/api/v1/budget/cycles/${state.cycle.id}/verifications`,
      { address: event.target.elements.address.value, language: language() });
    $('[data-testid=verify-sent]').textContent = t('budget.codeSent', { to: verification.sent_to });
    $('[data-testid=vote-form]').hidden = false;
  } catch (error) {
    message.textContent = error.message;
  }
});

$('[data-testid=vote-form]').addEventListener('submit', async (event) => {
  event.preventDefault();
  const message = $('[data-testid=vote-message]');
  const chosen = [...document.querySelectorAll('[data-testid=vote-choice]:checked')].map((box) => Number(box.value));
  if (chosen.length === 0) {
    message.textContent = t('budget.chooseFirst');
    return;
  }
  if (chosen.length > state.cycle.max_choices) {
    message.textContent = t('budget.voteHint', { n: state.cycle.max_choices });
    return;
  }
  message.textContent = '';
  const button = event.target.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    await post(`/api/v1/budget/cycles/${state.cycle.id}/votes`, {
      verification_id: verification && verification.verification_id,
      code: event.target.elements.code.value.trim(),
      proposals: chosen,
    });
    $('[data-testid=verify-form]').hidden = true;
    event.target.hidden = true;
    const done = $('[data-testid=vote-done]');
    done.textContent = t('budget.voted');
    done.hidden = false;
    await loadProposals();
  } catch (error) {
    message.textContent = error.message;
  } finally {
    button.disabled = false;
  }
});

// ---- lists

function photos(ids) {
  const box = element('div', 'photos');
  for (const id of ids || []) {
    const link = element('a');
    link.href = `/api/v1/budget/photos/${id}`;
    link.target = '_blank';
    link.rel = 'noopener';
    const image = element('img');
    image.src = `/api/v1/budget/photos/${id}/thumbnail`;
    image.alt = t('budget.photo');
    image.loading = 'lazy';
    link.append(image);
    box.append(link);
  }
  return box;
}

function popup(p) {
  const root = element('div', 'card');
  root.append(element('h2', null, p.title));
  root.append(element('p', null, `${t(`budget.status.${p.status}`)} · ${tenge(p.cost_tenge)}`));
  if (p.votes !== null && p.votes !== undefined) {
    root.append(element('p', null, `${t('budget.votes')}: ${formatNumber(p.votes)}`));
  }
  return root;
}

function renderProposals() {
  const list = $('[data-testid=proposals]');
  const features = state.proposals ? state.proposals.features : [];
  $('[data-testid=proposals-panel]').hidden = features.length === 0;
  const voting = state.cycle.phase === 'voting';
  const checked = new Set([...document.querySelectorAll('[data-testid=vote-choice]:checked')].map((b) => b.value));
  list.replaceChildren(...features.map((feature) => {
    const p = feature.properties;
    const item = element('li');
    item.dataset.testid = 'proposal';
    item.dataset.id = String(p.id);
    const heading = element('h3', null, p.title);
    heading.append(' ', element('span', `status ${p.status}`, t(`budget.status.${p.status}`)));
    item.append(heading);
    item.append(element('p', null, p.description));
    item.append(element('p', null, `${t('budget.cost')}: ${tenge(p.cost_tenge)}`));
    if (p.review_reason) {
      item.append(element('p', 'hint', `${t('budget.reason')}: ${p.review_reason}`));
    }
    if (p.votes !== null && p.votes !== undefined) {
      const votes = element('p', null, `${t('budget.votes')}: `);
      const count = element('strong', null, formatNumber(p.votes));
      count.dataset.testid = 'proposal-votes';
      votes.append(count);
      item.append(votes);
    }
    if (voting && p.status === 'accepted') {
      const label = element('label', 'choose');
      const box = element('input');
      box.type = 'checkbox';
      box.value = String(p.id);
      box.checked = checked.has(box.value);
      box.dataset.testid = 'vote-choice';
      label.append(box, element('span', null, t('budget.choose1')));
      item.append(label);
    }
    if (p.photos && p.photos.length) {
      item.append(photos(p.photos));
    }
    item.addEventListener('click', (event) => {
      if (event.target.closest('label, a')) {
        return;
      }
      proposalLayer.eachLayer((layer) => {
        if (layer.feature.properties.id === p.id) {
          map.fitBounds(L.featureGroup([layer]).getBounds(), { maxZoom: 16 });
          layer.openPopup();
        }
      });
    });
    return item;
  }));
}

function renderResults() {
  const r = state.results;
  const shown = r && r.proposals.length > 0 && ['voting', 'implementation', 'closed'].includes(state.cycle.phase);
  $('[data-testid=results-panel]').hidden = !shown;
  if (!shown) {
    return;
  }
  $('[data-testid=results-sum]').textContent = t('budget.resultsSum', {
    cap: tenge(r.cap_tenge), allocated: tenge(r.allocated_tenge), remaining: tenge(r.remaining_tenge),
  });
  $('[data-testid=results] tbody').replaceChildren(...r.proposals.map((p) => {
    const row = element('tr', p.winner ? 'winner' : null);
    row.dataset.testid = 'result';
    const outcome = p.winner ? 'budget.winner' : p.skipped ? 'budget.skipped' : 'budget.notChosen';
    row.append(element('td', null, p.title), element('td', null, tenge(p.cost_tenge)),
      element('td', null, formatNumber(p.votes)), element('td', null, t(outcome)));
    return row;
  }));
}

function renderMilestones() {
  $('[data-testid=milestones-panel]').hidden = state.milestones.length === 0;
  $('[data-testid=milestones]').replaceChildren(...state.milestones.map((m) => {
    const item = element('li');
    item.append(element('h3', null, `${m.done ? '✓ ' : ''}${m.title}`));
    item.append(element('p', 'hint', `${m.proposal_title} · ${formatDate(m.date)} · `
      + t(m.done ? 'budget.done' : 'budget.planned')));
    if (m.photos.length) {
      item.append(photos(m.photos));
    }
    return item;
  }));
}

// ---- start

$('[data-testid=error] .alert-close').addEventListener('click', () => {
  $('[data-testid=error]').hidden = true;
});
$('[data-testid=budget-region]').addEventListener('change', () => {
  renderChoices();
  const first = $('[data-testid=budget-cycle]').value;
  if (first) {
    selectCycle(Number(first)).catch((error) => showError(error.message));
  }
});
$('[data-testid=budget-cycle]').addEventListener('change', (event) => {
  selectCycle(Number(event.target.value)).catch((error) => showError(error.message));
});
for (const button of document.querySelectorAll('[data-lang]')) {
  button.addEventListener('click', () => setLanguage(button.dataset.lang));
}
onLanguageChange(() => {
  renderChoices();
  if (state.cycle) {
    renderCycle();
    renderProposals();
    renderResults();
    renderMilestones();
  }
});

setLanguage(initialLanguage())
  .then(loadCycles)
  .catch((error) => showError(error.message));
