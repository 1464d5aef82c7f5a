/** Regions and districts of Kazakhstan. */
package kz.adalmap.api.region;
