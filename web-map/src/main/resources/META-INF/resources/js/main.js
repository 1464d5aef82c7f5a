// The AdalMap web map: Kazakhstan on a plain background (no basemap tiles, so it works offline),
// its regions, land plots from vector tiles coloured by status, engineering networks and citizens'
// appeals, with the entrepreneur's filters and plot card, the citizen's "report a problem" and the
// appeals' filters and heat map, the layers departments define as data with their own filters, totals,
// nearest open offices and, for the staff who may change them, editing on the map, in Kazakh, Russian
// or English. The URL holds the view (#zoom/lat/lon), the filters and the selected plot: a copied link
// opens the same.

import { getJson } from './api.js';
import { appealLayer, POINT_ZOOM } from './appeals.js';
import { customLayers } from './customlayers.js';
import { card } from './dom.js';
import {
  appealFiltersFromUrl, appealParams, filtersFromUrl, heatFromUrl, NETWORK_KINDS, selectionFromUrl, STATUSES,
  tileParams, writeAppealUrl, writeUrl,
} from './filters.js';
import { heatLayer } from './heat.js';
import { initialLanguage, language, nameOf, onLanguageChange, setLanguage, t } from './i18n.js';
import { layerEditor } from './layer-edit.js';
import {
  layerBoxes, layerFiltersFromUrl, pruneFilters, shownLayersFromUrl, writeLayerUrl, writeShownLayers,
} from './layer-filters.js';
import { appealFilters, labelForm, panel } from './panel.js';
import { networkColour, networkTiles, plotTiles } from './plots.js';
import { reportTool } from './report.js';
import { subscribeDialog } from './subscribe.js';

const KAZAKHSTAN = [[40.5, 46.5], [55.5, 87.4]];

