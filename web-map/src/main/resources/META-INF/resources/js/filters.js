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
