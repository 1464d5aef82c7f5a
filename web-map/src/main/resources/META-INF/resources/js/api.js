// Reads the public API: the same endpoints any other client uses.

/** The map's visible area as bbox=minLon,minLat,maxLon,maxLat (EPSG:4326), clamped to the world. */
export function bboxOf(bounds) {
  const clamp = (value, min, max) => Math.min(max, Math.max(min, value));
  return [
    clamp(bounds.getWest(), -180, 180),
    clamp(bounds.getSouth(), -90, 90),
    clamp(bounds.getEast(), -180, 180),
    clamp(bounds.getNorth(), -90, 90),
  ].map((value) => value.toFixed(6)).join(',');
}

/** GETs a GeoJSON document; rejects with the problem's detail when the server answers with an error. */
export async function getJson(path, params = {}, signal = undefined) {
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(params)) {
    url.searchParams.set(key, value);
  }
  const response = await fetch(url, { signal, headers: { Accept: 'application/geo+json, application/json' } });
  if (!response.ok) {
    let detail = `HTTP ${response.status}`;
    try {
      const problem = await response.json();
      detail = problem.detail || detail;
    } catch (e) {
      // not a problem document; the status says enough
    }
    throw new Error(`${url.pathname}: ${detail}`);
  }
  return response.json();
}

/**
 * Calls {@code load(signal)} for the latest view only: a new call aborts the one before, so an old,
 * slow answer never overwrites a newer one.
 */
export function latestOnly(load) {
  let controller = null;
  return () => {
    if (controller) {
      controller.abort();
    }
    controller = new AbortController();
    return load(controller.signal);
  };
}

export function isAbort(error) {
  return error && error.name === 'AbortError';
}
