# What the import benchmarks share, sourced by run.sh and projected.sh after they set DB (the
# database each creates afresh): the connection, the importer, a timer and a settled database.
#
# Needs the project-local PostGIS (./adalmap db) or ADALMAP_DB_URL/USER/PASSWORD pointing at a
# server where the user may create databases.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORK="$ROOT/bench/import/work"
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
ratio() { awk "BEGIN { printf \"%.2f\", $1 / $2 }"; }
# the largest heap in use before a collection, from GC logs
heap() { cat "$@" | grep -oE '[0-9]+M->[0-9]+M' | cut -dM -f1 | sort -n | tail -1; }

# A fresh database $DB with AdalMap's schema and the regions and districts, as ./adalmap run loads
# them: publishing finds each plot's district and region by its point, which a database without
# boundaries would skip
fresh_database() {
  psql -h "$HOST" -p "$PORT" -d postgres -q -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" 2>/dev/null \
    || psql -h "$HOST" -p "$PORT" -d adalmap -q -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
  psql -h "$HOST" -p "$PORT" -d "$DB" -q -c "CREATE EXTENSION IF NOT EXISTS postgis" 2>/dev/null || true
  java -jar "$JAR" migrate >/dev/null 2>&1
  local shared="${ADALMAP_SHARED_DATA:-$ROOT/../shared/data}"
  if [ -d "$shared/kz-admin" ]; then
    java -jar "$JAR" boundaries --from "$shared/kz-admin" >/dev/null 2>&1
  else
    echo "no boundaries in $shared/kz-admin: plots will be published without regions (set ADALMAP_SHARED_DATA)" >&2
  fi
}

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

# the generated plots file of N plots (same seed, same file), kept in $WORK
generated() {
  local plots=$1 source="$WORK/plots-$1.gpkg"
  if [ ! -f "$source" ]; then
    echo "generating $plots plots" >&2
    java -jar "$JAR" generate --plots "$plots" --appeals 0 --out "$WORK/gen" --gpkg >/dev/null
    mv "$WORK/gen/cadastre.gpkg" "$source"; rm -rf "$WORK/gen"
  fi
  echo "$source"
}
