// The AdalMap web map: Kazakhstan on a plain background (no basemap tiles, so it works offline),
// its regions, land plots coloured by status and citizens' appeals, in Kazakh, Russian or English.

import { getJson } from './api.js';
import { appealLayer } from './appeals.js';
import { initialLanguage, language, nameOf, onLanguageChange, setLanguage, t } from './i18n.js';
import { plotLayer } from './plots.js';

const KAZAKHSTAN = [[40.5, 46.5], [55.5, 87.4]];
const STATUSES = ['free', 'auction_scheduled', 'in_application', 'allocated', 'withdrawn'];

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
  const map = L.map('map', { zoomSnap: 1, worldCopyJump: true, minZoom: 3 });
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

  // regions under everything else, never in the way of a click
  const regionPane = map.createPane('regions');
  regionPane.style.zIndex = 350;
  regionPane.style.pointerEvents = 'none';
  const regions = L.geoJSON(null, { pane: 'regions', interactive: false, style: { className: 'region', weight: 1 } });
  regions.getAttribution = () => 'Boundaries: geokz, Alexander Rodionov (CC BY 4.0)';
  regions.addTo(map);
  const plots = plotLayer(map, ui);
  const appeals = appealLayer(map, ui);

  let control = null;
  let openPopup = null;
  const relabel = () => {
    if (control) {
      control.remove();
    }
    const overlays = {};
    overlays[t('layer.plots')] = plots;
    overlays[t('layer.appeals')] = appeals;
    overlays[t('layer.regions')] = regions;
    control = L.control.layers(null, overlays, { collapsed: window.matchMedia('(max-width: 600px)').matches });
    control.addTo(map);
    drawLegend();
    plots.refreshTexts();
    ui.refreshTexts();
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

  await setLanguage(initialLanguage());
  plots.addTo(map);
  appeals.addTo(map);
  getJson('/api/v1/regions')
    .then((collection) => regions.addData(collection))
    .catch((error) => ui.error(error));
}

start().catch((error) => console.warn('AdalMap could not start:', error));
