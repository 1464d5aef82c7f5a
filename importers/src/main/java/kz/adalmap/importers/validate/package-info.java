/** Rules a feature must satisfy before it is published: cadastral numbers, geometry, attributes. */
package kz.adalmap.importers.validate;
