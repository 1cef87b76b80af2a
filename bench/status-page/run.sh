#!/usr/bin/env bash
# Status page benchmark (not a test): how fast a fault shows on the API, and how many requests the page and
# summary.json serve while the whole lab runs. Runs its own lab in a temporary state dir at a port offset, and
# takes it down at the end.
#   bench/status-page/run.sh [runs=20] [wrk-seconds=10] [faults="killed drained hung"]
# Faults: killed  = db-node-east-1 stopped (`lab stop`, returns once the process has exited)
#         drained = dns-resolver-0 taken out of service (POST /admin/fleet/member {"in-service":false})
#         hung    = the origin (db-node-east-0) hangs every application request (a kit "hang" fault)
# Needs: the built lab (./lab builds it), python3, curl, wrk (Debian package wrk).
set -euo pipefail
cd "$(dirname "$0")/../.."

runs=${1:-20}
seconds=${2:-10}
faults=${3:-killed drained hung}
offset=${OFFSET:-500}
state=$(mktemp -d /tmp/status-bench-XXXXXX)
page=http://127.0.0.1:$((8080 + offset))

cleanup() { ./lab down --state-dir "$state" >/dev/null 2>&1 || true; rm -rf "$state"; }
trap cleanup EXIT

./lab up --state-dir "$state" --port-offset "$offset" >/dev/null
token=$(cat "$state/admin-token")
management() {
  ./lab status --json --state-dir "$state" | python3 -c \
    'import json,sys; print(next(e["urls"]["management"] for e in json.load(sys.stdin) if e["name"]==sys.argv[1]))' "$1"
}
admin() { curl -sf -o /dev/null -X "$1" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  ${3:+-d "$3"} "$2"; }
resolver=$(management dns-resolver-0)
origin=$(management db-node-east-0)

inject() {
  case $1 in
    killed) ./lab stop db-node-east-1 --state-dir "$state" >/dev/null ;;
    drained) admin POST "$resolver/admin/fleet/member" '{"in-service":false,"reason":"bench"}' ;;
    hung) admin POST "$origin/admin/faults" '{"type":"hang","target":"app"}' ;;
  esac
}
heal() {
  case $1 in
    killed) ./lab start db-node-east-1 --state-dir "$state" >/dev/null ;;
    drained) admin POST "$resolver/admin/fleet/member" '{"in-service":true,"reason":"bench"}' ;;
    hung) admin DELETE "$origin/admin/faults" ;;
  esac
}

# Polls status.json every 20 ms until its indicator is (or is not) "none"; prints the milliseconds it took and
# the component that changed first.
wait_indicator() {
  python3 - "$page/api/v2" "$1" <<'PY'
import json, sys, time, urllib.request
api, want_ok = sys.argv[1], sys.argv[2] == "ok"
start = time.monotonic()
while time.monotonic() - start < 120:
    try:
        indicator = json.load(urllib.request.urlopen(api + "/status.json", timeout=2))["status"]["indicator"]
        if (indicator == "none") == want_ok:
            took = round((time.monotonic() - start) * 1000)
            components = json.load(urllib.request.urlopen(api + "/components.json", timeout=2))["components"]
            changed = [c["name"] for c in components if c["status"] != "operational" and not c["group"]]
            print(took, ",".join(changed).replace(" ", "_") or "-")
            sys.exit(0)
    except Exception:
        pass
    time.sleep(0.02)
sys.exit("timed out waiting for the indicator")
PY
}

wait_indicator ok >/dev/null
for fault in $faults; do
  echo "== $fault: time from the fault to a non-operational status on /api/v2/status.json, $runs runs"
  times=()
  for i in $(seq 1 "$runs"); do
    inject "$fault"
    read -r t changed < <(wait_indicator degraded)
    times+=("$t")
    echo "run $i: ${t} ms ($changed)"
    heal "$fault"
    wait_indicator ok >/dev/null
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v f="$fault" \
    '{a[NR]=$1} END {print f ": median_ms=" a[int((NR+1)/2)] " min_ms=" a[1] " max_ms=" a[NR]}'
done

echo "== requests per second with the whole lab running (wrk -t2 -c32 -d${seconds}s)"
for path in /api/v2/summary.json /; do
  echo "$path: $(wrk -t2 -c32 -d"${seconds}"s --latency "$page$path" | grep -E 'Requests/sec|99%' | tr -s ' ' | tr '\n' ' ')"
done
