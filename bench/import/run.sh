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

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PLOTS=${1:-1000000}
WORK="$ROOT/bench/import/work"
DB=adalmap_bench
BASE_URL=${ADALMAP_DB_URL:-jdbc:postgresql://127.0.0.1:55432/adalmap}
HOSTPORT=$(echo "$BASE_URL" | sed -E 's#jdbc:postgresql://([^/]+)/.*#\1#')
HOST=${HOSTPORT%:*}; PORT=${HOSTPORT##*:}
export PGUSER=${ADALMAP_DB_USER:-adalmap} PGPASSWORD=${ADALMAP_DB_PASSWORD:-adalmap}
export ADALMAP_DB_URL="jdbc:postgresql://$HOST:$PORT/$DB" ADALMAP_DB_USER="$PGUSER" ADALMAP_DB_PASSWORD="$PGPASSWORD"
PG="PG:host=$HOST port=$PORT dbname=$DB user=$PGUSER"

mkdir -p "$WORK"
ls "$ROOT"/importers/target/adalmap-importers-*-exec.jar >/dev/null 2>&1 \
  || (cd "$ROOT" && mvn -q -B -DskipTests -pl sql,importers -am package)
JAR=$(ls "$ROOT"/importers/target/adalmap-importers-*-exec.jar | head -n 1)
# AdalMap's imports run as the README documents them, through the launcher (which maps the archive of
# the importer's classes that its first import writes), with the JVM's heap limited to 512 MB
importer() { ADALMAP_JAVA_OPTS="-Xmx512m -Xlog:gc:file=$WORK/gc-$1.log" "$ROOT/adalmap" "${@:2}"; }

seconds() { local t0 t1; t0=$(date +%s.%N); "$@" >"$WORK/last.log" 2>&1 || { cat "$WORK/last.log"; exit 1; }; t1=$(date +%s.%N); awk "BEGIN { printf \"%.1f\", $t1 - $t0 }"; }

# the data: generated once per size (same seed, same file), and a copy with 1 % of the statuses changed
SOURCE="$WORK/plots-$PLOTS.gpkg"
CHANGED="$WORK/plots-$PLOTS-changed.gpkg"
if [ ! -f "$SOURCE" ]; then
  echo "generating $PLOTS plots"
  java -jar "$JAR" generate --plots "$PLOTS" --appeals 0 --out "$WORK/gen" --gpkg >/dev/null
  mv "$WORK/gen/cadastre.gpkg" "$SOURCE"; rm -rf "$WORK/gen"
fi
if [ ! -f "$CHANGED" ]; then
  cp "$SOURCE" "$CHANGED"
  ogrinfo -q "$CHANGED" -sql "UPDATE plots SET status = CASE status WHEN 'free' THEN 'auction_scheduled' ELSE 'free' END WHERE fid % 100 = 7" >/dev/null
fi

psql -h "$HOST" -p "$PORT" -d postgres -q -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" 2>/dev/null \
  || psql -h "$HOST" -p "$PORT" -d adalmap -q -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
psql -h "$HOST" -p "$PORT" -d "$DB" -q -c "CREATE EXTENSION IF NOT EXISTS postgis" 2>/dev/null || true
java -jar "$JAR" migrate >/dev/null 2>&1
# the regions and districts, as ./adalmap run loads them: publishing finds each plot's district and
# region by its point, which a database without boundaries would skip
SHARED_DATA="${ADALMAP_SHARED_DATA:-$ROOT/../shared/data}"
if [ -d "$SHARED_DATA/kz-admin" ]; then
  java -jar "$JAR" boundaries --from "$SHARED_DATA/kz-admin" >/dev/null 2>&1
else
  echo "no boundaries in $SHARED_DATA/kz-admin: plots will be published without regions (set ADALMAP_SHARED_DATA)" >&2
fi

# Every timed step starts from a settled database, the baseline's as AdalMap's: the tables the step
# before wrote are vacuumed and analysed, and its dirty pages written out, untimed. Otherwise a step
# also pays for the one before it: autovacuum wakes up on the million rows a baseline load has just
# written (or an import), and the checkpointer writes out the gigabyte it left dirty. The bench user
# may checkpoint with pg_checkpoint; on the project-local cluster, run as root, the superuser does it.
settle() {
  psql -h "$HOST" -p "$PORT" -d "$DB" -q -c "VACUUM (ANALYZE)" 2>/dev/null
  if ! psql -h "$HOST" -p "$PORT" -d "$DB" -q -c "CHECKPOINT" 2>/dev/null; then
    local home; home=$(cat "$ROOT/.adalmap/cluster-home" 2>/dev/null || true)
    if [ "$(id -u)" = 0 ] && [ -n "$home" ] && [ -d "$home/run" ]; then
      runuser -u postgres -- psql -X -q -h "$home/run" -p "$PORT" -U postgres -d "$DB" -c "CHECKPOINT"
    else
      echo "  (no checkpoint: grant pg_checkpoint to $PGUSER for steadier figures)" >&2
    fi
  fi
  sync
}

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

# the largest heap in use before a collection, from the GC logs
heap() { cat "$@" | grep -oE '[0-9]+M->[0-9]+M' | cut -dM -f1 | sort -n | tail -1; }
h1=$(heap "$WORK/gc-first.log"); h2=$(heap "$WORK"/gc-second-*.log)
ratio() { awk "BEGIN { printf \"%.2f\", $1 / $2 }"; }

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
