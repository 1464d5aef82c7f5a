// The layers departments define as data (open-budget objects, accessibility passports, service
// offices …), read from the public catalogue /api/v1/layers and drawn from their vector tiles in the
// layer's style: one colour, or a colour by an attribute's value. Each has its entries in the legend
// and a card that labels its attributes in the page's language; every value is shown as text. Each
// layer's filters (layer-filters.js) choose what its tiles hold, and its legend tells what they keep.

import { getJson } from './api.js';
import { card, element } from './dom.js';
import { formatDate, formatDateTime, formatNumber, language, nameOf, t } from './i18n.js';
import { describeFilters, keeps, pruneFilters } from './layer-filters.js';
import { GEOMETRY_TYPES } from './mvt.js';
import { vectorTileLayer } from './vectortiles.js';

/** Below this zoom the server counts a point layer's features in clusters (as it does appeals). */
const POINT_ZOOM = 13;
const COLOUR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
const FALLBACK_COLOUR = '#2f6fdf';

/** A text of the catalogue ({kk, ru, en}) in the page's language, else in another. */
export function inLanguage(texts) {
  if (!texts) {
    return '';
  }
  return texts[language()] || texts.ru || texts.kk || texts.en || '';
}

function safeColour(value) {
  return typeof value === 'string' && COLOUR.test(value) ? value : null;
}

/** The colour of a feature of {@code meta} by the layer's style. */
export function colourOf(meta, properties) {
  const style = meta.style || {};
  if (style.by) {
    const colours = style.colours || {};
    const value = properties[style.by];
    const own = value === undefined || value === null ? null : safeColour(colours[String(value)]);
    return own || safeColour(style.default) || FALLBACK_COLOUR;
  }
  return safeColour(style.colour) || FALLBACK_COLOUR;
}

/** The colour of the layer as a whole: its one colour, or its default. */
function layerColour(meta) {
  const style = meta.style || {};
  return safeColour(style.colour) || safeColour(style.default) || FALLBACK_COLOUR;
}

// The icons a layer's style may name, drawn as a sign inside the point's circle; another name is the
// circle alone. Text signs need no image files and stay sharp at any screen density.
const ICONS = {
  office: '\u2302', // ⌂
  school: '\u270E', // ✎
  clinic: '\u271A', // ✚
  hospital: '\u271A',
  ramp: '\u267F', // ♿
  wheelchair: '\u267F',
  money: '\u20B8', // ₸
  budget: '\u20B8',
  road: '\u2261', // ≡
  water: '\u2248', // ≈
  light: '\u2600', // ☀
  star: '\u2605', // ★
};

export function tileStyle(meta) {
  const icon = meta.style && ICONS[meta.style.icon];
  return (feature) => {
    if (feature.properties.count !== undefined && !meta.attributes.some((a) => a.name === 'count')) {
      const count = Number(feature.properties.count) || 1;
      return {
        fill: layerColour(meta),
        stroke: '#fff',
        width: 2,
        radius: count < 10 ? 9 : count < 100 ? 12 : 16,
        label: formatNumber(count),
      };
    }
    const colour = colourOf(meta, feature.properties);
    if (feature.type === GEOMETRY_TYPES.POINT) {
      return icon
        ? { fill: colour, stroke: '#fff', width: 1.5, radius: 9, label: icon }
        : { fill: colour, stroke: '#fff', width: 1.5, radius: 6 };
    }
    if (feature.type === GEOMETRY_TYPES.LINESTRING) {
      return { stroke: colour, width: 3 };
    }
    return { fill: `${colour}66`, stroke: colour, width: 1.5 };
  };
}

/** An attribute's value as a person reads it: enum values by their label, numbers and dates formatted. */
export function display(attribute, value) {
  if (value === null || value === undefined || value === '') {
    return null;
  }
  switch (attribute.type) {
    case 'enum': {
      const known = (attribute.values || []).find((v) => v.value === String(value));
      return known ? inLanguage(known.label) || known.value : String(value);
    }
    case 'integer':
    case 'number':
      return Number.isFinite(Number(value)) ? formatNumber(Number(value)) : String(value);
    case 'date':
      return formatDate(String(value));
    case 'boolean':
      return value === true || value === 'true' ? t('layers.yes') : t('layers.no');
    default:
      return String(value);
  }
}

/** The card of one feature of {@code meta}: its attributes, in the order of the schema, labelled. */
export function featureCard(meta, properties) {
  const rows = meta.attributes.map((a) => [inLanguage(a.label) || a.name, display(a, properties[a.name])]);
  const root = card(inLanguage(meta.title), rows);
  root.classList.add('custom-card');
  root.dataset.testid = `custom-card-${meta.code}`;
  return root;
}

/**
 * The key of a feature that the edit API and the object's appeals are addressed by: the value of the
 * layer's key attribute; null when the layer has none (the feature is then not addressable from here).
 */
