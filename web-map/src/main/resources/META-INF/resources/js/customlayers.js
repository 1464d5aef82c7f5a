// The layers departments define as data (open-budget objects, accessibility passports, service
// offices …), read from the public catalogue /api/v1/layers and drawn from their vector tiles in the
// layer's style: one colour, or a colour by an attribute's value. Each has its entries in the legend
// and a card that labels its attributes in the page's language; every value is shown as text.

import { getJson } from './api.js';
import { card, element } from './dom.js';
import { formatDate, formatNumber, language, t } from './i18n.js';
import { GEOMETRY_TYPES } from './mvt.js';
import { vectorTileLayer } from './vectortiles.js';

/** Below this zoom the server counts a point layer's features in clusters (as it does appeals). */
const POINT_ZOOM = 13;
const COLOUR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
const FALLBACK_COLOUR = '#2f6fdf';

/** A text of the catalogue ({kk, ru, en}) in the page's language, else in another. */
function inLanguage(texts) {
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

function tileStyle(meta) {
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
      return { fill: colour, stroke: '#fff', width: 1.5, radius: 6 };
    }
    if (feature.type === GEOMETRY_TYPES.LINESTRING) {
      return { stroke: colour, width: 3 };
    }
    return { fill: `${colour}66`, stroke: colour, width: 1.5 };
  };
}

/** An attribute's value as a person reads it: enum values by their label, numbers and dates formatted. */
function display(attribute, value) {
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

/** The custom layers of the catalogue, each with its tile layer, legend entries and cards. */
export function customLayers(map, ui) {
  let entries = [];

  return {
    /** Reads the catalogue and makes a tile layer of every public custom layer, shown at once. */
    async load() {
      const catalogue = await getJson('/api/v1/layers');
      entries = catalogue.layers
        .filter((meta) => meta.kind === 'custom')
        .map((meta) => {
          const layer = vectorTileLayer(`layer/${encodeURIComponent(meta.code)}`, {
            layerName: meta.code,
            style: tileStyle(meta),
            onError: (error) => ui.error(error),
          });
          layer.addTo(map);
          return { meta, layer };
        });
    },

    /** Adds each layer under its title in the page's language to the layer control's overlays. */
    addOverlays(overlays) {
      for (const { meta, layer } of entries) {
        overlays[inLanguage(meta.title) || meta.code] = layer;
      }
    },

    /** Appends to {@code list} an entry per layer, and per value for a layer coloured by an attribute. */
    drawLegend(list) {
      for (const { meta } of entries) {
        const item = element('li');
        item.dataset.testid = `legend-layer-${meta.code}`;
        item.append(swatch(meta, layerColour(meta)), element('span', null, inLanguage(meta.title) || meta.code));
        list.append(item);
        const style = meta.style || {};
        if (!style.by) {
          continue;
        }
        const attribute = meta.attributes.find((a) => a.name === style.by) || { type: 'text' };
        for (const [value, colour] of Object.entries(style.colours || {})) {
          const sub = element('li', 'legend-value');
          sub.dataset.testid = `legend-layer-${meta.code}-${value}`;
          sub.append(swatch(meta, safeColour(colour) || FALLBACK_COLOUR), element('span', null, display(attribute, value)));
          list.append(sub);
        }
      }
    },

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
        const popup = L.popup({ maxWidth: 340 }).setLatLng(latlng);
        let properties = feature.properties;
        popup.setContent(() => featureCard(meta, properties)).openOn(map);
        getJson(`/ogc/collections/${encodeURIComponent(meta.code)}/items/${encodeURIComponent(feature.id)}`)
          .then((full) => {
            properties = full.properties;
            if (popup.isOpen()) {
              popup.update();
            }
          })
          .catch((error) => ui.error(error));
        return true;
      }
      return false;
    },
  };
}
