/**
 * Layers that departments define as data, served like the built-in ones: the public catalogue of layers,
 * their features as GeoJSON with filters built from each layer's attribute schema, and totals of a view.
 */
package kz.adalmap.api.customlayer;
