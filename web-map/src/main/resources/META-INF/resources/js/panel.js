// The side panel of the map (a sheet at the bottom on a phone): search by cadastral number, the
// filters, the plots in view in step with the map, the selected plot's card with a share link,
// "tell me when a free plot appears here", and the filters of the appeals with the heat map switch.

import { bboxOf, getJson, isAbort, latestOnly } from './api.js';
import { element } from './dom.js';
import { formatNumber, language, nameOf, t } from './i18n.js';
import { agencies, appealCategories } from './appeals.js';
import {
  APPEAL_STATUSES, appealParams, CATEGORIES, FILTER_KEYS, NETWORK_KINDS, SORTS, STATUSES,
} from './filters.js';
import { fullPlotCard } from './plots.js';

export const RESULTS_MIN_ZOOM = 12;
const RESULTS_LIMIT = 50;
export const SEARCH_PATH = '/api/v1/plots/search';
const EXPORT_PATH = '/api/v1/plots/export';

const $ = (selector) => document.querySelector(selector);

/** Fills the filter form from {@code filters}. */
function fillForm(form, filters) {
  for (const box of form.querySelectorAll('input[name=status]')) {
    box.checked = (filters.status || '').split(',').includes(box.value);
  }
  for (const key of FILTER_KEYS) {
    const input = form.elements.namedItem(key);
    if (input && input.type !== 'checkbox' && !(input instanceof RadioNodeList)) {
      input.value = filters[key] || '';
    }
  }
}

/** The filters the form holds. */
function readForm(form) {
  const filters = {};
  const statuses = [...form.querySelectorAll('input[name=status]:checked')].map((box) => box.value);
  if (statuses.length > 0 && statuses.length < STATUSES.length) {
    filters.status = statuses.join(',');
  }
  for (const key of FILTER_KEYS) {
    const input = form.elements.namedItem(key);
    if (key !== 'status' && input && input.value && input.value.trim() !== '') {
      filters[key] = input.value.trim();
    }
  }
  return filters;
}

function option(value, text) {
  const node = element('option', null, text);
  node.value = value;
  return node;
}

/** Draws the texts of the form's choices in the current language. */
export function labelForm(form, regions) {
  const statusBox = form.querySelector('[data-testid=filter-status]');
  const checked = new Set([...statusBox.querySelectorAll('input:checked')].map((box) => box.value));
  statusBox.replaceChildren();
  for (const status of STATUSES) {
    const label = element('label', 'check');
    const box = element('input');
    box.type = 'checkbox';
    box.name = 'status';
    box.value = status;
    box.checked = checked.has(status);
    const swatch = element('span', `swatch swatch-${status}`);
    label.append(box, swatch, element('span', null, nameOf('status', status)));
    statusBox.append(label);
  }
  const category = form.elements.namedItem('land_category');
  const chosen = category.value;
  category.replaceChildren(option('', t('filter.any')), ...CATEGORIES.map((c) => option(c, nameOf('category', c))));
  category.value = chosen;
  const region = form.elements.namedItem('region');
  const regionChosen = region.value;
  region.replaceChildren(option('', t('filter.anyRegion')), ...regions.map((r) => option(r.kato, r.name())));
  region.value = regionChosen;
  const sort = form.elements.namedItem('sort');
  const sortChosen = sort.value;
  sort.replaceChildren(...Object.entries(SORTS).map(([s, key]) => option(s === 'id' ? '' : s, t(key))));
  sort.value = sortChosen;
  for (const kind of NETWORK_KINDS) {
    const label = form.querySelector(`[data-within=${kind}]`);
    if (label) {
      label.textContent = t('filter.within', { kind: nameOf('networkKind', kind) });
    }
  }
}

/**
 * The panel. {@code state} holds filters and selection; {@code onFilters(filters)} and
 * {@code onSelect(ref, feature)} tell the map.
 */
