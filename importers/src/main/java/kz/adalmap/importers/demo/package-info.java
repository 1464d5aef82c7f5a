/** The demo data set: generated cadastre, networks and appeals for the demo cities, loaded idempotently. */
package kz.adalmap.importers.demo;
