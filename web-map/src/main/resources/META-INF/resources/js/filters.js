// The entrepreneur's filters: read from and written to the page's URL, so that a copied link opens the
// same plots, view and selection. The names are the search API's query parameters.

export const STATUSES = ['free', 'auction_scheduled', 'in_application', 'allocated', 'withdrawn'];
export const CATEGORIES = ['agricultural', 'settlement', 'industrial', 'protected', 'forest', 'water', 'reserve'];
export const NETWORK_KINDS = ['power', 'gas', 'water', 'sewerage', 'heating', 'telecom'];
/** The search's orders (its sort parameter) and the key of each one's text. */
export const SORTS = {
  id: 'sort.id',
  area: 'sort.area',
  '-area': 'sort.area_desc',
  '-published': 'sort.published',
  distance_gas: 'sort.distance_gas',
  distance_power: 'sort.distance_power',
  distance_water: 'sort.distance_water',
};

/** The filter keys of the URL and the API, each with how its value is checked. */
const KEYS = {
  status: (v) => v.split(',').every((s) => STATUSES.includes(s)),
  land_category: (v) => v.split(',').every((s) => CATEGORIES.includes(s)),
  purpose: (v) => v.length >= 2 && v.length <= 100,
  min_area_ha: (v) => Number.isFinite(Number(v)) && Number(v) >= 0,
  max_area_ha: (v) => Number.isFinite(Number(v)) && Number(v) > 0,
  region: (v) => /^[0-9]{9}$/.test(v),
  cadastral_number: (v) => /^[0-9-]{2,20}$/.test(v),
  sort: (v) => Object.hasOwn(SORTS, v),
};
for (const kind of NETWORK_KINDS) {
  KEYS[`${kind}_within`] = (v) => /^[0-9]{1,5}$/.test(v) && Number(v) > 0;
}
export const FILTER_KEYS = Object.keys(KEYS);

/** The filters in the page's URL; values that are not valid are left out. */
export function filtersFromUrl(search = window.location.search) {
  const params = new URLSearchParams(search);
  const filters = {};
  for (const [key, valid] of Object.entries(KEYS)) {
    const value = params.get(key);
    if (value !== null && value !== '' && valid(value)) {
      filters[key] = value;
    }
  }
  return filters;
}

/** The selected plot in the URL (?plot=05-085-012-001 or ?plot=id:123), or null. */
export function selectionFromUrl(search = window.location.search) {
  const plot = new URLSearchParams(search).get('plot');
  return plot && /^([0-9-]{11,20}|id:[0-9]{1,18})$/.test(plot) ? plot : null;
}

/** Writes the filters and the selection into the URL, keeping the view (#zoom/lat/lon) and ?lang. */
export function writeUrl(filters, selection) {
  const url = new URL(window.location.href);
  for (const key of FILTER_KEYS) {
    url.searchParams.delete(key);
  }
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined && value !== null && value !== '') {
      url.searchParams.set(key, value);
    }
  }
  if (selection) {
    url.searchParams.set('plot', selection);
  } else {
    url.searchParams.delete('plot');
  }
  window.history.replaceState(null, '', url);
}

/** The filters that vector tiles take: the search's, less its order and the cadastral number. */
export function tileParams(filters) {
  const out = {};
  const keys = ['status', 'land_category', 'min_area_ha', 'max_area_ha', 'region', 'purpose',
    ...NETWORK_KINDS.map((kind) => `${kind}_within`)];
  for (const key of keys) {
    if (filters[key]) {
      out[key] = filters[key];
    }
  }
  return out;
}

/** The statuses of an appeal, in the order of its way to an answer. */
export const APPEAL_STATUSES = ['new', 'under_review', 'routed', 'in_progress', 'answered', 'resolved', 'rejected', 'merged'];

/**
 * The appeal filters: their keys in the page's URL (prefixed, as plots already use status) and in the
 * appeal API and tiles, each with how its value is checked.
 */
const APPEAL_KEYS = {
  appeal_category: { api: 'category', valid: (v) => v.split(',').every((s) => /^[a-z_]{1,40}$/.test(s)) },
  appeal_status: { api: 'status', valid: (v) => v.split(',').every((s) => APPEAL_STATUSES.includes(s)) },
  appeal_agency: { api: 'agency', valid: (v) => /^[A-Za-z0-9_.-]{1,64}$/.test(v) },
  appeal_from: { api: 'from', valid: (v) => /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(v) },
  appeal_to: { api: 'to', valid: (v) => /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(v) },
};

/** The appeal filters in the page's URL, keyed as in the URL; values that are not valid are left out. */
export function appealFiltersFromUrl(search = window.location.search) {
  const params = new URLSearchParams(search);
  const filters = {};
  for (const [key, { valid }] of Object.entries(APPEAL_KEYS)) {
    const value = params.get(key);
    if (value !== null && value !== '' && valid(value)) {
      filters[key] = value;
    }
  }
  return filters;
}

/** Writes the appeal filters and whether the heat map is on into the URL, leaving the rest as it is. */
export function writeAppealUrl(filters, heat) {
  const url = new URL(window.location.href);
  for (const key of Object.keys(APPEAL_KEYS)) {
    url.searchParams.delete(key);
    if (filters[key]) {
      url.searchParams.set(key, filters[key]);
    }
  }
  if (heat) {
    url.searchParams.set('heat', '1');
  } else {
    url.searchParams.delete('heat');
  }
  window.history.replaceState(null, '', url);
}

export function heatFromUrl(search = window.location.search) {
  return new URLSearchParams(search).get('heat') === '1';
}

/** The appeal filters as the appeal API and tiles take them: category, status, agency, from, to. */
export function appealParams(filters) {
  const out = {};
  for (const [key, { api }] of Object.entries(APPEAL_KEYS)) {
    if (filters[key]) {
      out[api] = filters[key];
    }
  }
  return out;
}
