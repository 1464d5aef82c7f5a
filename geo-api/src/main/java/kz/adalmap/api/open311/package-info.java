/** Open311 GeoReport v2 at {@code /open311/v2}: public appeals for existing Open311 clients, in XML and JSON. */
package kz.adalmap.api.open311;
