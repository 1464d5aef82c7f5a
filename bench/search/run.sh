#!/usr/bin/env bash
# The plot search benchmark: GET /api/v1/plots/search for a city-scale bbox returning 500 plots,
# against the same SQL run directly by pgbench, on the same database, connections and duration.
# Usage: bench/search/run.sh [plots] (default 1000000). Needs the local PostGIS (./adalmap db),
# wrk (Debian package wrk) and a built tree (mvn -q -B -DskipTests package).
set -euo pipefail

PLOTS=${1:-1000000}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WORK=${BENCH_WORK:-$HERE/work}
DB=${BENCH_DB:-adalmap_search_bench}
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-55432}
PGUSER=${PGUSER:-adalmap}
export PGPASSWORD=${PGPASSWORD:-adalmap} PGHOST PGPORT PGUSER
PORT=${BENCH_PORT:-18089}
DURATION=${BENCH_SECONDS:-30}
CLIENTS=${BENCH_CLIENTS:-4}
THREADS=${BENCH_THREADS:-2}
PGBENCH=${PGBENCH:-/usr/lib/postgresql/15/bin/pgbench}
[ -x "$PGBENCH" ] || PGBENCH=pgbench
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk (Debian package)" >&2; exit 1; }
URL="http://127.0.0.1:$PORT/api/v1/plots/search?bbox=82.3,49.8,82.95,50.1&status=free&min_area_ha=0.5&max_area_ha=2&gas_within=300&power_within=500&limit=500"
BBOX_URL="http://127.0.0.1:$PORT/api/v1/plots/search?bbox=82.607,49.9438,82.623,49.9542&limit=500"
JDBC="jdbc:postgresql://$PGHOST:$PGPORT/$DB"
mkdir -p "$WORK"

if ! psql -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
    createdb "$DB"
    echo "loading $PLOTS demo plots into $DB"
    ADALMAP_DB_URL=$JDBC ADALMAP_DB_USER=$PGUSER ADALMAP_DB_PASSWORD=$PGPASSWORD \
        java -jar "$ROOT"/importers/target/adalmap-importers-*-exec.jar demo --plots "$PLOTS" \
        --work-dir "$WORK/demo" --boundaries "${ADALMAP_SHARED_DATA:-/work/shared/data}/kz-admin"
    echo "computing the distances to the networks"
    psql -d "$DB" -v ON_ERROR_STOP=1 -c '\timing on' \
        -c "SELECT l.code, refresh_plot_network_distance_for_network_layer(l.id) FROM layer l WHERE l.kind = 'networks' ORDER BY l.id" \
        -c "ANALYZE plot_network_distance" -c "ANALYZE network_piece"
fi
plots=$(psql -d "$DB" -Atc "SELECT count(*) FROM land_plot WHERE retired_revision_id IS NULL")

ADALMAP_DB_URL=$JDBC ADALMAP_DB_USER=$PGUSER ADALMAP_DB_PASSWORD=$PGPASSWORD ADALMAP_PORT=$PORT \
    java -Xmx1g -jar "$ROOT"/geo-api/target/adalmap-geo-api-*[0-9T].jar > "$WORK/app.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null || true; wait $APP 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
    curl -sf -o /dev/null "http://127.0.0.1:$PORT/actuator/health" && break
    sleep 1
done
# one scenario: a request and the statement it runs, each for DURATION seconds after a warm-up
measure() {
    local title=$1 url=$2 sql=$3
    local returned rows api sql_tps sql_p95 api_rps api_p95 api_errors ratio
    returned=$(curl -sf "$url" | grep -o '"numberReturned":[0-9]*' | cut -d: -f2)
    rows=$(psql -d "$DB" -Atc "SELECT count(*) FROM ($(grep -v '^--' "$sql" | tr -d ';')) q")
    echo "$title: the request returns $returned plots; the SQL $rows rows (limit + 1)" >&2

    wrk -t"$THREADS" -c"$CLIENTS" -d10s "$url" > /dev/null
    "$PGBENCH" -n -f "$sql" -c "$CLIENTS" -j "$THREADS" -T 10 "$DB" > /dev/null

    api=$(wrk -t"$THREADS" -c"$CLIENTS" -d"${DURATION}s" -s "$HERE/p95.lua" "$url" | grep '^RESULT')
    rm -f "$WORK"/pgbench_log.*
    (cd "$WORK" && "$PGBENCH" -n -f "$sql" -c "$CLIENTS" -j "$THREADS" -T "$DURATION" -l "$DB" > "$WORK/pgbench.out")
    sql_tps=$(grep -o 'tps = [0-9.]*' "$WORK/pgbench.out" | head -1 | cut -d' ' -f3)
    sql_p95=$(cat "$WORK"/pgbench_log.* | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {print a[int(NR*0.95)]}')

    api_rps=$(echo "$api" | sed 's/.*rps=\([0-9.]*\).*/\1/')
    api_p95=$(echo "$api" | sed 's/.*p95_us=\([0-9]*\).*/\1/')
    api_errors=$(echo "$api" | sed 's/.*errors=\([0-9]*\).*/\1/')
    ratio=$(awk -v a="$api_rps" -v b="$sql_tps" 'BEGIN {printf "%.2f", a / b}')

    cat <<TABLE
**$title** ($returned plots a page)

| $plots plots, $CLIENTS connections, ${DURATION} s | requests/s | p95 latency | errors |
| --- | ---: | ---: | ---: |
| pgbench, the same SQL | $sql_tps | $(awk -v u="$sql_p95" 'BEGIN {printf "%.1f ms", u / 1000}') | 0 |
| GET /api/v1/plots/search (wrk) | $api_rps | $(awk -v u="$api_p95" 'BEGIN {printf "%.1f ms", u / 1000}') | $api_errors |
| ratio API / SQL | $ratio | | target ≥ 0.70 |

TABLE
}

{
    measure "Oskemen, free plots of 0.5-2 ha with gas within 300 m and power within 500 m" "$URL" "$HERE/query.sql"
    measure "a box of central Oskemen, no filter" "$BBOX_URL" "$HERE/query-bbox.sql"
} | tee "$HERE/results.md"
