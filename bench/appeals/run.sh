#!/usr/bin/env bash
# Appeal submission under load, and after a crash. CLIENTS (default 200) concurrent clients submit
# appeals with a 1-2 MB JPEG photo for SECONDS (default 60), each with its own Idempotency-Key,
# retrying a request whose connection failed with the same key (bench/appeals/load.mjs). Three runs,
# the same client and bodies each time:
#
#   1. baseline: a minimal Node HTTP server that writes each body to disk and answers 201 (sink.mjs);
#   2. AdalMap:  the built jar against a fresh database; then SQL and the disk are checked: every
#                acknowledged tracking code exists once with its attachment row, every stored file
#                exists with the right SHA-256, no two appeals for one key, no file no row references;
#   3. crash:    the same, but the application is killed with SIGKILL at KILL_AT seconds (default 30)
#                and started again at once while the clients keep retrying; afterwards the same checks,
#                and the sweep (grace 120 s, every 15 s here: longer than a
#                request waits for its turn at the photo encoders) must leave no orphan file.
#
#   bench/appeals/run.sh [SECONDS]      # CLIENTS=20 bench/appeals/run.sh 20 for a quick try
#
# To compare another build, run only step 2 against its jar, in a work folder of its own:
#
#   APP_JAR=/path/to/adalmap-geo-api.jar BENCH_WORK=/tmp/appeals-other ONLY_LOAD=1 bench/appeals/run.sh
#
# Writes bench/appeals/work/results.md. Needs Java 17+, Node.js 20 (built-in fetch and FormData, no npm
# package), the PostGIS at ADALMAP_DB_URL (default the local one on 127.0.0.1:55432) where the user may
# create databases, and about 5 GB free in bench/appeals/work for the stores.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE="$ROOT/bench/appeals"
WORK=${BENCH_WORK:-$HERE/work}
PHOTOS="$HERE/work/photos"
RUN_SECONDS=${1:-60}
CLIENTS=${CLIENTS:-200}
KILL_AT=${KILL_AT:-30}
DB=adalmap_appeal_bench
HTTP_PORT=${ADALMAP_BENCH_PORT:-18091}
SINK_PORT=${SINK_PORT:-18092}
BASE_URL=${ADALMAP_DB_URL:-jdbc:postgresql://127.0.0.1:55432/adalmap}
HOSTPORT=$(echo "$BASE_URL" | sed -E 's#jdbc:postgresql://([^/]+)/.*#\1#')
HOST=${HOSTPORT%:*}; PORT=${HOSTPORT##*:}
export PGUSER=${ADALMAP_DB_USER:-adalmap} PGPASSWORD=${ADALMAP_DB_PASSWORD:-adalmap}
psql_db() { psql -h "$HOST" -p "$PORT" -d "$DB" -X -q -v ON_ERROR_STOP=1 "$@"; }

mkdir -p "$WORK"
ls "$ROOT"/geo-api/target/adalmap-geo-api-*.jar >/dev/null 2>&1 \
  || (cd "$ROOT" && mvn -B -o -q -pl sql,importers,web-map,geo-api package -DskipTests)
APP=${APP_JAR:-$(ls "$ROOT"/geo-api/target/adalmap-geo-api-*.jar | grep -v -e '-tests' -e '\.original' | head -n 1)}
# the photos: generated once with javax.imageio (Photos.java), kept between runs
[ -f "$PHOTOS/photo-23.jpg" ] || java "$HERE/Photos.java" "$PHOTOS" 24 >"$WORK/photos.log"

APP_PID= SINK_PID=
cleanup() {
  [ -n "$APP_PID" ] && { kill "$APP_PID" 2>/dev/null; wait "$APP_PID" 2>/dev/null || true; }
  [ -n "$SINK_PID" ] && { kill "$SINK_PID" 2>/dev/null; wait "$SINK_PID" 2>/dev/null || true; }
}
trap cleanup EXIT

fresh_db() {
  psql -h "$HOST" -p "$PORT" -d postgres -X -q -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
  psql_db -c "CREATE EXTENSION IF NOT EXISTS postgis" 2>/dev/null || true
}

start_app() { # store log
  ADALMAP_DB_URL="jdbc:postgresql://$HOST:$PORT/$DB" ADALMAP_DB_USER="$PGUSER" ADALMAP_DB_PASSWORD="$PGPASSWORD" \
    ADALMAP_PORT="$HTTP_PORT" ADALMAP_ATTACHMENT_DIR="$1" \
    ADALMAP_APPEALS_PER_CLIENT_PER_HOUR=100000000 \
    ADALMAP_ATTACHMENT_SWEEP_GRACE=120s ADALMAP_ATTACHMENT_SWEEP_INTERVAL=15s \
    java -Xmx1g -Djava.io.tmpdir="$WORK/jvmtmp" -jar "$APP" >>"$2" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 180); do
    curl -fs "http://127.0.0.1:$HTTP_PORT/actuator/health" >/dev/null 2>&1 && return 0
    kill -0 "$APP_PID" 2>/dev/null || { tail -30 "$2"; exit 1; }
    sleep 0.5
  done
  echo "the application did not start"; exit 1
}

stop_app() {
  kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=
}

# files in the store that no attachment row references, and unfinished uploads
orphans() { # store
  psql_db -At -c "SELECT sha256 FROM appeal_attachment UNION SELECT thumbnail_sha256 FROM appeal_attachment WHERE thumbnail_sha256 IS NOT NULL" \
    | sort >"$WORK/referenced.txt"
  find "$1" -mindepth 3 -maxdepth 3 -type f -regextype egrep -regex '.*/[0-9a-f]{64}' -printf '%f\n' | sort >"$WORK/present.txt"
  local unref parts
  unref=$(comm -13 "$WORK/referenced.txt" "$WORK/present.txt" | wc -l)
  parts=$(find "$1/tmp" -type f 2>/dev/null | wc -l)
  echo "$unref $parts"
}

# the checks of one run: prints "name value" lines, and "failed" lines for each broken promise
verify() { # run store acked.jsonl
  node -e '
    const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean);
    for (const l of lines) { const a = JSON.parse(l); console.log([a.key, a.code, a.status].join(",")); }
  ' "$3" >"$WORK/$1-acked.csv"
  psql_db -c "DROP TABLE IF EXISTS bench_acked" -c "CREATE TABLE bench_acked (key text, code text, status int)" \
    -c "\\copy bench_acked FROM '$WORK/$1-acked.csv' WITH (FORMAT csv)"
  psql_db -At -F ' ' <<'SQL'
SELECT 'acknowledged', count(*) FROM bench_acked;
SELECT 'acknowledged_keys', count(DISTINCT key) FROM bench_acked;
SELECT 'keys_acknowledged_with_two_codes', count(*) FROM (SELECT key FROM bench_acked GROUP BY key HAVING count(DISTINCT code) > 1) k;
SELECT 'acknowledged_missing', count(*) FROM bench_acked b WHERE NOT EXISTS (SELECT 1 FROM appeal a WHERE a.tracking_code = b.code);
SELECT 'acknowledged_without_attachment', count(*) FROM bench_acked b JOIN appeal a ON a.tracking_code = b.code
  WHERE NOT EXISTS (SELECT 1 FROM appeal_attachment t WHERE t.appeal_id = a.id AND t.position = 1 AND t.thumbnail_sha256 IS NOT NULL);
SELECT 'key_not_pointing_at_its_appeal', count(*) FROM bench_acked b JOIN appeal_submission s ON s.idempotency_key = b.key
  JOIN appeal a ON a.id = s.appeal_id WHERE a.tracking_code <> b.code;
SELECT 'appeals', count(*) FROM appeal;
SELECT 'appeals_per_key_above_one', count(*) FROM (SELECT text FROM appeal GROUP BY text HAVING count(*) > 1) d;
SELECT 'appeals_not_acknowledged', count(*) FROM appeal a WHERE NOT EXISTS (SELECT 1 FROM bench_acked b WHERE b.code = a.tracking_code);
SELECT 'attachment_rows', count(*) FROM appeal_attachment;
SELECT 'distinct_photos', count(DISTINCT sha256) FROM appeal_attachment;
SQL
  # every referenced file exists under its name and has that SHA-256
  psql_db -At -c "SELECT sha256 FROM appeal_attachment UNION SELECT thumbnail_sha256 FROM appeal_attachment WHERE thumbnail_sha256 IS NOT NULL" \
    | awk -v s="$2" '{ print s "/" substr($1, 1, 2) "/" substr($1, 3, 2) "/" $1 }' >"$WORK/$1-files.txt"
  local missing bad
  missing=$(while read -r f; do [ -f "$f" ] || echo "$f"; done <"$WORK/$1-files.txt" | wc -l)
  bad=$(xargs -a "$WORK/$1-files.txt" sha256sum 2>/dev/null | awk '{ n = split($2, p, "/"); if ($1 != p[n]) print }' | wc -l)
  echo "referenced_files $(wc -l <"$WORK/$1-files.txt")"
  echo "referenced_files_missing $missing"
  echo "referenced_files_wrong_sha256 $bad"
  read -r unref parts <<<"$(orphans "$2")"
  echo "orphan_files $unref"
  echo "unfinished_uploads $parts"
}

