/** The PostGIS database the importers load into: connection, migrations, GDAL connection string. */
package kz.adalmap.importers.db;
