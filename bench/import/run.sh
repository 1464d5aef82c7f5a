#!/usr/bin/env bash
# Import benchmark: a generated layer of N plots (default 1,000,000) as a GeoPackage, imported by
# AdalMap (read, reproject, map, validate, diff, publish) and, in the same run on the same machine,
# loaded by plain `ogr2ogr -f PostgreSQL` into a table: the baseline. Then the same with 1 % of the
# plots changed. Prints the times and ratios and writes them to bench/import/results.md.
#
#   bench/import/run.sh [plots]
#
# Needs the project-local PostGIS (./adalmap db) or ADALMAP_DB_URL/USER/PASSWORD pointing at a
# server where the user may create databases. The importer runs with -Xmx512m: a heap above that
# would end the run with an OutOfMemoryError.
set -euo pipefail

PLOTS=${1:-1000000}
DB=adalmap_bench
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# the data: generated once per size (same seed, same file), and a copy with 1 % of the statuses changed
SOURCE=$(generated "$PLOTS")
CHANGED="$WORK/plots-$PLOTS-changed.gpkg"
if [ ! -f "$CHANGED" ]; then
  cp "$SOURCE" "$CHANGED"
  ogrinfo -q "$CHANGED" -sql "UPDATE plots SET status = CASE status WHEN 'free' THEN 'auction_scheduled' ELSE 'free' END WHERE fid % 100 = 7" >/dev/null
fi

fresh_database

baseline() { settle; seconds ogr2ogr -f PostgreSQL "$PG" "$1" plots -nln "baseline_$2" -overwrite --config PG_USE_COPY YES; }

echo "first full import of $PLOTS plots"
b1=$(baseline "$SOURCE" first)
settle
a1=$(seconds importer first import --layer bench --file "$SOURCE" --source-layer plots --profile demo-plots --publish)
grep -E "features:|against|published" "$WORK/last.log" | sed 's/^/  /'

# The re-import is a matter of seconds, where the machine's own noise is large: five rounds, each a
# baseline load and a re-import published and then rolled back (the rollback is not timed), and the
# medians compared.
ROUNDS=5
b2s=(); a2s=()
for round in $(seq 1 $ROUNDS); do
  echo "re-import with 1 % of the plots changed, round $round of $ROUNDS"
  b2s+=("$(baseline "$CHANGED" second)")
  settle
  a2s+=("$(seconds importer "second-$round" import --layer bench --file "$CHANGED" --source-layer plots --profile demo-plots --publish)")
  grep -E "against|published" "$WORK/last.log" | sed 's/^/  /'
  java -jar "$JAR" rollback --layer bench >/dev/null 2>&1
done
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
b2=$(median "${b2s[@]}"); a2=$(median "${a2s[@]}")

h1=$(heap "$WORK/gc-first.log"); h2=$(heap "$WORK"/gc-second-*.log)

cat >"$ROOT/bench/import/results.md" <<MD
Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(( $(grep MemTotal /proc/meminfo | awk '{print $2}') / 1024 / 1024 )) GiB,
$(psql -h "$HOST" -p "$PORT" -d "$DB" -Atc "SELECT split_part(version(), ',', 1)"), $(ogr2ogr --version | cut -d, -f1):

| $PLOTS plots (GeoPackage)     | ogr2ogr -f PostgreSQL | AdalMap import + publish | ratio | importer heap peak (-Xmx512m) |
|-------------------------------|----------------------:|-------------------------:|------:|------------------------------:|
| first full import             | $b1 s | $a1 s | $(ratio "$a1" "$b1") | ${h1:-?} MB |
| re-import, 1 % changed (median of $ROUNDS) | $b2 s | $a2 s | $(ratio "$a2" "$b2") | ${h2:-?} MB |

Re-import rounds, ogr2ogr / AdalMap: $(for i in $(seq 0 $((ROUNDS - 1))); do printf '%s / %s s; ' "${b2s[$i]}" "${a2s[$i]}"; done)
MD
cat "$ROOT/bench/import/results.md"
