// The land plots layer: loaded for the visible area from /api/v1/plots once the map is close
// enough for plots to be seen, coloured by status through CSS classes, with a card of facts.

import { bboxOf, getJson, isAbort, latestOnly } from './api.js';
import { card } from './dom.js';
import { formatDate, formatNumber, language, nameOf, t } from './i18n.js';

export const MIN_ZOOM = 13;
const LIMIT = 2000;
const CODE = /^[a-z_]+$/;

export function plotCard(p) {
  const lang = language();
  const purpose = lang === 'kk'
    ? p.intended_purpose_kk || p.intended_purpose_ru
    : p.intended_purpose_ru || p.intended_purpose_kk;
  const place = [p[`region_name_${lang}`], p[`district_name_${lang}`]].filter(Boolean).join(', ');
  const area = p.area_declared_ha === null || p.area_declared_ha === undefined
    ? formatNumber(p.area_ha, { maximumFractionDigits: 4 })
    : t('plot.areaValue', {
      declared: formatNumber(p.area_declared_ha, { maximumFractionDigits: 4 }),
      computed: formatNumber(p.area_ha, { maximumFractionDigits: 4 }),
    });
  return card(t('plot.title'), [
    [t('plot.cadastralNumber'), p.cadastral_number || t('plot.notRegistered')],
    [t('plot.status'), nameOf('status', p.status)],
    [t('plot.area'), area],
    [t('plot.category'), nameOf('category', p.land_category)],
    [t('plot.purpose'), purpose],
    [t('plot.permittedUse'), p.permitted_use],
    [t('plot.rightType'), p.right_type ? nameOf('right', p.right_type) : null],
    [t('plot.divisible'), p.divisible === null || p.divisible === undefined ? null : t(p.divisible ? 'yes' : 'no')],
    [t('plot.address'), p.address],
    [t('plot.place'), place],
    [t('plot.auctionDate'), p.auction_date ? formatDate(p.auction_date) : null],
    [t('plot.startingPrice'), p.starting_price_kzt === null || p.starting_price_kzt === undefined
      ? null
      : formatNumber(p.starting_price_kzt, { style: 'currency', currency: 'KZT', maximumFractionDigits: 0 })],
  ]);
}

/**
 * Creates the plots layer. {@code ui} gives: notice(text or null), error(error), busy(delta).
 * Returns the layer; it loads itself whenever it is on the map and the view changes.
 */
export function plotLayer(map, ui) {
  const layer = L.geoJSON(null, {
    style: (feature) => {
      const status = CODE.test(feature.properties.status) ? feature.properties.status : 'unknown';
      return { className: `plot plot-${status}`, weight: 1, fillOpacity: 0.55 };
    },
    onEachFeature: (feature, path) => {
      path.bindPopup(() => plotCard(feature.properties), { maxWidth: 340 });
    },
  });
  let truncatedAt = null;

  const showNotice = () => {
    if (!map.hasLayer(layer)) {
      ui.notice('plots', null);
    } else if (map.getZoom() < MIN_ZOOM) {
      ui.notice('plots', t('notice.zoomPlots'));
    } else if (truncatedAt !== null) {
      ui.notice('plots', t('notice.truncated', { n: formatNumber(truncatedAt) }));
    } else {
      ui.notice('plots', null);
    }
  };

  const load = latestOnly(async (signal) => {
    if (!map.hasLayer(layer) || map.getZoom() < MIN_ZOOM) {
      layer.clearLayers();
      truncatedAt = null;
      showNotice();
      return;
    }
    ui.busy(+1);
    try {
      const collection = await getJson('/api/v1/plots', { bbox: bboxOf(map.getBounds()), limit: LIMIT }, signal);
      layer.clearLayers();
      layer.addData(collection);
      const more = (collection.links || []).some((link) => link.rel === 'next');
      truncatedAt = more ? collection.numberReturned : null;
      showNotice();
    } catch (error) {
      if (!isAbort(error)) {
        ui.error(error);
      }
    } finally {
      ui.busy(-1);
    }
  });

  layer.on('add', load);
  layer.on('remove', () => {
    layer.clearLayers();
    showNotice();
  });
  map.on('moveend', () => {
    if (map.hasLayer(layer)) {
      load();
    }
  });
  layer.refreshTexts = showNotice;
  return layer;
}