rm -rf "$WORK/jvmtmp" && mkdir -p "$WORK/jvmtmp"
# the machine may be shared: its load average (1 min) at the end of each run goes into the report
loadavg() { cut -d ' ' -f 1 /proc/loadavg; }

# 1. the baseline
if [ "${ONLY_LOAD:-}" != 1 ]; then
echo "baseline: $CLIENTS clients for $RUN_SECONDS s against the sink"
node "$HERE/sink.mjs" "$SINK_PORT" "$WORK/sink" &
SINK_PID=$!
sleep 1
node "$HERE/load.mjs" "http://127.0.0.1:$SINK_PORT/api/v1/appeals" "$RUN_SECONDS" "$CLIENTS" "$PHOTOS" \
  "$WORK/sink-acked.jsonl" sink >"$WORK/sink.json"
load_sink=$(loadavg)
kill "$SINK_PID"; wait "$SINK_PID" 2>/dev/null || true; SINK_PID=
fi

# 2. AdalMap
echo "AdalMap: $CLIENTS clients for $RUN_SECONDS s"
fresh_db
STORE="$WORK/store-load"; rm -rf "$STORE"; : >"$WORK/app-load.log"
start_app "$STORE" "$WORK/app-load.log"
node "$HERE/load.mjs" "http://127.0.0.1:$HTTP_PORT/api/v1/appeals" "$RUN_SECONDS" "$CLIENTS" "$PHOTOS" \
  "$WORK/load-acked.jsonl" "load-$(date +%s)" >"$WORK/load.json"
