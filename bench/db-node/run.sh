#!/usr/bin/env bash
# The db-node benchmark: durable single-key writes per second with 1 and 16 clients, side by side with
# PostgreSQL (synchronous_commit=on, fsync=on) and MariaDB (innodb_flush_log_at_trx_commit=1, sync_binlog=1)
# when they are installed, the raw fsync ceiling of this disk, and a replica's lag under the 16-client load.
#
#   mvn -B -pl db-node package -DskipTests && bench/db-node/run.sh [seconds-per-run, default 10]
#
# Everything runs on loopback in a temporary directory that is removed at the end; only processes this script
# started are stopped, by their PIDs.
set -euo pipefail

RUN_SECONDS="${1:-10}"
HERE="$(cd "$(dirname "$0")" && pwd)"
JAR="$HERE/../../db-node/target/quarkus-app/quarkus-run.jar"
TOKEN="bench-token-0123456789abcdef"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/db-node-bench.XXXXXX")"
chmod 777 "$WORK"
PIDS=()
PG_DATA=""

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [[ -n "$PG_DATA" ]]; then as_pg pg_ctl -D "$PG_DATA" -m immediate stop >/dev/null 2>&1 || true; fi
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

[[ -f "$JAR" ]] || { echo "missing $JAR: run 'mvn -B -pl db-node package -DskipTests' first" >&2; exit 1; }

# PostgreSQL refuses to run as root; then its server runs as nobody (the clients may stay root).
as_pg() { if [[ "$(id -u)" == 0 ]]; then runuser -u nobody -- "$@"; else "$@"; fi; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

await_ready() { # url, what
  for _ in $(seq 1 600); do
    if curl -sf -o /dev/null "$1"; then return 0; fi
    sleep 0.1
  done
  echo "$2 not ready at $1" >&2; exit 1
}

start_node() { # name, app port, management port, extra -D settings...
  local name="$1" port="$2" mport="$3"; shift 3
  LAB_ADMIN_TOKEN="$TOKEN" java -Xmx256m -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
    -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$mport" -Dlab.instance.name="$name" \
    -Ddb.data-dir="$WORK/$name" -Dquarkus.log.level=WARN "$@" -jar "$JAR" >"$WORK/$name.log" 2>&1 &
  PIDS+=("$!")
}

bench() { java "$HERE/DbNodeBench.java" "$@"; }
field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p"; }

echo "== raw fsync ceiling (1 thread, 64-byte write + fdatasync, ${RUN_SECONDS}s): appending, then preallocated"
FSYNC="$(bench fsync "$WORK" "$RUN_SECONDS")"; echo "append:      $FSYNC"
FSYNC_PRE="$(bench fsync-prealloc "$WORK" "$RUN_SECONDS")"; echo "preallocated: $FSYNC_PRE"

P_PORT=$(free_port); P_MPORT=$(free_port); R_PORT=$(free_port); R_MPORT=$(free_port)
start_node bench-primary "$P_PORT" "$P_MPORT"
await_ready "http://127.0.0.1:$P_MPORT/q/health/ready" "db-node primary"
start_node bench-replica "$R_PORT" "$R_MPORT" -Ddb.role=replica -Ddb.source="http://127.0.0.1:$P_PORT"
await_ready "http://127.0.0.1:$R_MPORT/q/health/ready" "db-node replica"
bench http "http://127.0.0.1:$P_PORT" 4 2 >/dev/null   # warm-up (JIT)

echo "== db-node (binlog fsync per group commit, one async replica attached)"
DB1="$(bench http "http://127.0.0.1:$P_PORT" 1 "$RUN_SECONDS")"; echo "1 client:   $DB1"
DB16="$(bench http "http://127.0.0.1:$P_PORT" 16 "$RUN_SECONDS" "http://127.0.0.1:$R_MPORT" "$TOKEN")"
echo "16 clients: $DB16"

PG1="" PG16=""
if command -v initdb >/dev/null && command -v pgbench >/dev/null; then
  echo "== PostgreSQL (fsync=on, synchronous_commit=on), single-row upserts with pgbench"
  PG_DATA="$WORK/pg"; PG_PORT=$(free_port)
  as_pg initdb -D "$PG_DATA" -A trust -U bench >/dev/null
  as_pg pg_ctl -D "$PG_DATA" -l "$WORK/pg.log" -w \
    -o "-p $PG_PORT -k $WORK -c listen_addresses='' -c fsync=on -c synchronous_commit=on" start >/dev/null
  psql -h "$WORK" -p "$PG_PORT" -U bench -d postgres -qc "CREATE TABLE kv (k text PRIMARY KEY, v text)"
  cat >"$WORK/upsert.sql" <<'SQL'
\set n random(1, 2000000000)
INSERT INTO kv VALUES ('k-' || :client_id || '-' || :n, repeat('x', 64)) ON CONFLICT (k) DO UPDATE SET v = excluded.v;
SQL
  for clients in 1 16; do
    tps=$(pgbench -h "$WORK" -p "$PG_PORT" -U bench -n -c "$clients" -j "$(( clients < 2 ? 1 : 2 ))" \
      -T "$RUN_SECONDS" -f "$WORK/upsert.sql" postgres 2>/dev/null | sed -n 's/^tps = \([0-9.]*\).*/\1/p')
    echo "$clients client(s): tps=$tps"
    if [[ $clients == 1 ]]; then PG1="$tps"; else PG16="$tps"; fi
  done
else
  echo "== PostgreSQL: skipped (needs initdb and pgbench)"
fi

if command -v mariadbd >/dev/null || command -v mysqld >/dev/null; then
  echo "== MariaDB: installed, but this script does not drive it yet (innodb_flush_log_at_trx_commit=1, sync_binlog=1)"
else
  echo "== MariaDB: skipped (not installed)"
fi

ratio() { if [[ -n "$1" && -n "$2" ]]; then python3 -c "print(f'{$1/$2:.2f}')"; else echo "-"; fi; }
D1=$(echo "$DB1" | field writes_per_s); D16=$(echo "$DB16" | field writes_per_s)
F=$(echo "$FSYNC" | field ops_per_s); FP=$(echo "$FSYNC_PRE" | field ops_per_s)
echo
echo "| clients | db-node writes/s | PostgreSQL tps | db-node / PostgreSQL | db-node / append fsync | db-node / preallocated fsync |"
echo "|---|---|---|---|---|---|"
echo "| 1 | $D1 | ${PG1:--} | $(ratio "$D1" "$PG1") | $(ratio "$D1" "$F") | $(ratio "$D1" "$FP") |"
echo "| 16 | $D16 | ${PG16:--} | $(ratio "$D16" "$PG16") | $(ratio "$D16" "$F") | $(ratio "$D16" "$FP") |"
echo
echo "replica under the 16-client load: max secondsBehind $(echo "$DB16" | field max_seconds_behind)," \
  "max bytesBehind $(echo "$DB16" | field max_bytes_behind); raw fsync ceiling $F/s appending, $FP/s preallocated"
