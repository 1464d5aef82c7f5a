// The filters of the layers departments define as data, one box per layer shown on the map, built
// from the layer's schema: enum values as checkboxes, yes/no attributes as "must have it" ticks,
// numbers and dates as from/to, text as a search. They go to the layer's tiles and stay in the page's
// URL as <code>.<parameter>=value (budget.status=done,building&budget.min_amount_allocated=1000), so a
// copied link shows the same objects. Under the filters: how many objects the view holds and the totals
// of their amounts, and for a layer with opening hours the nearest offices open now.

import { bboxOf, getJson, isAbort, latestOnly } from './api.js';
import { element } from './dom.js';
import { formatDateTime, formatNumber, t } from './i18n.js';
import { display, featureName, inLanguage } from './customlayers.js';

const CODE = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const PARAM = /^[a-z][a-z0-9_]{0,70}$/;
const MAX_VALUE = 200;
const NEAREST_LIMIT = 5;

/** Every layer's filters in the page's URL, {code: {parameter: value}}; the catalogue prunes them later. */
export function layerFiltersFromUrl(search = window.location.search) {
  const all = {};
  for (const [name, value] of new URLSearchParams(search)) {
    const dot = name.indexOf('.');
    const code = name.slice(0, dot);
    const param = name.slice(dot + 1);
    if (dot > 0 && CODE.test(code) && PARAM.test(param) && value !== '' && value.length <= MAX_VALUE) {
      all[code] = { ...(all[code] || {}), [param]: value };
    }
  }
  return all;
}

/** The departments' layers the page's URL shows ({@code layers=budget-objects,accessibility}). */
export function shownLayersFromUrl(search = window.location.search) {
  const listed = (new URLSearchParams(search).get('layers') || '').split(',');
  return new Set(listed.filter((code) => CODE.test(code)));
}

/** Writes the departments' layers shown into the URL ({@code layers=…}; none: no parameter). */
export function writeShownLayers(shown) {
  const url = new URL(window.location.href);
  if (shown.size > 0) {
    url.searchParams.set('layers', [...shown].sort().join(','));
  } else {
    url.searchParams.delete('layers');
  }
  window.history.replaceState(null, '', url);
}

/** Writes every layer's filters into the URL, leaving the rest of it as it is. */
export function writeLayerUrl(all) {
  const url = new URL(window.location.href);
  for (const name of [...url.searchParams.keys()]) {
    const dot = name.indexOf('.');
    if (dot > 0 && CODE.test(name.slice(0, dot))) {
      url.searchParams.delete(name);
    }
  }
  for (const [code, filters] of Object.entries(all)) {
    for (const [param, value] of Object.entries(filters)) {
      url.searchParams.set(`${code}.${param}`, value);
    }
  }
  window.history.replaceState(null, '', url);
}

/** Whether {@code filters} keep the features whose {@code attribute} is {@code value}. */
export function keeps(filters, attribute, value) {
  const chosen = filters && filters[attribute];
  return !chosen || chosen.split(',').includes(String(value));
}

/** What a layer's filters keep, as a person reads it ("Status: Done · Allocated from 1,000"), or ''. */
export function describeFilters(meta, filters) {
  if (!filters || Object.keys(filters).length === 0) {
    return '';
  }
  const parts = [];
  for (const a of meta.attributes) {
    const label = inLanguage(a.label) || a.name;
    const chosen = filters[a.name];
    if (chosen && a.type === 'boolean') {
      parts.push(chosen === 'true' ? label : `${label}: ${t('layers.no')}`);
    } else if (chosen) {
      parts.push(`${label}: ${chosen.split(',').map((v) => display(a, v)).join(', ')}`);
    }
    const from = filters[`min_${a.name}`];
    const to = filters[`max_${a.name}`];
    if (from && to) {
      parts.push(`${label}: ${display(a, from)}–${display(a, to)}`);
    } else if (from) {
      parts.push(`${label} ${t('layers.ui.from')} ${display(a, from)}`);
    } else if (to) {
      parts.push(`${label} ${t('layers.ui.to')} ${display(a, to)}`);
    }
  }
  if (filters.q) {
    parts.push(`«${filters.q}»`);
  }
  return parts.length === 0 ? '' : `${t('layers.ui.shown')}: ${parts.join(' · ')}`;
}

