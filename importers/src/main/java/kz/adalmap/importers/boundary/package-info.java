/** Administrative boundaries of Kazakhstan: regions and districts with their KATO codes. */
package kz.adalmap.importers.boundary;
