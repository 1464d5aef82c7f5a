/**
 * Layers that departments define as data: their definitions (titles, attribute schema, style, owner) and
 * who may change them, edits of their features on the map, and their serving like the built-in layers —
 * the public catalogue, features as GeoJSON with filters built from each layer's attribute schema, and
 * totals of a view.
 */
package kz.adalmap.api.customlayer;
