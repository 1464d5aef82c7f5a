/** Reading and writing GIS files through GDAL's command-line tools. */
package kz.adalmap.importers.gdal;
