// The density of appeals as a heat map: the points and clusters of the appeal vector tiles in view
// (a cluster weighs its count), blurred into one canvas over the map and coloured from cool to hot.
// One canvas for the whole view, not one per tile, so that a hot spot on a tile edge stays round.

import { decodeTile, GEOMETRY_TYPES } from './mvt.js';

const TILE = 256;
const RADIUS = 28;
const MAX_TILES = 64;
/** Weight that reaches the hottest colour: a dozen appeals on one spot. */
const FULL = 12;

/** 256 colours, from transparent blue through green and yellow to red, by density. */
function palette() {
  const canvas = document.createElement('canvas');
  canvas.width = 256;
  canvas.height = 1;
  const context = canvas.getContext('2d');
  const gradient = context.createLinearGradient(0, 0, 256, 0);
  gradient.addColorStop(0.0, 'rgba(0, 0, 255, 0)');
  gradient.addColorStop(0.25, 'rgba(0, 120, 255, 0.6)');
  gradient.addColorStop(0.5, 'rgba(0, 200, 80, 0.75)');
  gradient.addColorStop(0.75, 'rgba(255, 210, 0, 0.85)');
  gradient.addColorStop(1.0, 'rgba(220, 20, 20, 0.9)');
  context.fillStyle = gradient;
  context.fillRect(0, 0, 256, 1);
  return context.getImageData(0, 0, 256, 1).data;
}

/** A soft round stamp: the blur of one appeal. */
function stamp() {
  const canvas = document.createElement('canvas');
  canvas.width = RADIUS * 2;
  canvas.height = RADIUS * 2;
  const context = canvas.getContext('2d');
  const gradient = context.createRadialGradient(RADIUS, RADIUS, 0, RADIUS, RADIUS, RADIUS);
  gradient.addColorStop(0, 'rgba(0, 0, 0, 1)');
  gradient.addColorStop(1, 'rgba(0, 0, 0, 0)');
  context.fillStyle = gradient;
  context.fillRect(0, 0, RADIUS * 2, RADIUS * 2);
  return canvas;
}

/**
 * @param {function} params the appeal filters as the tiles take them
 * @param {object} ui error(error) and busy(delta) of the map
 */
export function heatLayer(params, ui) {
  const colours = palette();
  const blob = stamp();
  // decoded tiles by address: a move of the map fetches only the tiles that came into view
  const cache = new Map();
  let generation = 0;

  const Heat = L.Layer.extend({
    onAdd(map) {
      this.canvas = L.DomUtil.create('canvas', 'heat-layer leaflet-zoom-hide');
      this.canvas.dataset.testid = 'heat-layer';
      this.canvas.setAttribute('aria-hidden', 'true');
      this.getPane().append(this.canvas);
      map.on('moveend', this.refresh, this);
      this.refresh();
    },

    onRemove(map) {
      map.off('moveend', this.refresh, this);
      this.canvas.remove();
      generation += 1;
    },

    getAttribution() {
      return null;
    },

    /** Forgets the tiles, as the filters changed, and draws again. */
    reload() {
      cache.clear();
      if (this._map) {
        this.refresh();
      }
    },

    async refresh() {
      const map = this._map;
      const mine = ++generation;
      const zoom = Math.max(0, Math.min(22, Math.round(map.getZoom())));
      const bounds = map.getPixelBounds();
      const scale = map.getZoomScale(zoom, map.getZoom());
      const min = bounds.min.multiplyBy(scale).divideBy(TILE).floor();
      const max = bounds.max.multiplyBy(scale).divideBy(TILE).floor();
      const count = 2 ** zoom;
      const addresses = [];
      for (let x = min.x; x <= max.x; x += 1) {
        // east of the antimeridian the world repeats: the same tile, drawn one world further
        const wrapped = ((x % count) + count) % count;
        for (let y = Math.max(0, min.y); y <= Math.min(count - 1, max.y); y += 1) {
          addresses.push({ z: zoom, x: wrapped, y, shift: x - wrapped });
        }
      }
      const query = new URLSearchParams(params()).toString();
      ui.busy(+1);
      try {
        const tiles = await Promise.all(addresses.slice(0, MAX_TILES).map((a) => this.tile(a, query)));
        if (mine === generation) {
          this.draw(tiles);
        }
      } catch (error) {
        ui.error(error);
      } finally {
        ui.busy(-1);
      }
    },

    /** The weighted points of a tile, in world pixels at its zoom. */
    async tile(a, query) {
      const url = `/tiles/appeals/${a.z}/${a.x}/${a.y}.mvt${query ? `?${query}` : ''}`;
      if (!cache.has(url)) {
        cache.set(url, fetch(url).then(async (response) => {
          if (!response.ok) {
            throw new Error(`${url}: HTTP ${response.status}`);
          }
          const layer = decodeTile(await response.arrayBuffer()).appeals;
          const points = [];
          for (const feature of layer ? layer.features : []) {
            if (feature.type !== GEOMETRY_TYPES.POINT) {
              continue;
            }
            const weight = Math.max(1, Number(feature.properties.count) || 1);
            for (const [[x, y]] of feature.geometry) {
              points.push([(a.x + x / layer.extent) * TILE, (a.y + y / layer.extent) * TILE, weight]);
            }
          }
          return points;
        }).catch((error) => {
          cache.delete(url);
          throw error;
        }));
      }
      const points = await cache.get(url);
      return { zoom: a.z, shift: a.shift * TILE, points };
    },

    draw(tiles) {
      const map = this._map;
      const size = map.getSize();
      const ratio = window.devicePixelRatio || 1;
      const canvas = this.canvas;
      canvas.width = Math.round(size.x * ratio);
      canvas.height = Math.round(size.y * ratio);
      canvas.style.width = `${size.x}px`;
      canvas.style.height = `${size.y}px`;
      L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
      const context = canvas.getContext('2d');
      context.clearRect(0, 0, canvas.width, canvas.height);
      const topLeft = map.getPixelBounds().min;
      let drawn = 0;
      for (const { zoom, shift, points } of tiles) {
        const scale = map.getZoomScale(map.getZoom(), zoom);
        for (const [x, y, weight] of points) {
          const px = ((x + shift) * scale - topLeft.x) * ratio;
          const py = (y * scale - topLeft.y) * ratio;
          const r = RADIUS * ratio;
          if (px < -r || py < -r || px > canvas.width + r || py > canvas.height + r) {
            continue;
          }
          context.globalAlpha = Math.min(1, 0.25 + weight / FULL);
          context.drawImage(blob, px - r, py - r, r * 2, r * 2);
          drawn += 1;
        }
      }
      context.globalAlpha = 1;
      canvas.dataset.points = String(drawn);
      if (drawn === 0) {
        return;
      }
      // the darkness of the stamps, 0 … 255, becomes a colour of the palette
      const image = context.getImageData(0, 0, canvas.width, canvas.height);
      const data = image.data;
      for (let i = 3; i < data.length; i += 4) {
        const density = data[i];
        if (density > 0) {
          data[i - 3] = colours[density * 4];
          data[i - 2] = colours[density * 4 + 1];
          data[i - 1] = colours[density * 4 + 2];
          data[i] = colours[density * 4 + 3];
        }
      }
      context.putImageData(image, 0, 0);
    },
  });

  return new Heat({ pane: 'overlayPane' });
}
