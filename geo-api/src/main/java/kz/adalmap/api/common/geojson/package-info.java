/** Streaming GeoJSON that PostGIS renders to the client. */
package kz.adalmap.api.common.geojson;
