#!/usr/bin/env bash
# The map with a million plots in headless Chromium: time from navigation to the first drawn plot
# tile, for the four demo cities at z12, z14 and z16, against a Leaflet page that draws the same
# view's plots from the GeoJSON API (the baseline), in the same run. Writes bench/map/work/results.md.
#
#   bench/tiles/run.sh 1000000     # once: loads the demo cadastre into adalmap_tiles_bench
#   bench/map/run.sh [rounds]      # default 5 cold page loads per view and page
#
# Needs Debian's chromium and Node.js with npm (playwright-core drives the installed Chromium; it
# downloads no browser).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE="$ROOT/bench/map"
WORK="$HERE/work"
ROUNDS=${1:-5}
DB=adalmap_tiles_bench
HTTP_PORT=${ADALMAP_BENCH_PORT:-18090}
BASE_URL=${ADALMAP_DB_URL:-jdbc:postgresql://127.0.0.1:55432/adalmap}
HOSTPORT=$(echo "$BASE_URL" | sed -E 's#jdbc:postgresql://([^/]+)/.*#\1#')
HOST=${HOSTPORT%:*}; PORT=${HOSTPORT##*:}
export PGUSER=${ADALMAP_DB_USER:-adalmap} PGPASSWORD=${ADALMAP_DB_PASSWORD:-adalmap}
mkdir -p "$WORK"

plots=$(psql -h "$HOST" -p "$PORT" -d "$DB" -X -Atc "SELECT count(*) FROM land_plot WHERE retired_revision_id IS NULL" 2>/dev/null || echo 0)
[ "$plots" -gt 0 ] || { echo "no plots in $DB: run bench/tiles/run.sh 1000000 first" >&2; exit 1; }
[ -d "$HERE/node_modules/playwright-core" ] || (cd "$HERE" && npm install --no-audit --no-fund --silent)
ls "$ROOT"/geo-api/target/adalmap-geo-api-*.jar >/dev/null 2>&1 || (cd "$ROOT" && mvn -q -B -DskipTests package)
APP=$(ls "$ROOT"/geo-api/target/adalmap-geo-api-*.jar | grep -v -e '-tests' -e '\.original' | head -n 1)

ADALMAP_DB_URL="jdbc:postgresql://$HOST:$PORT/$DB" ADALMAP_DB_USER="$PGUSER" ADALMAP_DB_PASSWORD="$PGPASSWORD" \
  ADALMAP_PORT="$HTTP_PORT" java -jar "$APP" >"$WORK/app.log" 2>&1 &
APP_PID=$!
trap 'kill $APP_PID 2>/dev/null; wait $APP_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$HTTP_PORT/actuator/health" >/dev/null 2>&1 && break
  kill -0 $APP_PID 2>/dev/null || { tail -20 "$WORK/app.log"; exit 1; }
  sleep 1
done
# the low-zoom grid is prepared when the application starts: wait for it, as a running service has it
for _ in $(seq 1 300); do
  pending=$(psql -h "$HOST" -p "$PORT" -d "$DB" -X -Atc "SELECT count(*) FROM layer l WHERE l.kind = 'plots' AND NOT EXISTS (SELECT 1 FROM plot_tile_build b WHERE b.layer_id = l.id)" 2>/dev/null || echo 0)
  [ "$pending" = "0" ] && break
  sleep 2
done

node "$HERE/first-tiles.mjs" "http://127.0.0.1:$HTTP_PORT" "$ROUNDS" >"$WORK/result.json"
node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const f = (v) => v.toFixed(0);
const lines = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${require("os").cpus().length} cores, ${process.argv[2]} plots, ${process.argv[3]} cold loads per view and page:`,
  "",
  "| view | AdalMap, first plot tile (median) | GeoJSON baseline, plots drawn (median) |",
  "| --- | ---: | ---: |",
  ...r.views.map((v) => `| ${v.city} z${v.z} | ${f(v.adalmap_median)} ms | ${f(v.baseline_median)} ms |`),
  `| **all loads, p50** | **${f(r.adalmap_p50)} ms** | **${f(r.baseline_p50)} ms** |`,
  `| **all loads, p95** | **${f(r.adalmap_p95)} ms** | **${f(r.baseline_p95)} ms** |`,
  "",
  `Ratio of the p95s (AdalMap / baseline): ${(r.adalmap_p95 / r.baseline_p95).toFixed(2)}; target: first tiles within 2000 ms.`,
];
console.log(lines.join("\n"));
' "$WORK/result.json" "$plots" "$ROUNDS" | tee "$WORK/results.md"