export function featureKey(meta, properties) {
  const value = meta.key_attribute ? properties[meta.key_attribute] : null;
  return value === null || value === undefined || value === '' ? null : String(value);
}

/** What a person calls a feature: its key, else its first text attribute, else the layer's title. */
export function featureName(meta, properties) {
  const text = meta.attributes.find((a) => a.type === 'text' && properties[a.name]);
  return featureKey(meta, properties) || (text ? String(properties[text.name]) : inLanguage(meta.title));
}

const TRACKING_CODE = /^[A-Z0-9-]{4,40}$/;

/** The public appeals about an object, newest first as the server orders them; the text stays text. */
function appealList(features) {
  const box = element('div', 'object-appeals');
  box.dataset.testid = 'object-appeals';
  box.append(element('h3', null, t('layers.ui.objectAppeals', { n: formatNumber(features.length) })));
  const list = element('ul');
  for (const feature of features) {
    const p = feature.properties || {};
    const item = element('li');
    item.dataset.testid = 'object-appeal';
    const code = String(p.tracking_code || '');
    if (TRACKING_CODE.test(code)) {
      const link = element('a', null, code);
      link.href = `appeal.html?code=${encodeURIComponent(code)}`;
      item.append(link);
    } else {
      item.append(element('strong', null, code));
    }
    item.append(element('span', 'muted', ` ${nameOf('appealStatus', p.status)}`));
    if (p.created_at) {
      item.append(element('span', 'muted', ` · ${formatDateTime(p.created_at)}`));
    }
    if (p.text) {
      item.append(element('p', 'text', p.text));
    }
    list.append(item);
  }
  box.append(list);
  return box;
}

function swatch(meta, colour) {
  if (meta.geometry_type === 'line') {
    const line = element('span', 'line-swatch');
    line.style.background = colour;
    return line;
  }
  const box = element('span', meta.geometry_type === 'point' ? 'swatch swatch-point' : 'swatch');
  box.style.background = colour;
  return box;
}

/** The point of a GeoJSON geometry where a pin about it goes: a point's own, else null. */
function pointOf(geometry) {
  if (geometry && geometry.type === 'Point' && Array.isArray(geometry.coordinates)) {
    return L.latLng(geometry.coordinates[1], geometry.coordinates[0]);
  }
  return null;
}

/**
 * The appeals about an object: the features of its public appeals, or null when the server has no
 * such list (404: an older server) or could not answer; the card then shows nothing about them.
 */
async function objectAppeals(code, key) {
  const response = await fetch(
    `/api/v1/layers/${encodeURIComponent(code)}/features/${encodeURIComponent(key)}/appeals`,
    { headers: { Accept: 'application/geo+json, application/json' } },
  );
  if (!response.ok) {
    return null;
  }
  const collection = await response.json();
  return Array.isArray(collection.features) ? collection.features : null;
}

/**
 * The custom layers of the catalogue, each with its tile layer, legend entries and cards.
 * {@code hooks.filters(code)} gives a layer's filters as query parameters of its tiles;
 * {@code hooks.shown(code)} whether the layer is on the map from the start;
 * {@code hooks.report(latlng, object)} opens the report form about an object;
 * {@code hooks.cardActions(meta, feature, popup)} may add the editor's buttons to a card.
 */
