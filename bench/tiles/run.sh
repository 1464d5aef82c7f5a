#!/usr/bin/env bash
# Vector tile benchmark: the demo cadastre of N plots (default 1,000,000) in the four demo cities,
# served by the AdalMap jar; every tile of a sample over the cities, z10-z16, is requested without
# an ETag (nothing caches tiles in the server, so every such request renders its tile) and its
# latency measured with curl. Baseline in the same run: the plain ST_AsMVT query of the plots of each
# of the same tiles, timed in psql. ROUNDS rounds (default 3) alternate the two, and each tile counts
# with its median. Also checks that a tile sent back with its ETag is answered 304. Prints the table
# and writes it to bench/tiles/work/results.md.
#
#   bench/tiles/run.sh [plots]          # e.g. bench/tiles/run.sh 200000 for a quick run
#
# Needs the project-local PostGIS (./adalmap db) or ADALMAP_DB_URL/USER/PASSWORD pointing at a
# server where the user may create databases. The database adalmap_tiles_bench is kept between runs
# and reloaded only when it does not hold N plots. TILES_PER_CITY (default 8) sets the sample size.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PLOTS=${1:-1000000}
PER_CITY=${TILES_PER_CITY:-8}
WORK="$ROOT/bench/tiles/work"
DB=adalmap_tiles_bench
HTTP_PORT=${ADALMAP_BENCH_PORT:-18089}
BASE_URL=${ADALMAP_DB_URL:-jdbc:postgresql://127.0.0.1:55432/adalmap}
HOSTPORT=$(echo "$BASE_URL" | sed -E 's#jdbc:postgresql://([^/]+)/.*#\1#')
HOST=${HOSTPORT%:*}; PORT=${HOSTPORT##*:}
export PGUSER=${ADALMAP_DB_USER:-adalmap} PGPASSWORD=${ADALMAP_DB_PASSWORD:-adalmap}
export ADALMAP_DB_URL="jdbc:postgresql://$HOST:$PORT/$DB" ADALMAP_DB_USER="$PGUSER" ADALMAP_DB_PASSWORD="$PGPASSWORD"
SHARED=${ADALMAP_SHARED_DATA:-$ROOT/../shared/data}
psql_db() { psql -h "$HOST" -p "$PORT" -d "$DB" -X -q "$@"; }

mkdir -p "$WORK"
if ! ls "$ROOT"/importers/target/adalmap-importers-*-exec.jar "$ROOT"/geo-api/target/adalmap-geo-api-*.jar >/dev/null 2>&1; then
  (cd "$ROOT" && mvn -q -B -DskipTests package)
fi
IMPORTER=$(ls "$ROOT"/importers/target/adalmap-importers-*-exec.jar | head -n 1)
APP=$(ls "$ROOT"/geo-api/target/adalmap-geo-api-*.jar | grep -v -e '-tests' -e '\.original' | head -n 1)

# the data: the importer's demo (generated once per size, loaded into a database of its own)
have=$(psql_db -Atc "SELECT count(*) FROM land_plot WHERE retired_revision_id IS NULL" 2>/dev/null || echo 0)
# a database left by another version of the schema is reloaded too
if [ "$have" != "$PLOTS" ] || ! java -jar "$IMPORTER" migrate >"$WORK/migrate.log" 2>&1; then
  echo "loading $PLOTS demo plots into $DB"
  psql -h "$HOST" -p "$PORT" -d postgres -X -q -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
  psql_db -c "CREATE EXTENSION IF NOT EXISTS postgis" 2>/dev/null || true
  java -Xmx1g -jar "$IMPORTER" demo --plots "$PLOTS" --appeals 2000 --work-dir "$WORK/demo-$PLOTS" \
    --boundaries "$SHARED/kz-admin" >"$WORK/demo.log" 2>&1 || { tail -20 "$WORK/demo.log"; exit 1; }
fi
psql_db -c "VACUUM ANALYZE" 2>/dev/null
# the application builds the low-zoom grid at start when it is not current: time it from scratch
psql_db -c "TRUNCATE plot_tile_cell, plot_tile_build"

# the sample: for each city, the tiles at z10-z16 holding PER_CITY randomly chosen plots (fixed seed)
psql_db -At -F ' ' >"$WORK/tiles.txt" <<SQL
SELECT setseed(0.2026);
WITH plots AS (
    SELECT ST_Transform(ST_PointOnSurface(p.geom), 3857) AS g, row_number() OVER (PARTITION BY l.code ORDER BY random()) AS n
    FROM land_plot p JOIN layer_revision r ON r.id = p.layer_revision_id JOIN layer l ON l.id = r.layer_id
    WHERE p.retired_revision_id IS NULL)
SELECT DISTINCT z, floor((ST_X(g) + 20037508.342789244) / (40075016.68557849 / 2 ^ z))::int,
                floor((20037508.342789244 - ST_Y(g)) / (40075016.68557849 / 2 ^ z))::int
FROM plots, generate_series(10, 16) z WHERE n <= $PER_CITY ORDER BY 1, 2, 3;
SQL
sed -i '/^$/d' "$WORK/tiles.txt"
echo "$(wc -l <"$WORK/tiles.txt") tiles in the sample"

# the application
LOG="$WORK/app.log"
ADALMAP_PORT=$HTTP_PORT java -Xmx1g -jar "$APP" >"$LOG" 2>&1 &
APP_PID=$!
trap 'kill $APP_PID 2>/dev/null; wait $APP_PID 2>/dev/null || true' EXIT
BASE="http://127.0.0.1:$HTTP_PORT"
for _ in $(seq 1 120); do
  curl -fs "$BASE/actuator/health" >/dev/null 2>&1 && break
  kill -0 $APP_PID 2>/dev/null || { tail -30 "$LOG"; exit 1; }
  sleep 1
done
# the low-zoom grid is built in the background at start: wait for it, as after a publish
layers=$(psql_db -Atc "SELECT count(DISTINCT r.layer_id) FROM land_plot p JOIN layer_revision r ON r.id = p.layer_revision_id")
for _ in $(seq 1 600); do
  [ "$(psql_db -Atc "SELECT count(*) FROM plot_tile_build")" -ge "$layers" ] && break
  sleep 1
done
build_ms=$({ grep -oE 'rebuilt: [0-9]+ plots in [0-9]+ ms' "$LOG" || true; } | awk '{ s += $5 } END { print s + 0 }')

# one round: each tile of the sample requested once from AdalMap, CONC at a time ("code seconds url")
measure() { # layer query concurrency outfile
  awk -v base="$BASE" -v layer="$1" -v q="$2" '{ print base "/tiles/" layer "/" $1 "/" $2 "/" $3 ".mvt" q }' "$WORK/tiles.txt" \
    | xargs -P "$3" -n 1 curl -s -o /dev/null -w "%{http_code} %{time_total} %{url_effective}\n" >"$4"
  if grep -vq '^200 ' "$4"; then echo "non-200 answers:"; grep -v '^200 ' "$4" | head; exit 1; fi
  awk '{ split($3, u, "/"); sub(/[.]mvt.*/, "", u[8]); print u[6] "/" u[7] "/" u[8], $2 * 1000 }' "$4" >"$4.ms"
}
# the baseline: the plain query of the plots of each tile, with the server's planner settings as they are
{
  echo '\timing on'
  while read -r z x y; do
    echo "SELECT length(ST_AsMVT(t, 'plots', 4096, 'geom')) FROM (SELECT p.id, p.cadastral_number, p.status, p.land_category, round((ST_Area(p.geom::geography) / 10000)::numeric, 4) AS area_ha, ST_AsMVTGeom(ST_Transform(p.geom, 3857), ST_TileEnvelope($z, $x, $y)) AS geom FROM land_plot p WHERE p.geom && ST_Transform(ST_TileEnvelope($z, $x, $y), 4326) AND p.retired_revision_id IS NULL) t;"
  done <"$WORK/tiles.txt"
} >"$WORK/baseline.sql"
baseline() { # outfile
  psql_db -f "$WORK/baseline.sql" | awk '/^Time:/ { print $2 }' \
    | paste -d ' ' "$WORK/tiles.txt" - | awk '{ print $1 "/" $2 "/" $3, $4 }' >"$1.ms"
}
# the JVM's first requests compile the code paths: one pass over other tiles first
awk -v base="$BASE" '{ print base "/tiles/plots/" $1 "/" $2 "/" $3+1 ".mvt?status=allocated" }' "$WORK/tiles.txt" \
  | xargs -P 2 -n 1 curl -s -o /dev/null
# the machine may be shared: ROUNDS rounds, each alternating AdalMap and the baseline, and each tile's
# median over the rounds
ROUNDS=${ROUNDS:-3}
for r in $(seq 1 "$ROUNDS"); do
  echo "round $r of $ROUNDS"
  measure plots "" 1 "$WORK/plots-c1-$r.txt"
  measure plots "" 4 "$WORK/plots-c4-$r.txt"
  measure plots "?status=free,auction_scheduled&min_area_ha=0.05" 1 "$WORK/plots-filtered-$r.txt"
  measure networks "" 1 "$WORK/networks-$r.txt"
  measure appeals "" 1 "$WORK/appeals-$r.txt"
  baseline "$WORK/baseline-$r.txt"
done

# 304 for a tile sent back with its ETag
url="$BASE/tiles/plots/$(head -n 1 "$WORK/tiles.txt" | tr ' ' '/').mvt"
etag=$(curl -s -D - -o /dev/null "$url" | tr -d '\r' | awk -F': ' 'tolower($1) == "etag" { print $2 }')
not_modified=$(curl -s -o /dev/null -w "%{http_code}" -H "If-None-Match: $etag" "$url")
[ "$not_modified" = 304 ] || { echo "expected 304 with If-None-Match $etag, got $not_modified"; exit 1; }
kill $APP_PID; wait $APP_PID 2>/dev/null || true; trap - EXIT

median() { # name: each tile's median over the rounds of $WORK/name-<round>.txt.ms, as "zoom ms"
  cat "$WORK/$1"-*.txt.ms | sort -k1,1 -k2,2n \
    | awk '{ v[$1] = v[$1] " " $2; n[$1]++ }
           END { for (k in v) { split(substr(v[k], 2), m, " "); split(k, t, "/"); print t[1], m[int((n[k] + 1) / 2)] } }' \
    >"$WORK/$1.ms"
  echo "$WORK/$1.ms"
}
# percentiles per zoom: nearest rank
stats() { # file with "zoom ms" lines, zoom or "all": prints "n p50 p95"
  awk -v z="$2" '$1 == z || z == "all" { print $2 }' "$1" | sort -n \
    | awk '{ v[NR] = $1 } END { if (NR == 0) { print "0 - -"; exit }
           p50 = v[int(NR * 0.50 + 0.999)]; p95 = v[int(NR * 0.95 + 0.999)]; printf "%d %.1f %.1f\n", NR, p50, p95 }'
}
B=$(median baseline); C1=$(median plots-c1); C4=$(median plots-c4); F1=$(median plots-filtered)
N1=$(median networks); A1=$(median appeals)

OUT="$WORK/results.md"
{
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(( $(grep MemTotal /proc/meminfo | awk '{print $2}') / 1024 / 1024 )) GiB,"
  echo "$(psql_db -Atc "SELECT split_part(version(), ',', 1) || ', PostGIS ' || postgis_lib_version()"), $PLOTS plots,"
  echo "$(wc -l <"$WORK/tiles.txt") tiles ($PER_CITY plots a city, the tiles holding them at each zoom); grid built at start in $(( build_ms / 1000 )) s."
  echo "Latency in ms, each tile's median of $ROUNDS rounds: AdalMap over HTTP (curl time_total, one request at a time"
  echo "unless said), the baseline (plain ST_AsMVT of the plots) as psql's statement time."
  echo
  echo "| zoom | tiles | baseline p50 | baseline p95 | AdalMap p50 | AdalMap p95 | p95 ratio | AdalMap p95, 4 at a time | filtered p95 | networks p95 | appeals p95 |"
  echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for z in 10 11 12 13 14 15 16 all; do
    read -r n b50 b95 <<<"$(stats "$B" "$z")"
    read -r _ o50 o95 <<<"$(stats "$C1" "$z")"
    read -r _ _ c95 <<<"$(stats "$C4" "$z")"
    read -r _ _ f95 <<<"$(stats "$F1" "$z")"
    read -r _ _ n95 <<<"$(stats "$N1" "$z")"
    read -r _ _ a95 <<<"$(stats "$A1" "$z")"
    ratio=$(awk -v a="$o95" -v b="$b95" 'BEGIN { printf "%.3f", a / b }')
    echo "| $z | $n | $b50 | $b95 | $o50 | $o95 | $ratio | $c95 | $f95 | $n95 | $a95 |"
  done
  echo
  echo "A tile requested again with its ETag in If-None-Match: $not_modified."
} >"$OUT"
cat "$OUT"
