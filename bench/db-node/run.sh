#!/usr/bin/env bash
# The db-node benchmark: durable single-key writes per second with 1 and 16 clients, side by side with
# PostgreSQL (synchronous_commit=on, fsync=on) and MariaDB (innodb_flush_log_at_trx_commit=1, sync_binlog=1)
# when they are installed, the raw fsync ceiling of this disk; then the same with an async replica attached, and
# the replica's lag under the 16-client load.
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

# db-node keeps every key in memory, and a run writes over 400,000 of them: with the lab's 256 MB heap the last
# phases measured the garbage collector (DB_HEAP overrides).
start_node() { # name, app port, management port, extra -D settings...
  local name="$1" port="$2" mport="$3"; shift 3
  LAB_ADMIN_TOKEN="$TOKEN" java -Xmx"${DB_HEAP:-1g}" -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
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

# db-node's load comes from wrk when it is installed (a C client, as pgbench and mariadb-slap are, so the
# client's own cost does not count against db-node); else from DbNodeBench's Java client.
db_load() { # clients, seconds
  if command -v wrk >/dev/null; then
    local out
    out=$(wrk -t "$(( $1 < 2 ? 1 : 2 ))" -c "$1" -d "$2s" --latency -s "$HERE/put.lua" "http://127.0.0.1:$P_PORT")
    if echo "$out" | grep -q "Non-2xx"; then echo "wrk saw failed writes: $out" >&2; exit 1; fi
    local rps p50 p99
    rps=$(echo "$out" | sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p')
    p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    echo "writes_per_s=${rps%.*} p50=$p50 p99=$p99 client=wrk"
  else
    bench http "http://127.0.0.1:$P_PORT" "$1" "$2"
  fi
}
db_load 16 "$RUN_SECONDS" >/dev/null; db_load 1 3 >/dev/null   # warm-up (JIT)

# Alone first, as PostgreSQL and MariaDB run below (no replica); then with an async replica attached, which
# costs the primary a stream per replica and the disk a second fsync'ing log.
echo "== db-node alone (binlog fsync per group commit, no replica)"
DB1="$(db_load 1 "$RUN_SECONDS")"; echo "1 client:   $DB1"
DB16="$(db_load 16 "$RUN_SECONDS")"; echo "16 clients: $DB16"

start_node bench-replica "$R_PORT" "$R_MPORT" -Ddb.role=replica -Ddb.source="http://127.0.0.1:$P_PORT"
await_ready "http://127.0.0.1:$R_MPORT/q/health/ready" "db-node replica"
executed() { # management port
  curl -sf -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$1/admin/db/status" \
    | sed -n 's/.*"gtidExecuted" *: *"\([^"]*\)".*/\1/p'
}
for _ in $(seq 1 1200); do   # the replica first copies what the runs above wrote
  [[ "$(executed "$R_MPORT")" == "$(executed "$P_MPORT")" ]] && break
  sleep 0.1
done
db_load 16 "$RUN_SECONDS" >/dev/null   # warm-up of the replica's JIT
echo "== db-node with one async replica attached"
DBR1="$(db_load 1 "$RUN_SECONDS")"; echo "1 client:   $DBR1"
# The replica's lag is sampled every 100 ms by DbNodeBench (0 clients of its own) while the 16 clients write.
LAG_OUT="$WORK/lag.out"
bench http "http://127.0.0.1:$P_PORT" 0 "$RUN_SECONDS" "http://127.0.0.1:$R_MPORT" "$TOKEN" >"$LAG_OUT" &
LAG_PID=$!
DBR16="$(db_load 16 "$RUN_SECONDS")"
wait "$LAG_PID"
DBR16="$DBR16 $(cat "$LAG_OUT" | grep -o 'max_seconds_behind=[^ ]* max_bytes_behind=[^ ]*')"
echo "16 clients: $DBR16"
echo "after the load: primary executed '$(executed "$P_MPORT")', replica executed '$(executed "$R_MPORT")'"

# Semi-sync (what the lab runs): the same primary restarted with db.semi-sync.enabled=true on its data; the
# replica reconnects by itself. Every write now also waits for the replica's fsync and acknowledgement.
kill "${PIDS[0]}"; wait "${PIDS[0]}" 2>/dev/null || true
# A primary restarted on its data comes back fenced (read-only) until an orchestrator confirms it; there is no
# orchestrator here, so the fence is off for this restart.
start_node bench-primary "$P_PORT" "$P_MPORT" -Ddb.semi-sync.enabled=true -Ddb.fence-on-restart=false
await_ready "http://127.0.0.1:$P_MPORT/q/health/ready" "db-node primary (semi-sync)"
metric() { curl -sf "http://127.0.0.1:$P_MPORT/q/metrics" | sed -n "s/^$1 \([0-9.]*\).*/\1/p"; }
for _ in $(seq 1 300); do   # the replica reconnects to the restarted primary (back-off up to 2 s)
  [[ "$(metric db_replication_connected_replicas)" == 1.0 ]] && break
  sleep 0.1
done
db_load 16 "$RUN_SECONDS" >/dev/null; db_load 1 3 >/dev/null   # warm-up of the new JVM, as the first one had
for _ in $(seq 1 300); do   # a fallback during the warm-up ends once the idle replica has acknowledged everything
  [[ "$(metric db_semisync_active)" == 1.0 ]] && break
  sleep 0.1
done
FALLBACKS_BEFORE=$(metric db_semisync_fallbacks_total)
echo "== db-node with one semi-sync replica"
DBS1="$(db_load 1 "$RUN_SECONDS")"; echo "1 client:   $DBS1"
DBS16="$(db_load 16 "$RUN_SECONDS")"; echo "16 clients: $DBS16"
FALLBACKS=$(python3 -c "print(int($(metric db_semisync_fallbacks_total) - $FALLBACKS_BEFORE))")
echo "semi-sync fallbacks to async during the measured runs: $FALLBACKS (after one, writes no longer wait)"

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
    tps="${tps%.*}"
    echo "$clients client(s): tps=$tps"
    if [[ $clients == 1 ]]; then PG1="$tps"; else PG16="$tps"; fi
  done
else
  echo "== PostgreSQL: skipped (needs initdb and pgbench)"
fi

MA1="" MA16=""
if command -v mariadbd >/dev/null && command -v mariadb-install-db >/dev/null && command -v mariadb-slap >/dev/null; then
  echo "== MariaDB (innodb_flush_log_at_trx_commit=1, sync_binlog=1, binlog on), single-row upserts with mariadb-slap"
  MA_DATA="$WORK/maria"; MA_PORT=$(free_port); MA_SOCK="$WORK/maria.sock"
  mariadb-install-db --no-defaults --datadir="$MA_DATA" --auth-root-authentication-method=normal \
    --user="$(id -un)" >"$WORK/maria-install.log" 2>&1
  mariadbd --no-defaults --user="$(id -un)" --datadir="$MA_DATA" --socket="$MA_SOCK" --port="$MA_PORT" \
    --bind-address=127.0.0.1 --skip-name-resolve --pid-file="$WORK/maria.pid" --log-error="$WORK/maria.err" \
    --server-id=1 --log-bin="$MA_DATA/binlog" --binlog-format=ROW --sync-binlog=1 \
    --innodb-flush-log-at-trx-commit=1 --innodb-buffer-pool-size=128M --max-connections=64 &
  PIDS+=("$!")
  for _ in $(seq 1 300); do
    if mariadb-admin --no-defaults -uroot -S "$MA_SOCK" ping >/dev/null 2>&1; then break; fi
    sleep 0.1
  done
  maria() { mariadb --no-defaults -uroot -S "$MA_SOCK" "$@"; }
  maria -e "CREATE DATABASE bench; CREATE TABLE bench.kv (k VARCHAR(64) PRIMARY KEY, v VARCHAR(255)) ENGINE=InnoDB"
  UPSERT="INSERT INTO kv VALUES (CONCAT('k-', CONNECTION_ID(), '-', FLOOR(RAND() * 2000000000)), REPEAT('x', 64)) ON DUPLICATE KEY UPDATE v = VALUES(v)"
  # mariadb-slap runs a fixed number of statements (autocommit: each one a durable commit); a short calibration
  # run sizes that number to last about $RUN_SECONDS.
  slap_seconds() { # clients, statements
    mariadb-slap --no-defaults -uroot -S "$MA_SOCK" --create-schema=bench --concurrency="$1" --iterations=1 \
      --number-of-queries="$2" --query="$UPSERT" 2>/dev/null \
      | sed -n 's/.*Average number of seconds to run all queries: \([0-9.]*\).*/\1/p'
  }
  for clients in 1 16; do
    probe=$(( clients * 100 ))
    t=$(slap_seconds "$clients" "$probe")
    n=$(python3 -c "print(max($probe, int($probe / max($t, 0.001) * $RUN_SECONDS)))")
    t=$(slap_seconds "$clients" "$n")
    tps=$(python3 -c "print(f'{$n / max($t, 0.001):.0f}')")
    echo "$clients client(s): statements=$n seconds=$t tps=$tps"
    if [[ $clients == 1 ]]; then MA1="$tps"; else MA16="$tps"; fi
  done
else
  echo "== MariaDB: skipped (needs mariadbd, mariadb-install-db and mariadb-slap)"
fi

ratio() { if [[ -n "$1" && -n "$2" ]]; then python3 -c "print(f'{$1/$2:.2f}')"; else echo "-"; fi; }
D1=$(echo "$DB1" | field writes_per_s); D16=$(echo "$DB16" | field writes_per_s)
R1=$(echo "$DBR1" | field writes_per_s); R16=$(echo "$DBR16" | field writes_per_s)
S1=$(echo "$DBS1" | field writes_per_s); S16=$(echo "$DBS16" | field writes_per_s)
F=$(echo "$FSYNC" | field ops_per_s); FP=$(echo "$FSYNC_PRE" | field ops_per_s)
echo
echo "| clients | db-node writes/s | with an async replica | with a semi-sync replica | PostgreSQL tps | MariaDB tps | db-node / PostgreSQL | db-node / MariaDB | async replica / PostgreSQL | semi-sync / PostgreSQL | db-node / append fsync | db-node / preallocated fsync |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for c in 1 16; do
  if [[ $c == 1 ]]; then d=$D1 r=$R1 y=$S1 pg=$PG1 ma=$MA1; else d=$D16 r=$R16 y=$S16 pg=$PG16 ma=$MA16; fi
  echo "| $c | $d | $r | $y | ${pg:--} | ${ma:--} | $(ratio "$d" "$pg") | $(ratio "$d" "$ma") | $(ratio "$r" "$pg") | $(ratio "$y" "$pg") | $(ratio "$d" "$F") | $(ratio "$d" "$FP") |"
done
echo
echo "replica under the 16-client load: max secondsBehind $(echo "$DBR16" | field max_seconds_behind)," \
  "max bytesBehind $(echo "$DBR16" | field max_bytes_behind); raw fsync ceiling $F/s appending, $FP/s preallocated"
