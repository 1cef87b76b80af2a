#!/usr/bin/env bash
# Authoritative queries per second of one dns-resolver next to Unbound serving the same records (local-zone and
# local-data made from the same list), in the same run, with the same dnsperf query file and client settings.
# Needs: dnsperf, unbound, python3, java, and `mvn -pl dns-resolver package` done first.
# Usage: bench/dns-resolver/run.sh [seconds per run, default 15] [dnsperf clients, default 8]
#        [outstanding queries, default 200] [paced rate for the loss run, default 70% of Unbound's max]
# THREADS (environment, default 2 = this machine's cores) is both Unbound's num-threads and dns.udp.threads;
# ROUNDS (default 3) is how many times the flat-out runs alternate between the two.
# Each server gets a warm-up run, ROUNDS flat-out runs (max qps = the best) and a paced run at the same rate for
# both (loss below capacity). The resolver's capacity limits are lifted (max-concurrent 0, qps 0): the bench measures the server,
# not the shedding.
set -euo pipefail

SECONDS_PER_RUN=${1:-15}
CLIENTS=${2:-8}
OUTSTANDING=${3:-200}
PACED_QPS=${4:-}
THREADS=${THREADS:-2}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR="$ROOT/dns-resolver/target/quarkus-app/quarkus-run.jar"
WORK=$(mktemp -d)
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

[ -f "$JAR" ] || { echo "build first: mvn -pl dns-resolver package -DskipTests" >&2; exit 1; }
for tool in dnsperf unbound python3 java; do
  command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }
done

# Free loopback ports, each free for both UDP and TCP.
read -r RESOLVER RESOLVER_HTTP RESOLVER_MGMT UNBOUND < <(python3 - <<'PY'
import socket
ports = []
while len(ports) < 4:
    t = socket.socket(socket.AF_INET, socket.SOCK_STREAM); t.bind(("127.0.0.1", 0)); port = t.getsockname()[1]
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        u.bind(("127.0.0.1", port)); ports.append(port)
    except OSError:
        pass
    finally:
        u.close(); t.close()
print(*ports)
PY
)

# The zone, once: name type data. Both servers are given exactly these (plus the SOA and NS each synthesises).
ORIGIN=lab.internal.
RECORDS=(
  "ns1 A 127.0.0.1"
  "origin.news A 127.0.0.1"
  "db-node-east-0.db A 127.0.0.1"
  "db-node-east-1.db A 127.0.0.1"
  "db-node-west-0.db A 127.0.0.1"
  "primary.db CNAME db-node-east-0.db.lab.internal."
)

RESOLVER_ARGS=(
  -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$RESOLVER_HTTP"
  -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$RESOLVER_MGMT"
  -Dlab.admin.token=bench-token-not-secret-0123 -Dquarkus.log.level=WARN
  -Ddns.port="$RESOLVER" -Ddns.updates.enabled=false
  -Ddns.capacity.max-concurrent=0 -Ddns.capacity.qps=0
  -Ddns.zone.ttl=30s -Ddns.udp.threads="$THREADS"
)
UNBOUND_DATA=""
i=0
for record in "${RECORDS[@]}"; do
  read -r name type data <<<"$record"
  # The application's own records are replaced by the list above (indices beyond it are not set here).
  RESOLVER_ARGS+=(-Ddns.zone.records[$i].name="$name" -Ddns.zone.records[$i].type="$type"
    -Ddns.zone.records[$i].data="$data" -Ddns.zone.records[$i].ttl=30s)
  UNBOUND_DATA+="  local-data: \"$name.$ORIGIN 30 IN $type $data\""$'\n'
  i=$((i + 1))
done

cat > "$WORK/unbound.conf" <<CONF
server:
  interface: 127.0.0.1@$UNBOUND
  port: $UNBOUND
  do-daemonize: no
  username: ""
  chroot: ""
  directory: "$WORK"
  pidfile: "$WORK/unbound.pid"
  use-syslog: no
  logfile: ""
  verbosity: 0
  num-threads: $THREADS
  so-reuseport: yes
  so-rcvbuf: 4m
  access-control: 127.0.0.0/8 allow
  do-ip6: no
  local-zone: "$ORIGIN" static
  local-data: "$ORIGIN 30 IN SOA ns1.$ORIGIN hostmaster.$ORIGIN 1 3600 600 86400 30"
  local-data: "$ORIGIN 30 IN NS ns1.$ORIGIN"
