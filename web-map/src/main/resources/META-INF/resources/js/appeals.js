// Citizens' appeals on the public control map: public fields only (the API never gives the
// reporter's contact). Below POINT_ZOOM the server's tiles count them in clusters, drawn as circles
// with their count; closer, each appeal is a dot coloured by how far the answer has got, with a card
// that links to the appeal's own page. Both follow the panel's filters.

import { bboxOf, getJson, isAbort, latestOnly } from './api.js';
import { card, element } from './dom.js';
import { formatDate, formatDateTime, formatNumber, language, nameOf, t } from './i18n.js';
import { vectorTileLayer } from './vectortiles.js';

/** From this zoom the tiles hold single appeals (the server clusters them below it). */
export const POINT_ZOOM = 13;
const LIMIT = 1000;
const CODE = /^[a-z_]+$/;
const TRACKING_CODE = /^AM-[0-9A-Z]{4}-[0-9A-Z]{4}$/;

export function appealCard(p) {
  const lang = language();
  let status = nameOf('appealStatus', p.status);
  let statusCell = status;
  if (p.overdue) {
    statusCell = element('span');
    statusCell.append(document.createTextNode(`${status} `), element('span', 'badge badge-overdue', t('appeal.overdue')));
  }
  const root = card(t('appeal.title'), [
    [t('appeal.trackingCode'), p.tracking_code],
    [t('appeal.category'), nameOf('appealCategory', p.category)],
    [t('appeal.status'), statusCell],
    [t('appeal.submitted'), p.created_at ? formatDateTime(p.created_at) : null],
    [t('appeal.due'), p.due_date ? formatDate(p.due_date) : null],
    [t('appeal.agency'), p[`agency_name_${lang}`] || p.agency_name_ru],
    [t('appeal.supportCount'), Number.isFinite(p.support_count) ? formatNumber(p.support_count) : null],
  ]);
  if (p.text) {
    root.append(element('p', 'text', p.text));
  } else if (p.text_private) {
    root.append(element('p', 'text muted', t('appeal.textPrivate')));
  }
  if (p.answer_text) {
    root.append(element('h3', null, t('appeal.answer')));
    root.append(element('p', 'text', p.answer_text));
  }
  if (TRACKING_CODE.test(p.tracking_code || '')) {
    const link = element('a', 'appeal-link', t('appeal.openPage'));
    link.href = `appeal.html?code=${encodeURIComponent(p.tracking_code)}`;
    link.dataset.testid = 'appeal-page-link';
    const line = element('p');
    line.append(link);
    root.append(line);
  }
  return root;
}

function icon(p) {
  const status = CODE.test(p.status) ? p.status : 'unknown';
  return L.divIcon({
    className: `appeal appeal-${status}${p.overdue ? ' appeal-overdue' : ''}`,
    iconSize: [18, 18],
    popupAnchor: [0, -6],
  });
}

function clusterStyle(feature) {
  const count = Number(feature.properties.count) || 1;
  return {
    fill: 'rgba(192, 57, 43, 0.85)',
    stroke: '#fff',
    width: 2,
    radius: count < 10 ? 9 : count < 100 ? 12 : 16,
    label: formatNumber(count),
  };
}

/** The appeals in view; {@code params()} gives the filters of the list (category, status, …). */
export function appealLayer(map, ui, params = () => ({})) {
  const clusters = vectorTileLayer('appeals', {
    style: clusterStyle,
    params,
    maxZoom: POINT_ZOOM - 1,
    onError: (error) => ui.error(error),
  });
  const layer = L.geoJSON(null, {
    pointToLayer: (feature, latlng) => L.marker(latlng, {
      icon: icon(feature.properties),
      keyboard: true,
      title: feature.properties.tracking_code,
    }),
    onEachFeature: (feature, marker) => {
      marker.bindPopup(() => appealCard(feature.properties), { maxWidth: 340 });
    },
  });

  const load = latestOnly(async (signal) => {
    if (!map.hasLayer(layer) || map.getZoom() < POINT_ZOOM) {
      layer.clearLayers();
      return;
    }
    ui.busy(+1);
    try {
      const collection = await getJson('/api/v1/appeals', { ...params(), bbox: bboxOf(map.getBounds()), limit: LIMIT }, signal);
      layer.clearLayers();
      layer.addData(collection);
    } catch (error) {
      if (!isAbort(error)) {
        ui.error(error);
      }
    } finally {
      ui.busy(-1);
    }
  });

  layer.on('add', load);
  layer.on('remove', () => layer.clearLayers());
  // a popup that does not fit pans the map to show itself: reloading then would redraw the markers
  // and close the very popup that was just opened
  let panningForPopup = false;
  map.on('autopanstart', () => {
    panningForPopup = true;
  });
  map.on('moveend', () => {
    if (panningForPopup) {
      panningForPopup = false;
      return;
    }
    if (map.hasLayer(layer)) {
      load();
    }
  });
  const group = L.layerGroup([clusters, layer]);
  group.reload = () => {
    if (map.hasLayer(layer)) {
      load();
    }
    if (map.hasLayer(clusters)) {
      clusters.redraw();
    }
  };
  /** The cluster drawn at {@code latlng}, or null (none there, or the map is close enough for dots). */
  group.clusterAt = (latlng) => (map.hasLayer(clusters) && map.getZoom() < POINT_ZOOM ? clusters.featureAt(latlng) : null);
  return group;
}

/** The name of a listed item (an appeal category, an agency) in {@code lang}. */
function nameIn(item, lang) {
  return item[`name_${lang}`] || item.name_ru || item.code;
}

/**
 * The appeal categories a citizen may choose, [{code, name}] in {@code lang}, with the server's file
 * limits ({max_files, max_bytes: {photo, audio, video}}).
 */
export async function appealCategories(lang) {
  const [categories, limits] = await Promise.all([
    getJson('/api/v1/appeal-categories'),
    getJson('/api/v1/appeals/submission-limits'),
  ]);
  return { categories: categories.map((c) => ({ code: c.code, name: nameIn(c, lang) })), limits };
}

/** The agencies that answer appeals, [{code, name}] in {@code lang}. */
export async function agencies(lang) {
  const list = await getJson('/api/v1/agencies');
  return list.map((a) => ({ code: a.code, name: nameIn(a, lang) }));
}
