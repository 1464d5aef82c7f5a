/** Land plots: the public GeoJSON layer and the plot card with its status history. */
package kz.adalmap.api.plot;
