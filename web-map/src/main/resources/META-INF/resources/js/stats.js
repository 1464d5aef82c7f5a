// The statistics page of appeals: filters by period, region and category, the figures with their
// definitions, bar charts drawn as inline SVG, and the ranking of agencies by answers on time. It reads
// the same public endpoints as any other client; every name from the server is put on the page as text.

import { getJson, isAbort, latestOnly } from './api.js';
import { element } from './dom.js';
import { formatNumber, initialLanguage, language, nameOf, onLanguageChange, setLanguage, t } from './i18n.js';

const SVG = 'http://www.w3.org/2000/svg';
const FILTERS = ['from', 'to', 'region', 'category'];
const STATUSES = ['new', 'under_review', 'routed', 'in_progress', 'answered', 'resolved', 'rejected', 'merged'];

const $ = (selector) => document.querySelector(selector);
const form = $('[data-testid=filters]');
let categories = [];
let regions = [];
let stats = null;

/** The name of a row from the server (category, region, agency) in the page's language. */
function localName(item) {
  return item[`name_${language()}`] || item.name_ru || item.code || item.kato_code;
}

function percent(share) {
  return share === null || share === undefined
    ? '—'
    : formatNumber(share, { style: 'percent', maximumFractionDigits: 1 });
}

/** The filters as query parameters: only those set. */
function filterParams() {
  const params = {};
  for (const name of FILTERS) {
    const value = form.elements[name].value;
    if (value) {
      params[name] = value;
    }
  }
  return params;
}

function showError(message) {
  const alert = $('[data-testid=error]');
  alert.querySelector('.alert-text').textContent = message;
  alert.hidden = false;
}

/**
 * A horizontal bar chart: one row per item, its name above a bar as long as its share of the largest
 * count, the count beside the bar. The bars are drawn in per cent of the column, so the chart fits any
 * screen while its text keeps the page's size.
 */
function barChart(container, items) {
  container.replaceChildren();
  if (items.length === 0) {
    container.append(element('p', 'empty', t('stats.noData')));
    return;
  }
  // the longest bar takes this share of the column, leaving room for its count
  const barSpace = 85;
  const row = 36;
  const max = Math.max(1, ...items.map((item) => item.count));
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('width', '100%');
  svg.setAttribute('height', String(items.length * row));
  svg.setAttribute('role', 'img');
  items.forEach((item, i) => {
    const y = i * row;
    const label = document.createElementNS(SVG, 'text');
    label.setAttribute('class', 'bar-label');
    label.setAttribute('x', '0');
    label.setAttribute('y', String(y + 12));
    label.textContent = item.notPublic ? `${item.label} (${t('stats.notPublic')})` : item.label;
    const bar = document.createElementNS(SVG, 'rect');
    const length = (item.count / max) * barSpace;
    bar.setAttribute('class', item.notPublic ? 'bar not-public' : 'bar');
    bar.setAttribute('x', '0');
    bar.setAttribute('y', String(y + 17));
    bar.setAttribute('height', '13');
    bar.setAttribute('width', `${length.toFixed(3)}%`);
    bar.dataset.key = item.key;
    bar.dataset.count = String(item.count);
    const title = document.createElementNS(SVG, 'title');
    title.textContent = `${item.label}: ${formatNumber(item.count)}`;
    bar.append(title);
    const value = document.createElementNS(SVG, 'text');
    value.setAttribute('class', 'bar-value');
    value.setAttribute('x', `${length.toFixed(3)}%`);
    value.setAttribute('dx', '4');
    value.setAttribute('y', String(y + 28));
    value.dataset.key = item.key;
    value.textContent = formatNumber(item.count);
    svg.append(label, bar, value);
  });
  container.append(svg);
}