export function customLayers(map, ui, hooks) {
  let entries = [];

  /** Opens the card of {@code feature} ({id, properties, geometry?}) of {@code meta} at {@code latlng}. */
  function showCard(meta, latlng, feature) {
    const popup = L.popup({ maxWidth: 340 }).setLatLng(latlng);
    const shown = { id: feature.id, properties: feature.properties, latlng: pointOf(feature.geometry) || latlng };
    let appeals = null;
    let settled = false;
    popup.setContent(() => {
      const root = featureCard(meta, shown.properties);
      if (settled) {
        // the card will not be drawn again by itself: tells readers (and tests) it is whole
        root.dataset.complete = 'true';
      }
      const actions = element('div', 'card-actions');
      const report = element('button', 'secondary', t('layers.ui.report'));
      report.type = 'button';
      report.dataset.testid = `custom-report-${meta.code}`;
      report.addEventListener('click', () => {
        map.closePopup(popup);
        hooks.report(shown.latlng, {
          layer: meta.code,
          key: featureKey(meta, shown.properties),
          title: featureName(meta, shown.properties),
        });
      });
      actions.append(report);
      const more = hooks.cardActions ? hooks.cardActions(meta, shown, popup) : null;
      if (more) {
        actions.append(more);
      }
      root.append(actions);
      if (appeals && appeals.length > 0) {
        root.append(appealList(appeals));
      }
      return root;
    }).openOn(map);
    const refresh = () => {
      if (popup.isOpen()) {
        popup.update();
      }
    };
    const key = () => featureKey(meta, shown.properties);
    const loadAppeals = () => {
      const done = () => {
        settled = true;
        refresh();
      };
      if (!key()) {
        done();
        return;
      }
      objectAppeals(meta.code, key())
        .then((features) => {
          appeals = features;
        })
        .catch(() => {
          // the list is an extra: a card without it is still whole
        })
        .finally(done);
    };
    if (feature.id === undefined || feature.id === null) {
      loadAppeals();
      return popup;
    }
    getJson(`/ogc/collections/${encodeURIComponent(meta.code)}/items/${encodeURIComponent(feature.id)}`)
      .then((full) => {
        shown.properties = full.properties;
        shown.latlng = pointOf(full.geometry) || shown.latlng;
        shown.geometry = full.geometry;
        refresh();
        loadAppeals();
      })
      .catch((error) => ui.error(error));
    return popup;
  }

  return {
    /**
     * Reads the catalogue and makes a tile layer of every public custom layer; those the page asks
     * for are shown at once, the others wait in the layer control (all of them at once hide the map).
     */
    async load() {
      const catalogue = await getJson('/api/v1/layers');
      entries = catalogue.layers
        .filter((meta) => meta.kind === 'custom')
        .map((meta) => {
          const entry = { meta, changed: false };
          entry.layer = vectorTileLayer(`layer/${encodeURIComponent(meta.code)}`, {
            layerName: meta.code,
            style: tileStyle(meta),
            // only what the layer takes: a stale link's filters must not make its tiles fail
            params: () => pruneFilters(meta, hooks.filters(meta.code)),
            // tiles are kept for a while: once edited here, the layer's tiles are asked for again
            cache: () => (entry.changed ? 'no-cache' : 'default'),
            onError: (error) => ui.error(error),
          });
          if (hooks.shown(meta.code)) {
            entry.layer.addTo(map);
          }
          return entry;
        });
      return entries;
    },

    /** The layers read: [{meta, layer}]. */
    entries() {
      return entries;
    },

    /** Draws the tiles of layer {@code code} again: its filters changed, or its features ({@code changed}). */
    redraw(code, changed = false) {
      const entry = entries.find((e) => e.meta.code === code);
      if (entry) {
        entry.changed = entry.changed || changed;
        entry.layer.redraw();
        if (changed && !map.hasLayer(entry.layer)) {
          // whoever just changed a layer wants to see the change
          entry.layer.addTo(map);
        }
      }
    },

    /** Adds each layer under its title in the page's language to the layer control's overlays. */
    addOverlays(overlays) {
      for (const { meta, layer } of entries) {
        overlays[inLanguage(meta.title) || meta.code] = layer;
      }
    },

    /**
     * Appends to {@code list} an entry per layer, and per value for a layer coloured by an attribute;
     * values the layer's filters leave out are struck through, and a line says what the filters keep.
     */
    drawLegend(list) {
      for (const { meta } of entries) {
        const filters = hooks.filters(meta.code);
        const item = element('li');
        item.dataset.testid = `legend-layer-${meta.code}`;
        item.append(swatch(meta, layerColour(meta)), element('span', null, inLanguage(meta.title) || meta.code));
        list.append(item);
        const style = meta.style || {};
        if (style.by) {
          const attribute = meta.attributes.find((a) => a.name === style.by) || { type: 'text' };
          for (const [value, colour] of Object.entries(style.colours || {})) {
            const sub = element('li', 'legend-value');
            sub.dataset.testid = `legend-layer-${meta.code}-${value}`;
            if (!keeps(filters, style.by, value)) {
              sub.classList.add('legend-off');
              sub.dataset.off = 'true';
            }
            sub.append(swatch(meta, safeColour(colour) || FALLBACK_COLOUR), element('span', null, display(attribute, value)));
            list.append(sub);
          }
        }
        const described = describeFilters(meta, filters);
        if (described) {
          const line = element('li', 'legend-value legend-filter', described);
          line.dataset.testid = `legend-layer-${meta.code}-filter`;
          list.append(line);
        }
      }
    },

    /** Opens the card of a feature found elsewhere (the nearest offices) at {@code latlng}. */
    showCard,

    /**
     * Answers a click: zooms into a cluster, or opens the card of the feature under it with its full
     * attributes (tiles leave long texts out). False when no custom layer has a feature there.
     */
    clickAt(latlng) {
      for (let i = entries.length - 1; i >= 0; i -= 1) {
        const { meta, layer } = entries[i];
        if (!map.hasLayer(layer)) {
          continue;
        }
        const feature = layer.featureAt(latlng);
        if (!feature) {
          continue;
        }
        if (feature.id === undefined && feature.properties.count !== undefined) {
          map.setView(latlng, Math.min(map.getZoom() + 2, POINT_ZOOM));
          return true;
        }
        showCard(meta, latlng, { id: feature.id, properties: feature.properties });
        return true;
      }
      return false;
    },
  };
}