/** The view in the URL hash, #zoom/lat/lon, or null. */
function viewFromHash() {
  const parts = window.location.hash.replace(/^#/, '').split('/').map(Number);
  if (parts.length !== 3 || parts.some((n) => !Number.isFinite(n))) {
    return null;
  }
  const [zoom, lat, lon] = parts;
  if (zoom < 0 || zoom > 22 || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    return null;
  }
  return { zoom, center: [lat, lon] };
}

function networkCard(p) {
  return card(t('network.title'), [
    [t('network.kind'), nameOf('networkKind', p.kind)],
    [t('network.name'), p.name],
  ]);
}

function keepViewInHash(map) {
  map.on('moveend', () => {
    const c = map.getCenter();
    const url = new URL(window.location.href);
    url.hash = `${map.getZoom()}/${c.lat.toFixed(5)}/${c.lng.toFixed(5)}`;
    window.history.replaceState(null, '', url);
  });
}

/** The notice, the error banner and the busy state shared by the layers. */
function userInterface(map) {
  const notice = document.querySelector('[data-testid=plot-notice]');
  const alert = document.querySelector('[data-testid=error]');
  const notices = new Map();
  let busy = 0;
  let lastError = null;
  alert.querySelector('.alert-close').addEventListener('click', () => {
    alert.hidden = true;
  });
  return {
    notice(source, text) {
      if (text) {
        notices.set(source, text);
      } else {
        notices.delete(source);
      }
      const texts = [...notices.values()];
      notice.textContent = texts.join(' · ');
      notice.hidden = texts.length === 0;
    },
    error(error) {
      lastError = error;
      // a warning, not an error: the page goes on working with what it has
      console.warn('AdalMap:', error.message);
      alert.querySelector('.alert-text').textContent = t('error.load');
      alert.hidden = false;
    },
    busy(delta) {
      busy = Math.max(0, busy + delta);
      map.getContainer().setAttribute('aria-busy', String(busy > 0));
    },
    refreshTexts() {
      if (!alert.hidden && lastError) {
        alert.querySelector('.alert-text').textContent = t('error.load');
      }
    },
  };
}

function drawLegend() {
  const list = document.querySelector('.legend-items');
  list.replaceChildren();
  for (const status of STATUSES) {
    const item = document.createElement('li');
    item.dataset.testid = `status-${status}`;
    const swatch = document.createElement('span');
    swatch.className = `swatch swatch-${status}`;
    const label = document.createElement('span');
    label.textContent = nameOf('status', status);
    item.append(swatch, label);
    list.append(item);
  }
  for (const kind of NETWORK_KINDS) {
    const item = document.createElement('li');
    item.dataset.testid = `network-${kind}`;
    const swatch = document.createElement('span');
    swatch.className = 'line-swatch';
    swatch.style.background = networkColour(kind);
    const label = document.createElement('span');
    label.textContent = nameOf('networkKind', kind);
    item.append(swatch, label);
    list.append(item);
  }
  const appeal = document.createElement('li');
  appeal.dataset.testid = 'legend-appeal';
  const dot = document.createElement('span');
  dot.className = 'swatch swatch-appeal';
  const label = document.createElement('span');
  label.textContent = t('legend.appeal');
  appeal.append(dot, label);
  list.append(appeal);
}

async function start() {
  // the closest zoom is the map's own: a layer drawn only from afar (appeal clusters) must not limit it
  const map = L.map('map', { zoomSnap: 1, worldCopyJump: true, minZoom: 3, maxZoom: 20 });
  map.attributionControl.setPrefix(false);
  L.control.scale({ imperial: false }).addTo(map);
  const view = viewFromHash();
  if (view) {
    map.setView(view.center, view.zoom);
  } else {
    map.fitBounds(KAZAKHSTAN);
  }
  keepViewInHash(map);
  const ui = userInterface(map);
  const state = {
    filters: filtersFromUrl(),
    selection: selectionFromUrl(),
    appealFilters: appealFiltersFromUrl(),
    heat: heatFromUrl(),
    layerFilters: layerFiltersFromUrl(),
    shownLayers: shownLayersFromUrl(),
    // the card open was found by a number the plot no longer has: {selection, from}, else null
    renumbered: null,
  };

  // regions under everything else, never in the way of a click
  const regionPane = map.createPane('regions');
  regionPane.style.zIndex = 350;
  regionPane.style.pointerEvents = 'none';
  const regions = L.geoJSON(null, { pane: 'regions', interactive: false, style: { className: 'region', weight: 1 } });
  regions.getAttribution = () => 'Boundaries: geokz, Alexander Rodionov (CC BY 4.0)';
  regions.addTo(map);
  let regionList = [];

  const plots = plotTiles(() => tileParams(state.filters), ui);
  const networks = networkTiles(ui);
  const appeals = appealLayer(map, ui, () => appealParams(state.appealFilters));
  const heat = heatLayer(() => appealParams(state.appealFilters), ui);
  const custom = customLayers(map, ui, {
    filters: (code) => state.layerFilters[code] || {},
    // a layer with filters in a shared link is meant to be seen
    shown: (code) => state.shownLayers.has(code) || Boolean(state.layerFilters[code]),
    report: (latlng, object) => report.openFor(latlng, object),
    cardActions: (meta, feature, popup) => editor.cardActions(meta, feature, popup),
  });
  const boxes = layerBoxes(map, ui, custom, state, (code) => {
    writeLayerUrl(state.layerFilters);
    custom.redraw(code);
    drawLegends();
  });
  const editor = layerEditor(map, ui, custom);
  const highlight = L.geoJSON(null, { interactive: false, style: { className: 'plot-selected', weight: 3, fill: false } });
  highlight.addTo(map);

  const side = panel(map, ui, state, {
    onFilters(filters) {
      writeUrl(filters, state.selection);
      plots.redraw();
      side.loadResults();
    },
    onSelect: select,
  });
  subscribeDialog(map);
  const report = reportTool(map, ui, () => {
    appeals.reload();
    heat.reload();
  });
  const appealBox = appealFilters(state, ui, () => {
    writeAppealUrl(state.appealFilters, state.heat);
    appeals.reload();
    if (state.heat) {
      heat.addTo(map);
      heat.reload();
    } else {
      heat.remove();
    }
  });

  /** Opens the card of plot {@code ref} (a cadastral number or id:N); null closes it. */
  async function select(ref, feature = null, fly = false) {
    state.selection = ref;
    writeUrl(state.filters, ref);
    if (!ref) {
      state.renumbered = null;
      highlight.clearLayers();
      side.showCard(null);
      return;
    }
    const path = ref.startsWith('id:')
      ? `/api/v1/plots/id/${encodeURIComponent(ref.slice(3))}`
      : `/api/v1/plots/${encodeURIComponent(ref)}`;
    let full;
    try {
      full = await getJson(path);
    } catch (error) {
      state.selection = null;
      writeUrl(state.filters, null);
      throw error;
    }
    const p = full.properties || {};
    if (p.renumbered_from && state.selection === ref) {
      // the number asked for is no longer the plot's: the address says the plot as it is known now
      state.selection = p.cadastral_number || `id:${full.id}`;
      writeUrl(state.filters, state.selection);
      state.renumbered = { selection: state.selection, from: p.renumbered_from };
    } else if (state.renumbered && state.renumbered.selection === ref && !p.renumbered_from
      && p.cadastral_number !== state.renumbered.from) {
      // the same card drawn again (a change of language) asks by the number the plot has now: it still
      // says that it was found under the one it had
      p.renumbered_from = state.renumbered.from;
    } else if (state.selection === ref) {
      state.renumbered = null;
    }
    highlight.clearLayers();
    highlight.addData(full);
    side.showCard(full);
    // on a phone the card is in the sheet: show it
    document.body.classList.add('panel-open');
    if (fly) {
      map.fitBounds(highlight.getBounds(), { maxZoom: 17, padding: [40, 40] });
    }
    return full;
  }

  map.on('click', (event) => {
    // placing the pin of a new appeal comes before opening what lies under it
    if (report.takeClick(event)) {
      return;
    }
    // so does drawing a new object of a layer
    if (editor.takeClick(event)) {
      return;
    }
    if (map.hasLayer(appeals) && appeals.clusterAt(event.latlng)) {
      // a cluster of appeals: closer, until they are single dots
      map.setView(event.latlng, Math.min(map.getZoom() + 2, POINT_ZOOM));
      return;
    }
    if (map.hasLayer(plots)) {
      const feature = plots.featureAt(event.latlng);
      if (feature && feature.type === 1) {
        // a cell of many plots: closer
        map.setView(event.latlng, Math.min(map.getZoom() + 2, 16));
        return;
      }
      if (feature) {
        const ref = feature.properties.cadastral_number || `id:${feature.id}`;
        select(ref).catch((error) => ui.error(error));
        return;
      }
    }
    if (custom.clickAt(event.latlng)) {
      return;
    }
    if (map.hasLayer(networks)) {
      const line = networks.featureAt(event.latlng);
      if (line) {
        L.popup().setLatLng(event.latlng).setContent(networkCard(line.properties)).openOn(map);
      }
    }
  });
  map.on('moveend', () => side.loadResults());

  let control = null;
  let openPopup = null;
  const drawLayerControl = () => {
    if (control) {
      control.remove();
    }
    const overlays = {};
    overlays[t('layer.plots')] = plots;
    overlays[t('layer.networks')] = networks;
    overlays[t('layer.appeals')] = appeals;
    custom.addOverlays(overlays);
    overlays[t('layer.regions')] = regions;
    control = L.control.layers(null, overlays, { collapsed: window.matchMedia('(max-width: 600px)').matches });
    control.addTo(map);
    drawLegends();
  };
  function drawLegends() {
    drawLegend();
    custom.drawLegend(document.querySelector('.legend-items'));
  }
  const relabel = () => {
    drawLayerControl();
    labelForm(document.querySelector('[data-testid=filters]'), regionList);
    // the first drawing of the choices has no ticks to keep: they come from the filters
    side.setFilters(state.filters);
    side.refreshTexts();
    appealBox.refreshTexts();
    report.refreshTexts();
    boxes.draw();
    editor.refreshTexts();
    ui.refreshTexts();
    if (state.selection) {
      select(state.selection).catch((error) => ui.error(error));
    }
    // an open card is redrawn in the new language: update() calls its content function again
    if (openPopup && openPopup.isOpen()) {
      openPopup.update();
    }
  };
  map.on('popupopen', (event) => {
    openPopup = event.popup;
  });
  onLanguageChange(relabel);

  for (const button of document.querySelectorAll('[data-lang]')) {
    button.addEventListener('click', () => {
      if (button.dataset.lang !== language()) {
        setLanguage(button.dataset.lang).catch((error) => ui.error(error));
      }
    });
  }
  document.querySelector('[data-testid=panel-toggle]').addEventListener('click', () => {
    document.body.classList.toggle('panel-open');
  });

  const phone = window.matchMedia('(max-width: 600px)').matches;
  if (phone) {
    // the legend folded, not over half the screen; opened by a tap
    document.querySelector('[data-testid=legend]').open = false;
  }

  await setLanguage(initialLanguage());
  plots.addTo(map);
  networks.addTo(map);
  appeals.addTo(map);
  if (state.heat) {
    heat.addTo(map);
  }
  custom.load()
    .then((entries) => {
      // a stale link's filters a layer does not take are dropped, so that its tiles do not fail
      for (const code of Object.keys(state.layerFilters)) {
        const entry = entries.find((e) => e.meta.code === code);
        const kept = entry ? pruneFilters(entry.meta, state.layerFilters[code]) : {};
        if (Object.keys(kept).length > 0) {
          state.layerFilters[code] = kept;
        } else {
          delete state.layerFilters[code];
        }
      }
      writeLayerUrl(state.layerFilters);
      state.shownLayers = new Set(entries.filter((e) => map.hasLayer(e.layer)).map((e) => e.meta.code));
      writeShownLayers(state.shownLayers);
      // the layers switched on and off in the control stay so in the URL
      map.on('overlayadd overlayremove', (event) => {
        const entry = entries.find((e) => e.layer === event.layer);
        if (entry) {
          if (event.type === 'overlayadd') {
            state.shownLayers.add(entry.meta.code);
          } else {
            state.shownLayers.delete(entry.meta.code);
          }
          writeShownLayers(state.shownLayers);
        }
      });
      drawLayerControl();
      boxes.draw();
      editor.layersLoaded();
    })
    .catch((error) => ui.error(error));
  side.loadResults();
  if (state.selection) {
    select(state.selection, null, !view).catch((error) => ui.error(error));
  }
  getJson('/api/v1/regions')
    .then((collection) => {
      regions.addData(collection);
      regionList = collection.features.map((f) => ({
        kato: f.properties.kato_code,
        name: () => f.properties[`name_${language()}`] || f.properties.name_ru,
      }));
      labelForm(document.querySelector('[data-testid=filters]'), regionList);
      side.setFilters(state.filters);
    })
    .catch((error) => ui.error(error));
}

start().catch((error) => console.warn('AdalMap could not start:', error));