/** Only the filters the layer takes ({@code meta.filters}), so a stale link cannot make its tiles fail. */
export function pruneFilters(meta, filters) {
  const allowed = new Set(meta.filters || []);
  return Object.fromEntries(Object.entries(filters || {}).filter(([param]) => allowed.has(param)));
}

/** An amount of tenge in the page's language, with its thousands separated. */
function tenge(value) {
  return `${formatNumber(value, { maximumFractionDigits: 2 })} ₸`;
}

/** Metres, or kilometres from one on. */
function distance(metres) {
  return metres < 1000
    ? `${formatNumber(Math.round(metres))} ${t('unit.m')}`
    : `${formatNumber(metres / 1000, { maximumFractionDigits: 1 })} ${t('layers.ui.km')}`;
}

function input(name, type, value) {
  const node = element('input');
  node.name = name;
  node.type = type;
  node.value = value || '';
  return node;
}

function labelled(text, control) {
  const label = element('label');
  label.append(element('span', null, text), control);
  return label;
}

/** The form of a layer's filters, from its schema, holding {@code filters}. */
function filterForm(meta, filters) {
  const form = element('form');
  form.dataset.testid = `layer-filters-${meta.code}`;
  const allowed = new Set(meta.filters || []);
  const booleans = element('div', 'checks');
  if (allowed.has('q')) {
    const q = input('q', 'search', filters.q);
    q.maxLength = MAX_VALUE;
    q.dataset.testid = `layer-filter-${meta.code}-q`;
    form.append(labelled(t('layers.ui.search'), q));
  }
  for (const a of meta.attributes) {
    const label = inLanguage(a.label) || a.name;
    if (a.type === 'enum' && allowed.has(a.name)) {
      const box = element('fieldset');
      box.append(element('legend', null, label));
      const checks = element('div', 'checks');
      for (const v of a.values || []) {
        const item = element('label', 'check');
        const tick = input(a.name, 'checkbox', v.value);
        tick.checked = (filters[a.name] || '').split(',').includes(v.value);
        tick.dataset.testid = `layer-filter-${meta.code}-${a.name}-${v.value}`;
        item.append(tick, element('span', null, inLanguage(v.label) || v.value));
        checks.append(item);
      }
      box.append(checks);
      form.append(box);
    } else if (a.type === 'boolean' && allowed.has(a.name)) {
      // a tick asks for the features that have it; no tick, any
      const item = element('label', 'check');
      const tick = input(a.name, 'checkbox', 'true');
      tick.checked = filters[a.name] === 'true';
      tick.dataset.testid = `layer-filter-${meta.code}-${a.name}`;
      item.append(tick, element('span', null, label));
      booleans.append(item);
    } else if (['integer', 'number', 'date'].includes(a.type)
        && allowed.has(`min_${a.name}`) && allowed.has(`max_${a.name}`)) {
      const type = a.type === 'date' ? 'date' : 'number';
      const pair = element('div', 'pair');
      for (const [bound, text] of [['min', `${label}, ${t('layers.ui.from')}`], ['max', t('layers.ui.to')]]) {
        const field = input(`${bound}_${a.name}`, type, filters[`${bound}_${a.name}`]);
        field.dataset.testid = `layer-filter-${meta.code}-${bound}_${a.name}`;
        if (type === 'number') {
          field.step = a.type === 'integer' ? '1' : 'any';
          field.inputMode = 'decimal';
        }
        pair.append(labelled(text, field));
      }
      form.append(pair);
    }
  }
  if (booleans.children.length > 0) {
    const box = element('fieldset');
    box.append(element('legend', null, t('layers.ui.mustHave')), booleans);
    form.append(box);
  }
  const row = element('div', 'row');
  const apply = element('button', null, t('filter.apply'));
  apply.type = 'submit';
  const reset = element('button', null, t('filter.reset'));
  reset.type = 'reset';
  reset.dataset.testid = `layer-filter-${meta.code}-reset`;
  row.append(apply, reset);
  form.append(row);
  return form;
}

/** The filters {@code form} holds, as the layer's query parameters. */
function readForm(form) {
  const filters = {};
  for (const field of form.elements) {
    if (!field.name || (field.type === 'checkbox' && !field.checked)) {
      continue;
    }
    const value = field.value.trim();
    if (value !== '') {
      filters[field.name] = filters[field.name] ? `${filters[field.name]},${value}` : value;
    }
  }
  return filters;
}

