/**
 * OGC API – Features (Part 1 Core with GeoJSON and OpenAPI 3.0, Part 2 CRS by reference) over the public
 * layers: plots, networks, appeals and regions.
 */
package kz.adalmap.api.ogc;