load_load=$(loadavg)
stop_app
verify load "$STORE" "$WORK/load-acked.jsonl" | tee "$WORK/load-checks.txt"
if [ "${ONLY_LOAD:-}" = 1 ]; then cat "$WORK/load.json"; echo; echo "load average $load_load"; exit 0; fi

# 3. the crash
echo "crash: $CLIENTS clients for $RUN_SECONDS s, the application killed at $KILL_AT s and started again"
fresh_db
STORE="$WORK/store-crash"; rm -rf "$STORE"; : >"$WORK/app-crash.log"
start_app "$STORE" "$WORK/app-crash.log"
node "$HERE/load.mjs" "http://127.0.0.1:$HTTP_PORT/api/v1/appeals" "$RUN_SECONDS" "$CLIENTS" "$PHOTOS" \
  "$WORK/crash-acked.jsonl" "crash-$(date +%s)" >"$WORK/crash.json" &
LOAD_PID=$!
sleep "$KILL_AT"
kill -9 "$APP_PID"; wait "$APP_PID" 2>/dev/null || true
killed_at=$(date +%s.%N)
# what the dead process left: files no committed row references, unfinished uploads, Tomcat's part files
read -r left_orphans left_parts <<<"$(orphans "$STORE")"
left_multipart=$(find "$WORK/jvmtmp" -type f | wc -l)
echo "--- killed here ---" >>"$WORK/app-crash.log"
start_app "$STORE" "$WORK/app-crash.log"
restart_s=$(awk -v a="$killed_at" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
wait "$LOAD_PID"
load_crash=$(loadavg)
# the sweep deletes what the killed process left once it is older than the grace period
swept_after=-1
for i in $(seq 1 400); do
  read -r unref parts <<<"$(orphans "$STORE")"
  if [ "$unref" = 0 ] && [ "$parts" = 0 ]; then swept_after=$i; break; fi
  sleep 1
done
stop_app
verify crash "$STORE" "$WORK/crash-acked.jsonl" | tee "$WORK/crash-checks.txt"
swept_log=$(grep -o 'removed [0-9]* unreferenced files and [0-9]* unfinished uploads' "$WORK/app-crash.log" || true)

# the report
val() { awk -v k="$2" '$1 == k { print $2 }' "$1"; }
node - "$WORK" "$CLIENTS" "$RUN_SECONDS" "$KILL_AT" "$left_orphans" "$left_parts" "$left_multipart" "$restart_s" \
  "$swept_after" "$swept_log" "$load_sink $load_load $load_crash" <<'JS' | tee "$WORK/results.md"
const fs = require("fs");
const [work, clients, seconds, killAt, leftOrphans, leftParts, leftMultipart, restart, sweptAfter, sweptLog, loads] = process.argv.slice(2);
const j = (n) => JSON.parse(fs.readFileSync(`${work}/${n}.json`, "utf8"));
const checks = (n) => Object.fromEntries(fs.readFileSync(`${work}/${n}-checks.txt`, "utf8").trim().split("\n").map((l) => l.split(" ")));
const s = j("sink"), l = j("load"), c = j("crash");
const lc = checks("load"), cc = checks("crash");
const f0 = (v) => (v == null ? "-" : v.toFixed(0));
const f1 = (v) => v.toFixed(1);
const f2 = (v) => v.toFixed(2);
const row = (name, r) =>
  `| ${name} | ${r.requests} | ${r.acknowledged} | ${r.replayed} | ${r.status5xx} | ${r.status4xx} | ${r.gaveUp} | ${f1(r.appeals_per_s)} | ${f1(r.mb_per_s)} | ${f0(r.p50_ms)} | ${f0(r.p95_ms)} | ${f0(r.p99_ms)} | ${f0(r.tracking_p50_ms)} / ${f0(r.tracking_p95_ms)} (${r.tracking_5xx}) |`;
const bad = (k) => ["keys_acknowledged_with_two_codes", "acknowledged_missing", "acknowledged_without_attachment",
  "key_not_pointing_at_its_appeal", "appeals_per_key_above_one", "referenced_files_missing", "referenced_files_wrong_sha256",
  "orphan_files", "unfinished_uploads"].filter((x) => Number(k[x]) !== 0);
const out = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${require("os").cpus().length} cores; ${clients} clients for ${seconds} s, one 1-2 MB JPEG per appeal.`,
  "",
  "| run | requests | acknowledged | of them replays | 5xx | 4xx | gave up | appeals/s | MB/s | p50 ms | p95 ms | p99 ms | tracking p50 / p95 ms (5xx) | load average at the end |",
  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  row("baseline: Node sink, body to disk", s) + ` ${loads.split(" ")[0]} |`,
  row("AdalMap", l) + ` ${loads.split(" ")[1]} |`,
  row(`AdalMap, killed at ${killAt} s`, c) + ` ${loads.split(" ")[2]} |`,
  "",
  `AdalMap throughput / baseline: **${f2(l.appeals_per_s / s.appeals_per_s)}** (appeals/s; with the crash ${f2(c.appeals_per_s / s.appeals_per_s)}).`,
  "",
  "| check (SQL and disk, after the run) | AdalMap | killed and restarted |",
  "| --- | ---: | ---: |",
  ...Object.keys(lc).map((k) => `| ${k.replaceAll("_", " ")} | ${lc[k]} | ${cc[k]} |`),
  "",
  `Crash: the kill left ${leftOrphans} files no committed row references and ${leftParts} unfinished uploads and request parts in its tmp folder` +
    ` (${leftMultipart} files in the JVM's temporary folder);` +
    ` the application answered again ${restart} s after the kill; the clients' connection errors: ${JSON.stringify(c.connection_errors)}.`,
  `The sweep (grace 120 s, every 15 s) left no orphan ${sweptAfter >= 0 ? `${sweptAfter} s after the clients stopped` : "**within 400 s: FAILED**"}; the log: ${sweptLog.split("\n").join("; ") || "nothing removed"}.`,
  "",
  bad(lc).length || bad(cc).length || l.status5xx || c.status5xx || l.tracking_5xx || c.tracking_5xx
    ? `**FAILED**: ${[...bad(lc).map((x) => "load " + x), ...bad(cc).map((x) => "crash " + x)].join(", ")}${l.status5xx || c.status5xx || l.tracking_5xx || c.tracking_5xx ? " 5xx answers" : ""}`
    : "All checks passed: no 5xx, every acknowledged appeal in the database once with its photo, every file with its SHA-256, no orphan.",
];
console.log(out.join("\n"));
JS
