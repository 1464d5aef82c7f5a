/** Loading GIS files into AdalMap's PostGIS database, and the command line that does it. */
package kz.adalmap.importers;
