/** Private copies of the files users hand in, unpacked safely, with the dataset GDAL should read found in them. */
package kz.adalmap.importers.source;
