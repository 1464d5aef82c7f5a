#!/usr/bin/env bash
# Import benchmark of a land department's usual export: N generated plots of Oskemen (default
# 100,000) as a zipped Shapefile in Pulkovo 1942 / Gauss–Krüger zone 14 with the zone's number in
# front of the eastings (EPSG:28414, its .prj as GDAL writes it), imported by AdalMap and, in the same
# run, loaded by plain `ogr2ogr -f PostgreSQL` into a table in longitude and latitude: the baseline.
# The import checks each plot in the file's own coordinates too (the zone its easting names, its
# validity there), which the GeoPackage of run.sh, in longitude and latitude, does not ask for.
# Prints the times and the ratio and writes them to bench/import/projected.md.
#
#   bench/import/projected.sh [plots]
set -euo pipefail

PLOTS=${1:-100000}
DB=adalmap_bench_projected
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

SOURCE="$WORK/plots-oskemen-$PLOTS-gk14.zip"
if [ ! -f "$SOURCE" ]; then
  echo "generating $PLOTS plots of Oskemen in Gauss–Krüger zone 14"
  rm -rf "$WORK/gen" && java -jar "$JAR" generate --plots "$PLOTS" --cities oskemen --appeals 0 --out "$WORK/gen" --gpkg >/dev/null
  ogr2ogr -f "ESRI Shapefile" "$WORK/gen/plots.shp" "$WORK/gen/cadastre.gpkg" plots -t_srs EPSG:28414 \
    -lco ENCODING=UTF-8 2>/dev/null
  (cd "$WORK/gen" && zip -q "$SOURCE" plots.shp plots.shx plots.dbf plots.prj plots.cpg)
  rm -rf "$WORK/gen"
fi

fresh_database

echo "first full import of $PLOTS plots from a Gauss–Krüger Shapefile"
settle
b=$(seconds ogr2ogr -f PostgreSQL "$PG" "/vsizip/$SOURCE/plots.shp" -nln baseline -t_srs EPSG:4326 -overwrite \
  --config PG_USE_COPY YES)
settle
a=$(seconds importer projected import --layer bench-gk --file "$SOURCE" --publish)
grep -E "features:|against|published" "$WORK/last.log" | sed 's/^/  /'

cat >"$ROOT/bench/import/projected.md" <<MD
Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(( $(grep MemTotal /proc/meminfo | awk '{print $2}') / 1024 / 1024 )) GiB,
$(psql -h "$HOST" -p "$PORT" -d "$DB" -Atc "SELECT split_part(version(), ',', 1)"), $(ogr2ogr --version | cut -d, -f1):

| $PLOTS plots (zipped Shapefile, EPSG:28414) | ogr2ogr -f PostgreSQL -t_srs EPSG:4326 | AdalMap import + publish | ratio | importer heap peak (-Xmx512m) |
|---|---:|---:|---:|---:|
| first full import | $b s | $a s | $(ratio "$a" "$b") | $(heap "$WORK/gc-projected.log") MB |
MD
cat "$ROOT/bench/import/projected.md"
