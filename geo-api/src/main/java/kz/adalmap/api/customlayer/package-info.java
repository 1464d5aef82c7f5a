/** Layers that departments define as data: their definitions (titles, attribute schema, style, owner) and who may change them. */
package kz.adalmap.api.customlayer;
