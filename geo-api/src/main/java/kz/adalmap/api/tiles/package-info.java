/** Mapbox vector tiles of the public plot, network and appeal layers, rendered by PostGIS. */
package kz.adalmap.api.tiles;