export function panel(map, ui, state, callbacks) {
  const form = $('[data-testid=filters]');
  const resultsList = $('[data-testid=results] ol');
  const resultsTitle = $('[data-testid=results-title]');
  const cardBox = $('[data-testid=plot-card]');
  let lastResults = null;

  fillForm(form, state.filters);

  form.addEventListener('change', () => {
    state.filters = readForm(form);
    callbacks.onFilters(state.filters);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    state.filters = readForm(form);
    callbacks.onFilters(state.filters);
  });
  form.addEventListener('reset', () => {
    setTimeout(() => {
      state.filters = readForm(form);
      callbacks.onFilters(state.filters);
    });
  });

  $('[data-testid=search-form]').addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = $('[data-testid=search-number]');
    const message = $('[data-testid=search-message]');
    message.textContent = '';
    const number = cadastralNumber(input.value);
    if (!number) {
      message.textContent = t('search.badNumber');
      return;
    }
    try {
      await callbacks.onSelect(number, null, true);
    } catch (error) {
      message.textContent = /404/.test(error.message) || /not found|no plot/i.test(error.message)
        ? t('search.notFound', { number })
        : t('error.load');
    }
  });

  const loadResults = latestOnly(async (signal) => {
    if (map.getZoom() < RESULTS_MIN_ZOOM) {
      lastResults = null;
      renderResults();
      return;
    }
    ui.busy(+1);
    try {
      const params = { ...state.filters, bbox: bboxOf(map.getBounds()), limit: RESULTS_LIMIT };
      lastResults = await getJson(SEARCH_PATH, params, signal);
      renderResults();
    } catch (error) {
      if (!isAbort(error)) {
        ui.error(error);
      }
    } finally {
      ui.busy(-1);
    }
  });

  function renderResults() {
    resultsList.replaceChildren();
    if (!lastResults) {
      resultsTitle.textContent = t('results.zoomIn');
      updateExports();
      return;
    }
    const features = lastResults.features || [];
    const more = (lastResults.links || []).some((link) => link.rel === 'next');
    resultsTitle.textContent = features.length === 0
      ? t('results.none')
      : t(more ? 'results.first' : 'results.count', { n: formatNumber(features.length) });
    for (const feature of features) {
      const p = feature.properties;
      const item = element('li');
      const button = element('button', 'result');
      button.type = 'button';
      button.dataset.testid = 'result';
      button.dataset.plot = p.cadastral_number || `id:${feature.id}`;
      const swatch = element('span', `swatch swatch-${/^[a-z_]+$/.test(p.status) ? p.status : 'unknown'}`);
      const area = p.area_declared_ha ?? p.area_ha;
      button.append(swatch, element('strong', null, p.cadastral_number || t('plot.notRegistered')),
        element('span', 'muted', ` ${formatNumber(area, { maximumFractionDigits: 2 })} ${t('unit.ha')}`));
      const distances = NETWORK_KINDS
        .filter((kind) => p.nearest_networks_m && p.nearest_networks_m[kind] !== undefined
          && (state.filters[`${kind}_within`] || state.filters.sort === `distance_${kind}`))
        .map((kind) => `${nameOf('networkKind', kind)} ${formatNumber(Math.round(p.nearest_networks_m[kind]))} ${t('unit.m')}`);
      if (distances.length > 0) {
        button.append(element('span', 'muted distances', distances.join(' · ')));
      }
      button.addEventListener('click', () => callbacks.onSelect(button.dataset.plot, feature, true));
      item.append(button);
      resultsList.append(item);
    }
    updateExports();
  }

  function updateExports() {
    for (const link of document.querySelectorAll('[data-export]')) {
      const url = new URL(`${EXPORT_PATH}.${link.dataset.export}`, window.location.origin);
      for (const [key, value] of Object.entries(state.filters)) {
        url.searchParams.set(key, value);
      }
      if (map.getZoom() >= RESULTS_MIN_ZOOM) {
        url.searchParams.set('bbox', bboxOf(map.getBounds()));
      }
      link.href = url.pathname + url.search;
    }
  }

  function showCard(feature) {
    cardBox.replaceChildren();
    if (!feature) {
      cardBox.hidden = true;
      return;
    }
    const close = element('button', 'card-close', '×');
    close.type = 'button';
    close.setAttribute('aria-label', t('close'));
    close.addEventListener('click', () => callbacks.onSelect(null));
    const share = element('button', 'share', t('plot.share'));
    share.type = 'button';
    share.dataset.testid = 'share';
    const shared = element('span', 'muted shared');
    shared.setAttribute('aria-live', 'polite');
    share.addEventListener('click', async () => {
      const link = window.location.href;
      try {
        await navigator.clipboard.writeText(link);
        shared.textContent = t('plot.linkCopied');
      } catch (e) {
        // no clipboard (an insecure origin, or refused): show the link to copy by hand
        shared.textContent = link;
      }
      shared.dataset.link = link;
    });
    cardBox.append(close, fullPlotCard(feature), share, shared);
    cardBox.hidden = false;
    cardBox.scrollIntoView({ block: 'nearest' });
  }

  return {
    loadResults,
    showCard,
    refreshTexts() {
      renderResults();
    },
    setFilters(filters) {
      fillForm(form, filters);
    },
  };
}

function checkboxes(box, name, choices, chosen) {
  box.replaceChildren();
  for (const { code, label } of choices) {
    const item = element('label', 'check');
    const input = element('input');
    input.type = 'checkbox';
    input.name = name;
    input.value = code;
    input.checked = chosen.includes(code);
    item.append(input, element('span', null, label));
    box.append(item);
  }
}