function render() {
  if (!stats) {
    return;
  }
  $('[data-testid=total]').textContent = formatNumber(stats.total);
  $('[data-testid=resolved]').textContent = percent(stats.resolved.share);
  $('[data-testid=resolved]').title = t('stats.ofTotal', {
    part: formatNumber(stats.resolved.resolved),
    whole: formatNumber(stats.resolved.closed),
  });
  $('[data-testid=median]').textContent =
    stats.first_answer.median_days === null
      ? '—'
      : formatNumber(stats.first_answer.median_days, {
          style: 'unit',
          unit: 'day',
          unitDisplay: 'long',
          maximumFractionDigits: 1,
        });
  $('[data-testid=overdue]').textContent = percent(stats.overdue.share);
  $('[data-testid=overdue]').title = t('stats.ofTotal', {
    part: formatNumber(stats.overdue.overdue),
    whole: formatNumber(stats.overdue.counted),
  });

  barChart(
    $('[data-testid=chart-category]'),
    stats.by_category.map((c) => ({ key: c.code, label: localName(c), count: c.count, notPublic: !c.is_public })),
  );
  barChart(
    $('[data-testid=chart-status]'),
    STATUSES.map((status) => ({
      key: status,
      label: nameOf('appealStatus', status),
      count: (stats.by_status.find((s) => s.status === status) || { count: 0 }).count,
    })),
  );
  const byRegion = stats.by_region.map((r) => ({ key: r.kato_code, label: localName(r), count: r.count }));
  if (stats.without_region > 0) {
    byRegion.push({ key: '', label: t('stats.withoutRegion'), count: stats.without_region });
  }
  barChart($('[data-testid=chart-region]'), byRegion);
  const byAgency = stats.by_agency.map((a) => ({ key: a.code, label: localName(a), count: a.count }));
  if (stats.without_agency > 0) {
    byAgency.push({ key: '', label: t('stats.withoutAgency'), count: stats.without_agency });
  }
  barChart($('[data-testid=chart-agency]'), byAgency);

  $('[data-testid=ranking-min]').textContent = t('stats.rankingMin', {
    n: formatNumber(stats.ranking.min_appeals),
    left: formatNumber(stats.ranking.left_out),
  });
  const body = $('[data-testid=ranking] tbody');
  body.replaceChildren();
  if (stats.ranking.agencies.length === 0) {
    const cell = element('td', null, t('stats.noRanking'));
    cell.colSpan = 4;
    const row = element('tr');
    row.append(cell);
    body.append(row);
  }
  stats.ranking.agencies.forEach((agency, i) => {
    const row = element('tr');
    row.dataset.code = agency.code;
    row.append(
      element('td', null, formatNumber(i + 1)),
      element('td', null, localName(agency)),
      element('td', null, t('stats.ofTotal', { part: formatNumber(agency.on_time), whole: formatNumber(agency.due) })),
      element('td', null, percent(agency.share)),
    );
    body.append(row);
  });
}

/** The names in the filter lists follow the language; the chosen values stay. */
function fillSelects() {
  const region = form.elements.region;
  const chosenRegion = region.value;
  region.replaceChildren(element('option', null, t('stats.any')));
  region.firstChild.value = '';
  for (const r of regions) {
    const option = element('option', null, localName(r));
    option.value = r.kato_code;
    region.append(option);
  }
  region.value = chosenRegion;
  const category = form.elements.category;
  const chosenCategory = category.value;
  category.replaceChildren(element('option', null, t('stats.any')));
  category.firstChild.value = '';
  for (const c of categories) {
    const option = element('option', null, c.is_public ? localName(c) : `${localName(c)} (${t('stats.notPublic')})`);
    option.value = c.code;
    category.append(option);
  }
  category.value = chosenCategory;
}

const loadStats = latestOnly(async (signal) => {
  const params = filterParams();
  const query = new URLSearchParams(params).toString();
  $('[data-testid=export]').href = `api/v1/appeals/export.csv${query ? `?${query}` : ''}`;
  // the filters are in the address, so that a view of the statistics can be shared
  const url = new URL(window.location.href);
  for (const name of FILTERS) {
    if (params[name]) {
      url.searchParams.set(name, params[name]);
    } else {
      url.searchParams.delete(name);
    }
  }
  window.history.replaceState(null, '', url);
  try {
    stats = await getJson('api/v1/appeals/stats', params, signal);
    $('[data-testid=error]').hidden = true;
    render();
    document.body.dataset.loaded = query;
  } catch (error) {
    if (!isAbort(error)) {
      showError(error.message);
    }
  }
});

async function start() {
  onLanguageChange(() => {
    document.title = `AdalMap — ${t('stats.title')}`;
  });
  await setLanguage(initialLanguage());
  for (const button of document.querySelectorAll('[data-lang]')) {
    button.addEventListener('click', () => setLanguage(button.dataset.lang).catch((error) => showError(error.message)));
  }
  $('[data-testid=error] .alert-close').addEventListener('click', () => {
    $('[data-testid=error]').hidden = true;
  });
  const [categoryList, regionLayer] = await Promise.all([
    getJson('api/v1/appeal-categories'),
    getJson('api/v1/regions'),
  ]);
  categories = categoryList;
  regions = regionLayer.features.map((f) => f.properties);
  fillSelects();
  const asked = new URLSearchParams(window.location.search);
  for (const name of FILTERS) {
    if (asked.get(name)) {
      form.elements[name].value = asked.get(name);
    }
  }
  onLanguageChange(() => {
    fillSelects();
    render();
  });
  form.addEventListener('change', () => loadStats());
  // the form's reset clears the fields after this event: load once they are empty
  form.addEventListener('reset', () => setTimeout(() => loadStats(), 0));
  await loadStats();
}

start().catch((error) => showError(error.message));
