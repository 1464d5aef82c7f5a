// A Leaflet layer drawing the server's vector tiles (/tiles/{layer}/{z}/{x}/{y}.mvt) on canvases:
// a million plots stay smooth because the browser only ever holds the tiles in view. The browser's
// HTTP cache revalidates tiles with their ETag. Clicks are matched to the feature drawn under them.

import { decodeTile, distanceToParts, GEOMETRY_TYPES, insideRings } from './mvt.js';

const HIT_PIXELS = 6;

/**
 * @param {string} name the server's tile layer: plots, networks, appeals or layer/{code}
 * @param {object} options layerName: the layer inside the tile when it is not {@code name};
 *   style(feature, zoom) → { fill, stroke, width, radius } or null to skip;
 *   params() → the query parameters of the tiles (filters); onError(error); onLoad(count);
 *   maxZoom: the closest zoom the layer is drawn at (any when not given);
 *   cache() → the fetch's cache mode ('no-cache' asks the server again, once the data is known to have changed)
 */
export function vectorTileLayer(name, options) {
  const Layer = L.GridLayer.extend({
    createTile(coords, done) {
      const tile = document.createElement('canvas');
      const size = this.getTileSize();
      const ratio = window.devicePixelRatio || 1;
      tile.width = size.x * ratio;
      tile.height = size.y * ratio;
      tile.dataset.tile = `${name}/${coords.z}/${coords.x}/${coords.y}`;
      const query = new URLSearchParams(options.params ? options.params() : {}).toString();
      const url = `/tiles/${name}/${coords.z}/${coords.x}/${coords.y}.mvt${query ? `?${query}` : ''}`;
      fetch(url, { cache: options.cache ? options.cache() : 'default' })
        .then((response) => {
          if (!response.ok) {
            throw new Error(`${url}: HTTP ${response.status}`);
          }
          return response.arrayBuffer();
        })
        .then((buffer) => {
          const layer = decodeTile(buffer)[options.layerName || name];
          const features = layer ? layer.features : [];
          const extent = layer ? layer.extent : 4096;
          this.tiles.set(this.keyOf(coords), { features, extent });
          draw(tile, features, extent, coords.z, ratio);
          tile.dataset.features = String(features.length);
          if (features.length > 0 && performance.getEntriesByName(`adalmap:first-tile:${name}`).length === 0) {
            // when the first tile with data was drawn, for the browser's performance timeline
            performance.mark(`adalmap:first-tile:${name}`);
          }
          if (options.onLoad) {
            options.onLoad(features.length);
          }
          done(null, tile);
        })
        .catch((error) => {
          if (options.onError) {
            options.onError(error);
          }
          done(error, tile);
        });
      return tile;
    },

    keyOf(coords) {
      return `${coords.z}/${coords.x}/${coords.y}`;
    },

    /** The feature drawn at {@code latlng} at the current zoom, or null. */
    featureAt(latlng) {
      const map = this._map;
      const zoom = Math.round(map.getZoom());
      const size = this.getTileSize();
      const point = map.project(latlng, zoom);
      const coords = { z: zoom, x: Math.floor(point.x / size.x), y: Math.floor(point.y / size.y) };
      const entry = this.tiles.get(this.keyOf(coords));
      if (!entry) {
        return null;
      }
      const scale = entry.extent / size.x;
      const x = (point.x - coords.x * size.x) * scale;
      const y = (point.y - coords.y * size.y) * scale;
      // the last drawn is on top: look from the end
      for (let i = entry.features.length - 1; i >= 0; i -= 1) {
        const feature = entry.features[i];
        if (!options.style(feature, zoom)) {
          continue;
        }
        if (feature.type === GEOMETRY_TYPES.POLYGON && insideRings(feature.geometry, x, y)) {
          return feature;
        }
        if (feature.type !== GEOMETRY_TYPES.POLYGON
            && distanceToParts(feature.geometry, x, y) <= HIT_PIXELS * scale + radiusOf(feature, zoom) * scale) {
          return feature;
        }
      }
      return null;
    },
  });

  function radiusOf(feature, zoom) {
    const style = options.style(feature, zoom);
    return style && style.radius ? style.radius : 0;
  }

  function draw(canvas, features, extent, zoom, ratio) {
    const context = canvas.getContext('2d');
    const scale = (canvas.width / extent);
    context.lineJoin = 'round';
    context.lineCap = 'round';
    for (const feature of features) {
      const style = options.style(feature, zoom);
      if (!style) {
        continue;
      }
      context.beginPath();
      if (feature.type === GEOMETRY_TYPES.POINT) {
        for (const [[x, y]] of feature.geometry) {
          context.moveTo(x * scale + style.radius * ratio, y * scale);
          context.arc(x * scale, y * scale, style.radius * ratio, 0, 2 * Math.PI);
        }
      } else {
        for (const part of feature.geometry) {
          part.forEach(([x, y], i) => (i === 0 ? context.moveTo(x * scale, y * scale) : context.lineTo(x * scale, y * scale)));
        }
      }
      if (style.fill && feature.type !== GEOMETRY_TYPES.LINESTRING) {
        context.fillStyle = style.fill;
        context.fill('evenodd');
      }
      if (style.stroke) {
        context.strokeStyle = style.stroke;
        context.lineWidth = (style.width || 1) * ratio;
        context.stroke();
      }
      if (style.label && feature.type === GEOMETRY_TYPES.POINT) {
        const [[x, y]] = feature.geometry[0];
        context.fillStyle = style.labelColor || '#fff';
        context.font = `${11 * ratio}px sans-serif`;
        context.textAlign = 'center';
        context.textBaseline = 'middle';
        context.fillText(style.label, x * scale, y * scale);
      }
    }
  }

  const layer = new Layer({
    pane: options.pane || 'overlayPane', maxNativeZoom: 22, maxZoom: options.maxZoom, updateWhenZooming: false,
  });
  layer.tiles = new Map();
  layer.on('tileunload', (event) => layer.tiles.delete(layer.keyOf(event.coords)));
  return layer;
}
