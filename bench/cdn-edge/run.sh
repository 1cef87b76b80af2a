#!/usr/bin/env bash
# Cache-hit throughput and p99 of cdn-edge next to nginx proxy_cache and Varnish, same origin, same objects,
# same wrk connections, and the CPU each server spent per request (user + system time of all its processes and
# threads over the measured run): on a loaded machine that is steadier than requests/s. Needs: wrk, nginx, varnishd, python3, and `mvn -pl cdn-edge package` done first.
# Usage: bench/cdn-edge/run.sh [seconds per run, default 10] [connections, default 32] [warm-up seconds, default 20]
set -euo pipefail

SECONDS_PER_RUN=${1:-10}
CONNECTIONS=${2:-32}
WARMUP=${3:-20}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR="$ROOT/cdn-edge/target/quarkus-app/quarkus-run.jar"
WORK=$(mktemp -d)
PIDS=()
ORIGIN=19101 EDGE=19102 EDGE_MGMT=19103 NGINX=19104 VARNISH=19105

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

[ -f "$JAR" ] || { echo "build first: mvn -pl cdn-edge package" >&2; exit 1; }

mkdir -p "$WORK/www" "$WORK/nginx/cache" "$WORK/nginx/tmp"
# Run as root, nginx's workers and Varnish's child drop privileges: they must read and write here.
chmod 755 "$WORK"
chmod 777 "$WORK/nginx/cache" "$WORK/nginx/tmp"
head -c 1024 /dev/urandom > "$WORK/www/1k.bin"
head -c 65536 /dev/urandom > "$WORK/www/64k.bin"
(cd "$WORK/www" && exec python3 -m http.server "$ORIGIN" --bind 127.0.0.1 >/dev/null 2>&1) & PIDS+=($!)

cat > "$WORK/services.json" <<JSON
{"services": [{"name": "bench", "domains": ["bench.lab"],
  "origin": {"host": "origin.bench.lab", "port": $ORIGIN, "pinAddress": "127.0.0.1"}}]}
JSON
java -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=$EDGE -Dquarkus.management.port=$EDGE_MGMT \
  -Dquarkus.management.host=127.0.0.1 -Dlab.admin.token=bench-token-not-secret-0123 \
  -Dedge.services.file="$WORK/services.json" -Dquarkus.log.level=WARN -jar "$JAR" >"$WORK/edge.log" 2>&1 & PIDS+=($!)

cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  proxy_cache_path $WORK/nginx/cache keys_zone=bench:10m max_size=64m;
  proxy_temp_path $WORK/nginx/tmp;
  server {
    listen 127.0.0.1:$NGINX;
    location / {
      proxy_pass http://127.0.0.1:$ORIGIN;
      proxy_cache bench;
      proxy_cache_valid 200 1h;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      add_header X-Cache \$upstream_cache_status;
    }
  }
}
CONF
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' & PIDS+=($!)

cat > "$WORK/bench.vcl" <<VCL
vcl 4.1;
backend default { .host = "127.0.0.1"; .port = "$ORIGIN"; }
sub vcl_backend_response { set beresp.ttl = 1h; }
VCL
varnishd -F -a 127.0.0.1:$VARNISH -f "$WORK/bench.vcl" -n "$WORK/varnish" -s malloc,64m >"$WORK/varnish.log" 2>&1 & PIDS+=($!)

wait_for() {
  for _ in $(seq 1 120); do
    curl -fs -o /dev/null -H 'Host: bench.lab' "$1" && return 0
    sleep 0.5
  done
  echo "no answer from $1; logs:" >&2; tail -n 5 "$WORK"/*.log "$WORK"/nginx/error.log >&2 || true; exit 1
}
for port in $EDGE $NGINX $VARNISH; do wait_for "http://127.0.0.1:$port/1k.bin"; done

# The PIDs whose CPU a server's requests cost: the process and its children (nginx workers, Varnish's child).
server_pids() {
  local pid=$1
  echo "$pid"
  for child in $(pgrep -P "$pid" || true); do server_pids "$child"; done
}
# Clock ticks (user + system) of every thread of those processes.
cpu_ticks() {
  local total=0 stat
  for pid in "$@"; do
    for stat in /proc/"$pid"/task/*/stat; do
      [ -r "$stat" ] || continue
      total=$((total + $(sed 's/.*) //' "$stat" | awk '{print $12 + $13}')))
    done
  done
  echo "$total"
}
TICKS_PER_SECOND=$(getconf CLK_TCK)
EDGE_PID=${PIDS[1]} NGINX_PID=${PIDS[2]} VARNISH_PID=${PIDS[3]}

printf '%-8s %-6s %12s %10s %14s\n' server object 'requests/s' 'p99' 'CPU us/request'
for object in 1k.bin 64k.bin; do
  for entry in cdn-edge:$EDGE:$EDGE_PID nginx:$NGINX:$NGINX_PID varnish:$VARNISH:$VARNISH_PID; do
    IFS=: read -r name port pid <<<"$entry"
    url="http://127.0.0.1:$port/$object"
    curl -fs -o /dev/null -H 'Host: bench.lab' "$url"
    # Warm-up: caches filled and, for the JVM, the JIT done (on a loaded machine that takes tens of seconds).
    wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -H 'Host: bench.lab' "$url" >/dev/null
    mapfile -t pids < <(server_pids "$pid")
    before=$(cpu_ticks "${pids[@]}")
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -H 'Host: bench.lab' "$url")
    after=$(cpu_ticks "${pids[@]}")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    requests=$(awk '/requests in/ {print $1}' <<<"$out")
    cpu=$(( (after - before) * 1000000 / TICKS_PER_SECOND / requests ))
    printf '%-8s %-6s %12s %10s %14s\n' "$name" "${object%.bin}" "$rps" "$p99" "$cpu"
  done
done
