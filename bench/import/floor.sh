#!/usr/bin/env bash
# What an import of N plots cannot do without, each part timed alone against the plain ogr2ogr load
# of the same GeoPackage in the same run: how far below the baseline's time the import could go if
# everything else cost nothing. Writes bench/import/floor.md and prints it.
#
#   bench/import/floor.sh [plots]      (after bench/import/run.sh has generated the file)
#
# Needs the project-local PostGIS (./adalmap db) or ADALMAP_DB_URL/USER/PASSWORD as run.sh does.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PLOTS=${1:-1000000}
WORK="$ROOT/bench/import/work"
SOURCE="$WORK/plots-$PLOTS.gpkg"
[ -f "$SOURCE" ] || { echo "no $SOURCE: run bench/import/run.sh $PLOTS first" >&2; exit 1; }
DB=adalmap_floor
BASE_URL=${ADALMAP_DB_URL:-jdbc:postgresql://127.0.0.1:55432/adalmap}
HOSTPORT=$(echo "$BASE_URL" | sed -E 's#jdbc:postgresql://([^/]+)/.*#\1#')
HOST=${HOSTPORT%:*}; PORT=${HOSTPORT##*:}
export PGUSER=${ADALMAP_DB_USER:-adalmap} PGPASSWORD=${ADALMAP_DB_PASSWORD:-adalmap}
PG="PG:host=$HOST port=$PORT dbname=$DB user=$PGUSER"

psql -h "$HOST" -p "$PORT" -d adalmap -q -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
psql -h "$HOST" -p "$PORT" -d "$DB" -q -c "CREATE EXTENSION IF NOT EXISTS postgis" 2>/dev/null || true
# AdalMap's own schema, for the last part: the public plots table as it is
JAR=$(ls "$ROOT"/importers/target/adalmap-importers-*-exec.jar 2>/dev/null | head -n 1)
[ -n "$JAR" ] || { echo "build the importers first (see bench/README.md)" >&2; exit 1; }
ADALMAP_DB_URL="jdbc:postgresql://$HOST:$PORT/$DB" ADALMAP_DB_USER="$PGUSER" ADALMAP_DB_PASSWORD="$PGPASSWORD" \
  java -jar "$JAR" migrate >/dev/null

seconds() { local t0 t1; t0=$(date +%s.%N); "$@" >"$WORK/floor-last.log" 2>&1 || { cat "$WORK/floor-last.log"; exit 1; }; t1=$(date +%s.%N); awk "BEGIN { printf \"%.1f\", $t1 - $t0 }"; }
sql() { psql -h "$HOST" -p "$PORT" -d "$DB" -q -v ON_ERROR_STOP=1 -c "SET max_parallel_workers_per_gather = 0" -c "$1"; }

echo "baseline: ogr2ogr -f PostgreSQL of $PLOTS plots"
base=$(seconds ogr2ogr -f PostgreSQL "$PG" "$SOURCE" plots -nln baseline -overwrite --config PG_USE_COPY YES)
echo "the import's reading: ogr2ogr into an unlogged staging table without an index"
stage=$(seconds ogr2ogr -f PostgreSQL "$PG" "$SOURCE" plots -nln staging -overwrite --config PG_USE_COPY YES \
  -lco SPATIAL_INDEX=NONE -lco UNLOGGED=ON -lco GEOMETRY_NAME=geom -lco FID=source_row -unsetFid \
  -nlt PROMOTE_TO_MULTI -dim XY -t_srs EPSG:4326 -gt 65536)
echo "validity of every geometry"
valid=$(seconds sql "SELECT count(*) FROM staging WHERE ST_IsValid(geom)")
echo "drawn area on the spheroid"
area=$(seconds sql "SELECT sum(ST_Area(geom::geography)) FROM staging")
echo "overlaps within the file: spatial index and the pairs whose boxes meet"
sql "CREATE UNLOGGED TABLE m AS SELECT source_row, geom FROM staging" >/dev/null
index=$(seconds sql "CREATE INDEX ON m USING gist (geom)")
pairs=$(seconds sql "SELECT count(*) FROM m a JOIN m b ON a.geom && b.geom AND a.source_row < b.source_row")
echo "writing the public table and one history row per plot"
sql "CREATE TABLE public_plot (id bigserial PRIMARY KEY, geom geometry(MultiPolygon, 4326), cadastral_number text UNIQUE, status text)" >/dev/null
sql "CREATE INDEX ON public_plot USING gist (geom)" >/dev/null
sql "CREATE TABLE history (id bigserial PRIMARY KEY, plot_id bigint REFERENCES public_plot (id), to_status text)" >/dev/null
publish=$(seconds sql "INSERT INTO public_plot (geom, cadastral_number, status) SELECT geom, cadastral_number, status FROM staging")
history=$(seconds sql "INSERT INTO history (plot_id, to_status) SELECT id, status FROM public_plot")
echo "the same plots inserted into AdalMap's land_plot: its indexes, checks, foreign keys and history trigger"
sql "INSERT INTO layer (code, kind, title_kk, title_ru, title_en) VALUES ('floor', 'plots', 'floor', 'floor', 'floor');
     INSERT INTO layer_revision (layer_id, number, created_by) SELECT id, 1, 'bench' FROM layer WHERE code = 'floor'" >/dev/null
real=$(seconds sql "INSERT INTO land_plot (cadastral_number, geom, area_declared_ha, land_category, intended_purpose_ru,
                      intended_purpose_kk, permitted_use, right_type, divisible, status, address, auction_date,
                      starting_price_kzt, layer_revision_id, source_row)
                    SELECT cadastral_number, geom, area_declared_ha, land_category, intended_purpose_ru,
                      intended_purpose_kk, permitted_use, right_type, divisible::boolean, status, address, auction_date,
                      starting_price_kzt, (SELECT max(id) FROM layer_revision), source_row FROM staging")

ratio() { awk "BEGIN { printf \"%.2f\", $1 / $2 }"; }
sum=$(awk "BEGIN { printf \"%.1f\", $stage + $valid + $area + $index + $pairs + $publish + $history }")
cat >"$ROOT/bench/import/floor.md" <<MD
Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $PLOTS plots, each part alone, one process, no parallel workers:

| part | time | × the ogr2ogr load ($base s) |
| --- | ---: | ---: |
| reading the file into staging (unlogged, no index) | $stage s | $(ratio "$stage" "$base") |
| validity of every geometry (\`ST_IsValid\`) | $valid s | $(ratio "$valid" "$base") |
| drawn area on the spheroid | $area s | $(ratio "$area" "$base") |
| spatial index for the overlap check | $index s | $(ratio "$index" "$base") |
| pairs of plots whose boxes meet (before any overlay) | $pairs s | $(ratio "$pairs" "$base") |
| inserting the plots into an indexed public table | $publish s | $(ratio "$publish" "$base") |
| one history row per plot | $history s | $(ratio "$history" "$base") |
| **sum** | **$sum s** | **$(ratio "$sum" "$base")** |

The last two parts on AdalMap's own public table instead of a bare one: inserting the plots into
\`land_plot\` (its nine indexes, checks, foreign keys) with their history rows, written by its
trigger, took $real s, **$(ratio "$real" "$base") ×** the ogr2ogr load on its own (against
$(awk "BEGIN { printf \"%.2f\", ($publish + $history) / $base }") × for the bare tables above).
MD
cat "$ROOT/bench/import/floor.md"
