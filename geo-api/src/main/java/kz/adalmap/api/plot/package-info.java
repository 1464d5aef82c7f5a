/**
 * Land plots: the public GeoJSON layer, the entrepreneur's search with its CSV and GeoJSON exports,
 * and the plot card with its status history, nearest networks and nearby appeals.
 */
package kz.adalmap.api.plot;