$UNBOUND_DATA
CONF
unbound -d -c "$WORK/unbound.conf" >"$WORK/unbound.log" 2>&1 & PIDS+=($!)
java ${JAVA_OPTS:-} "${RESOLVER_ARGS[@]}" -jar "$JAR" >"$WORK/resolver.log" 2>&1 & PIDS+=($!)

# The query mix: every address, the SOA, the NS, the CNAME itself and a name that does not exist (NXDOMAIN).
cat > "$WORK/queries" <<Q
origin.news.$ORIGIN A
db-node-east-0.db.$ORIGIN A
db-node-east-1.db.$ORIGIN A
db-node-west-0.db.$ORIGIN A
ns1.$ORIGIN A
$ORIGIN SOA
$ORIGIN NS
primary.db.$ORIGIN CNAME
nobody.$ORIGIN A
origin.news.$ORIGIN AAAA
Q

wait_for() {
  for _ in $(seq 1 120); do
    out=$(dnsperf -s 127.0.0.1 -p "$1" -d "$WORK/queries" -n 1 -t 1 2>/dev/null || true)
    grep -q 'Queries completed: *10 ' <<<"$out" && return 0
    sleep 0.5
  done
  echo "no answers on port $1; logs:" >&2; tail -n 20 "$WORK"/*.log >&2 || true; exit 1
}
wait_for "$UNBOUND"
wait_for "$RESOLVER"

# Prints: qps lost completed avg-latency-ms stddev-ms
measure() {
  local port=$1 seconds=$2; shift 2
  local out
  out=$(dnsperf -s 127.0.0.1 -p "$port" -d "$WORK/queries" -l "$seconds" -c "$CLIENTS" -q "$OUTSTANDING" \
    -t 2 "$@" 2>&1)
  awk '
    /Queries completed:/ {completed = $3}
    /Queries lost:/ {lost = $3}
    /Queries per second:/ {qps = $4}
    /Average Latency/ {avg = $4 * 1000}
    /Latency StdDev/ {sd = $4 * 1000}
    END {printf "%.0f %d %d %.3f %.3f\n", qps, lost, completed, avg, sd}' <<<"$out"
}

echo "# dns-resolver on udp/$RESOLVER, unbound on udp/$UNBOUND; $SECONDS_PER_RUN s per run, $CLIENTS clients," \
  "$OUTSTANDING outstanding, $THREADS threads each, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
measure "$RESOLVER" 10 >/dev/null   # warm-up: the JIT
measure "$UNBOUND" 5 >/dev/null
# Flat-out runs alternate between the servers ROUNDS times (default 3), so a burst of load from elsewhere on the
# machine does not land on one server only; each server's best run is its max.
declare -A MAX=([dns-resolver]=0 [unbound]=0)
printf '%-14s %-10s %10s %8s %10s %12s %10s\n' server run qps lost completed 'avg ms' 'stddev ms'
for round in $(seq 1 "${ROUNDS:-3}"); do
  for entry in dns-resolver:$RESOLVER unbound:$UNBOUND; do
    name=${entry%%:*} port=${entry##*:}
    read -r qps lost completed avg sd < <(measure "$port" "$SECONDS_PER_RUN")
    (( qps > MAX[$name] )) && MAX[$name]=$qps
    printf '%-14s %-10s %10s %8s %10s %12s %10s\n' "$name" "flat-out$round" "$qps" "$lost" "$completed" "$avg" "$sd"
  done
done
PACED_QPS=${PACED_QPS:-$(( ${MAX[unbound]} * 7 / 10 ))}
for entry in dns-resolver:$RESOLVER unbound:$UNBOUND; do
  name=${entry%%:*} port=${entry##*:}
  read -r qps lost completed avg sd < <(measure "$port" "$SECONDS_PER_RUN" -Q "$PACED_QPS")
  printf '%-14s %-10s %10s %8s %10s %12s %10s\n' "$name" "paced" "$qps" "$lost" "$completed" "$avg" "$sd"
done
echo "# paced at $PACED_QPS qps; best flat-out: dns-resolver ${MAX[dns-resolver]}, unbound ${MAX[unbound]}, ratio" \
  "$(awk -v a="${MAX[dns-resolver]}" -v b="${MAX[unbound]}" 'BEGIN {printf "%.2f", a / b}')"
