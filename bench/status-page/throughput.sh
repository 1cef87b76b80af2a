#!/usr/bin/env bash
# Status page serving benchmark (not a test): requests per second for the page and the v2 API with wrk, and
# the size of what is served. Starts one status-page (its own build, a temp data dir, free loopback ports)
# probing twelve instances, two of them down, so the page carries components, an open incident, a timeline
# and uptime bars; and stops it (and the health server it starts) by PID at the end.
#   bench/status-page/throughput.sh [wrk-seconds=10] [connections=32]
# Needs: python3, wrk (Debian package wrk); builds status-page if its jar is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=${1:-10}
connections=${2:-32}
jar=status-page/target/quarkus-app/quarkus-run.jar
[[ -f $jar ]] || mvn -B -o -q -pl status-page package -DskipTests

work=$(mktemp -d /tmp/status-throughput-XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
health=$(free_port); app=$(free_port); mgmt=$(free_port); closed=$(free_port)

# Every healthy instance is this one static file server answering 200 on /q/health/ready.
mkdir -p "$work/www/q/health"; echo '{"status":"UP"}' > "$work/www/q/health/ready"
python3 -m http.server "$health" --bind 127.0.0.1 --directory "$work/www" >/dev/null 2>&1 &
pids+=($!)

args=()
i=0
for module in cdn-edge dns-resolver db-node orchestrator; do
  for region in east west cloud; do
    url=http://127.0.0.1:$health/q/health/ready
    [[ $module == db-node && $region == west ]] && url=http://127.0.0.1:$closed/q/health/ready
    [[ $module == dns-resolver && $region == cloud ]] && url=http://127.0.0.1:$closed/q/health/ready
    args+=(-Dstatus.targets[$i].name=$module-$region-0 -Dstatus.targets[$i].component=$module
           -Dstatus.targets[$i].region=$region -Dstatus.targets[$i].health-url=$url)
    i=$((i + 1))
  done
done
java -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$app" -Dquarkus.management.host=127.0.0.1 \
  -Dquarkus.management.port="$mgmt" -Dlab.admin.token="$(head -c 24 /dev/urandom | base64 | tr -dc A-Za-z0-9)" -Dstatus.data-dir="$work/data" "${args[@]}" \
  -jar "$jar" >"$work/status-page.log" 2>&1 &
pids+=($!)

page=http://127.0.0.1:$app
for _ in $(seq 1 600); do
  curl -sf "$page/api/v2/summary.json" | grep -q '"incidents":\[{' && break
  sleep 0.1
done
curl -sf "$page/api/v2/summary.json" | grep -q '"incidents":\[{' || { tail -20 "$work/status-page.log"; exit 1; }

echo "== sizes (bytes): page $(curl -s "$page/" | wc -c) (gzipped $(curl -s -H 'Accept-Encoding: gzip' "$page/" | wc -c))," \
  "live fragment $(curl -s "$page/page/live" | wc -c), summary.json $(curl -s "$page/api/v2/summary.json" | wc -c)"
sp=${pids[1]}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$sp/stat"; }   # user + system CPU of the status page, in ticks
tick_us=$((1000000 / $(getconf CLK_TCK)))
# Runs wrk and prints requests/s, p99 and the status page's CPU per request: the machine may be shared, so
# requests/s depends on what else runs; CPU per request does not (much).
measure() {
  local before after out requests
  before=$(cpu_ticks)
  out=$(wrk -t2 -c"$connections" -d"${seconds}"s --latency "$@")
  after=$(cpu_ticks)
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  echo "$(grep -E 'Requests/sec' <<<"$out" | tr -s ' ') p99 $(awk '$1=="99%" {print $2}' <<<"$out")," \
    "CPU $(( (after - before) * tick_us / (requests > 0 ? requests : 1) )) us/request ($requests requests)"
}

wrk -t2 -c"$connections" -d5s "$page/" >/dev/null             # warm-up: let the JIT compile the serving path
wrk -t2 -c"$connections" -d5s "$page/api/v2/summary.json" >/dev/null
echo "== wrk -t2 -c$connections -d${seconds}s; load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
for path in / /api/v2/summary.json /api/v2/status.json; do
  echo "$path: $(measure "$page$path")"
done
echo "/ with Accept-Encoding: gzip (what browsers send): $(measure -H "Accept-Encoding: gzip" "$page/")"
etag=$(curl -sI "$page/api/v2/summary.json" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag" {print $2}')
echo "/api/v2/summary.json with If-None-Match (304 while unchanged): $(measure -H "If-None-Match: $etag" \
  "$page/api/v2/summary.json")"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