/**
 * The boxes of the layers in the side panel. {@code state.layerFilters} holds every layer's filters;
 * {@code onChange(code)} tells the map that a layer's filters changed.
 */
export function layerBoxes(map, ui, custom, state, onChange) {
  const container = document.querySelector('[data-testid=layer-boxes]');
  const opened = new Set(Object.keys(state.layerFilters));
  const totals = new Map();
  const nearestShown = L.layerGroup().addTo(map);
  const nearestResults = new Map();

  function totalLine(meta) {
    return document.querySelector(`[data-testid="layer-total-${meta.code}"]`);
  }

  /** The count and the amounts of the layer's features in view under its filters. */
  function loadTotal(meta) {
    if (!totals.has(meta.code)) {
      totals.set(meta.code, latestOnly(async (signal) => {
        try {
          const params = { ...(state.layerFilters[meta.code] || {}), bbox: bboxOf(map.getBounds()) };
          const summary = await getJson(`/api/v1/layers/${encodeURIComponent(meta.code)}/summary`, params, signal);
          const line = totalLine(meta);
          if (line) {
            drawTotal(line, meta, summary);
          }
        } catch (error) {
          if (!isAbort(error)) {
            ui.error(error);
          }
        }
      }));
    }
    totals.get(meta.code)();
  }

  function drawTotal(line, meta, summary) {
    line.replaceChildren();
    const count = element('span', 'total-count', t('layers.ui.inView', { n: formatNumber(summary.count) }));
    line.dataset.count = String(summary.count);
    line.append(count);
    for (const a of meta.attributes.filter((x) => x.type === 'number')) {
      const value = summary.sums ? summary.sums[a.name] : undefined;
      if (value === undefined || value === null) {
        continue;
      }
      const sum = element('span', 'total-sum', `${inLanguage(a.label) || a.name}: ${tenge(Number(value))}`);
      sum.dataset.sum = a.name;
      sum.dataset.value = String(value);
      line.append(sum);
    }
    line.dataset.loaded = 'true';
  }

  /** The nearest features of a layer with opening hours open now, from {@code latlng}. */
  async function findNearest(meta, latlng, box) {
    const list = box.querySelector('.nearest-list');
    const message = box.querySelector('.nearest-message');
    message.textContent = t('layers.ui.searching');
    list.replaceChildren();
    nearestShown.clearLayers();
    const nearest = (openNow) => getJson(`/api/v1/layers/${encodeURIComponent(meta.code)}/nearest`, {
      lon: latlng.lng.toFixed(6), lat: latlng.lat.toFixed(6), open_now: openNow ? 'true' : 'false', limit: NEAREST_LIMIT,
    });
    let features;
    let closedOnly = false;
    try {
      features = (await nearest(true)).features || [];
      if (features.length === 0) {
        // at night nothing is open: the nearest ones, with when each opens, still help
        features = (await nearest(false)).features || [];
        closedOnly = true;
      }
    } catch (error) {
      message.textContent = t('layers.ui.nearestFailed');
      return;
    }
    nearestResults.set(meta.code, { latlng, features, closedOnly });
    drawNearest(meta, box);
  }

  function drawNearest(meta, box) {
    const result = nearestResults.get(meta.code);
    const list = box.querySelector('.nearest-list');
    const message = box.querySelector('.nearest-message');
    list.replaceChildren();
    nearestShown.clearLayers();
    if (!result) {
      message.textContent = '';
      return;
    }
    if (result.features.length === 0) {
      message.textContent = t('layers.ui.noneOpen');
    } else {
      message.textContent = result.closedOnly ? t('layers.ui.noneOpenNearest') : '';
    }
    for (const feature of result.features) {
      const p = feature.properties || {};
      const where = feature.geometry && feature.geometry.type === 'Point'
        ? L.latLng(feature.geometry.coordinates[1], feature.geometry.coordinates[0])
        : null;
      const button = element('button', 'result');
      button.type = 'button';
      button.dataset.testid = `nearest-${meta.code}`;
      button.append(element('strong', null, featureName(meta, p)),
        element('span', 'muted', ` ${distance(Number(p.distance_m) || 0)}`));
      if (p.open_now === false && p.opens_next) {
        button.append(element('span', 'muted distances', t('layers.ui.opensAt', { time: formatDateTime(p.opens_next) })));
      }
      if (where) {
        nearestShown.addLayer(L.circleMarker(where, {
          radius: 11, color: '#0b6e99', weight: 3, fill: false, interactive: false, className: 'nearest-mark',
        }));
        button.addEventListener('click', () => {
          map.flyTo(where, Math.max(map.getZoom(), 16), { duration: 0.5 });
          map.once('moveend', () => custom.showCard(meta, where, feature));
        });
      }
      const item = element('li');
      item.append(button);
      list.append(item);
    }
  }

  function nearestTools(meta, box) {
    const tools = element('div', 'nearest');
    const row = element('div', 'row');
    const centre = element('button', 'secondary', t('layers.ui.nearestOpen'));
    centre.type = 'button';
    centre.dataset.testid = `nearest-open-${meta.code}`;
    centre.addEventListener('click', () => findNearest(meta, map.getCenter(), box));
    const here = element('button', 'secondary', t('layers.ui.fromMyLocation'));
    here.type = 'button';
    here.dataset.testid = `nearest-here-${meta.code}`;
    here.addEventListener('click', () => {
      const message = box.querySelector('.nearest-message');
      if (!navigator.geolocation) {
        message.textContent = t('report.noLocation');
        return;
      }
      message.textContent = t('report.locating');
      navigator.geolocation.getCurrentPosition(
        (position) => {
          const latlng = L.latLng(position.coords.latitude, position.coords.longitude);
          map.setView(latlng, Math.max(map.getZoom(), 15));
          findNearest(meta, latlng, box);
        },
        // refused or not found: the map's centre still answers
        () => findNearest(meta, map.getCenter(), box),
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
      );
    });
    row.append(centre, here);
    const message = element('p', 'muted small nearest-message');
    message.setAttribute('aria-live', 'polite');
    const list = element('ol', 'nearest-list');
    list.dataset.testid = `nearest-list-${meta.code}`;
    tools.append(row, message, list);
    return tools;
  }

  function box(meta) {
    const details = element('details', 'filters-box layer-box');
    details.dataset.testid = `layer-box-${meta.code}`;
    details.open = opened.has(meta.code);
    details.append(element('summary', null, inLanguage(meta.title) || meta.code));
    const form = filterForm(meta, state.layerFilters[meta.code] || {});
    const changed = () => {
      const filters = readForm(form);
      if (Object.keys(filters).length > 0) {
        state.layerFilters[meta.code] = filters;
      } else {
        delete state.layerFilters[meta.code];
      }
      onChange(meta.code);
      loadTotal(meta);
    };
    form.addEventListener('change', changed);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      changed();
    });
    form.addEventListener('reset', () => setTimeout(changed));
    details.append(form);
    if (meta.attributes.some((a) => a.type === 'number')) {
      const line = element('p', 'layer-total');
      line.dataset.testid = `layer-total-${meta.code}`;
      line.setAttribute('aria-live', 'polite');
      details.append(line);
    }
    if (meta.attributes.some((a) => a.type === 'opening_hours')) {
      details.append(nearestTools(meta, details));
      drawNearest(meta, details);
    }
    details.addEventListener('toggle', () => {
      if (details.open) {
        opened.add(meta.code);
        loadTotal(meta);
      } else {
        opened.delete(meta.code);
      }
    });
    return details;
  }

  function draw() {
    container.replaceChildren();
    for (const { meta, layer } of custom.entries()) {
      const useful = (meta.filters || []).length > 0
        || meta.attributes.some((a) => a.type === 'number' || a.type === 'opening_hours');
      if (map.hasLayer(layer) && useful) {
        const details = box(meta);
        container.append(details);
        if (details.open) {
          loadTotal(meta);
        }
      }
    }
  }

  map.on('moveend', () => {
    for (const { meta, layer } of custom.entries()) {
      if (map.hasLayer(layer) && opened.has(meta.code) && meta.attributes.some((a) => a.type === 'number')) {
        loadTotal(meta);
      }
    }
  });
  map.on('overlayadd overlayremove', draw);

  return {
    /** Draws the boxes again: the catalogue was read, or the language changed. */
    draw,
  };
}