/**
 * The appeal filters (category, status, agency, period) and the heat map switch. Their choices are
 * loaded when the box is first opened, so a visit that never looks at appeals asks nothing more.
 * {@code state.appealFilters} and {@code state.heat} hold them; {@code onChange()} tells the map.
 */
export function appealFilters(state, ui, onChange) {
  const box = $('[data-testid=appeal-filters-box]');
  const form = $('[data-testid=appeal-filters]');
  const agencyBox = $('[data-testid=appeal-filter-agency-box]');
  const agency = form.elements.namedItem('appeal_agency');
  let categories = null;
  let agencyList = null;
  let loaded = false;

  // corruption signals are never on the map, but the public sees how many there are
  const countSignals = latestOnly(async (signal) => {
    const line = $('[data-testid=signal-count]');
    const { status, ...params } = appealParams(state.appealFilters);
    try {
      const stats = await getJson('/api/v1/appeals/stats', params, signal);
      const signals = stats.by_category.filter((c) => !c.is_public).reduce((sum, c) => sum + c.count, 0);
      line.textContent = t('appeal.signalCount', { n: formatNumber(signals) });
    } catch (error) {
      if (!isAbort(error)) {
        line.textContent = '';
      }
    }
  });

  const chosen = (key) => (state.appealFilters[key] || '').split(',').filter(Boolean);

  function draw() {
    checkboxes($('[data-testid=appeal-filter-category]'), 'appeal_category',
      (categories || chosen('appeal_category').map((code) => ({ code, name: nameOf('appealCategory', code) })))
        .map((c) => ({ code: c.code, label: c.name })),
      chosen('appeal_category'));
    checkboxes($('[data-testid=appeal-filter-status]'), 'appeal_status',
      APPEAL_STATUSES.map((code) => ({ code, label: nameOf('appealStatus', code) })),
      chosen('appeal_status'));
    agencyBox.hidden = !agencyList;
    if (agencyList) {
      const any = element('option', null, t('filter.any'));
      any.value = '';
      agency.replaceChildren(any, ...agencyList.map((a) => {
        const option = element('option', null, a.name);
        option.value = a.code;
        return option;
      }));
    }
    agency.value = state.appealFilters.appeal_agency || '';
    form.elements.namedItem('appeal_from').value = state.appealFilters.appeal_from || '';
    form.elements.namedItem('appeal_to').value = state.appealFilters.appeal_to || '';
    form.elements.namedItem('heat').checked = state.heat;
  }

  async function load() {
    loaded = true;
    const lang = language();
    try {
      const [c, a] = await Promise.all([appealCategories(lang), agencies(lang)]);
      categories = c.categories;
      agencyList = a;
    } catch (error) {
      ui.error(error);
    }
    draw();
    countSignals();
    // the choices are final: tells readers (and tests) that the boxes will not be drawn again
    box.dataset.loaded = 'true';
  }

  function read() {
    const filters = {};
    for (const key of ['appeal_category', 'appeal_status']) {
      const values = [...form.querySelectorAll(`input[name=${key}]:checked`)].map((input) => input.value);
      if (values.length > 0) {
        filters[key] = values.join(',');
      }
    }
    for (const key of ['appeal_agency', 'appeal_from', 'appeal_to']) {
      const value = form.elements.namedItem(key).value;
      if (value) {
        filters[key] = value;
      }
    }
    state.appealFilters = filters;
    state.heat = form.elements.namedItem('heat').checked;
    onChange();
    countSignals();
  }

  form.addEventListener('change', read);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    read();
  });
  form.addEventListener('reset', () => setTimeout(read));
  box.addEventListener('toggle', () => {
    if (box.open && !loaded) {
      load();
    }
  });
  if (Object.keys(state.appealFilters).length > 0 || state.heat) {
    box.open = true;
  }
  draw();

  return {
    refreshTexts() {
      if (loaded) {
        load();
      } else {
        draw();
      }
    },
  };
}

// The groups of a cadastral number as people type or paste them: dashes (a word processor's too),
// spaces, dots, colons or slashes between them, with spaces either side, or none; Excel's
// apostrophe in front, a sentence's full stop or comma after. The server reads the same forms
// (CadastralNumber); the address is built with dashes. Null when it is not one.
export function cadastralNumber(text) {
  const typed = text.trim().replace(/^'+/, '').replace(/[.,;\s]+$/, '');
  const separator = '[ \u00a0]*[-\u2010-\u2014\u2212:./ ]?[ \u00a0]*';
  if (!new RegExp(`^[0-9]{2}${separator}[0-9]{3}${separator}[0-9]{3}${separator}[0-9]{3,}$`).test(typed)) {
    return null;
  }
  const d = typed.replace(/[^0-9]/g, '');
  return `${d.slice(0, 2)}-${d.slice(2, 5)}-${d.slice(5, 8)}-${d.slice(8)}`;
}
