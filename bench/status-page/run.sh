#!/usr/bin/env bash
# Status page benchmark (not a test): how fast a fault shows on the API, and how many requests the page and
# summary.json serve. Runs its own lab in a temporary state dir at a port offset, and takes it down at the end.
#   bench/status-page/run.sh [runs=20] [wrk-seconds=10]
# Needs: the built lab (./lab builds it), python3, wrk (Debian package wrk).
set -euo pipefail
cd "$(dirname "$0")/../.."

runs=${1:-20}
seconds=${2:-10}
offset=${OFFSET:-500}
state=$(mktemp -d /tmp/status-bench-XXXXXX)
victim=db-node-east-1
page=http://127.0.0.1:$((8080 + offset))

cleanup() { ./lab down --state-dir "$state" >/dev/null 2>&1 || true; rm -rf "$state"; }
trap cleanup EXIT

./lab up --state-dir "$state" --port-offset "$offset" >/dev/null

# Polls status.json every 20 ms until its indicator is (or is not) "none"; prints the milliseconds it took.
wait_indicator() {
  python3 - "$page/api/v2/status.json" "$1" <<'PY'
import json, sys, time, urllib.request
url, want_ok = sys.argv[1], sys.argv[2] == "ok"
start = time.monotonic()
while time.monotonic() - start < 120:
    try:
        indicator = json.load(urllib.request.urlopen(url, timeout=2))["status"]["indicator"]
        if (indicator == "none") == want_ok:
            print(round((time.monotonic() - start) * 1000))
            sys.exit(0)
    except Exception:
        pass
    time.sleep(0.02)
sys.exit("timed out waiting for the indicator")
PY
}

wait_indicator ok >/dev/null
echo "== time from '$victim stopped' to a non-operational status on /api/v2/status.json, $runs runs"
times=()
for i in $(seq 1 "$runs"); do
  ./lab stop "$victim" --state-dir "$state" >/dev/null      # returns once the process has exited
  t=$(wait_indicator degraded)
  times+=("$t")
  echo "run $i: ${t} ms"
  ./lab start "$victim" --state-dir "$state" >/dev/null
  wait_indicator ok >/dev/null
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print "median_ms=" a[int((NR+1)/2)] " min_ms=" a[1] " max_ms=" a[NR]}'

echo "== requests per second (wrk -t2 -c32 -d${seconds}s)"
for path in /api/v2/summary.json /; do
  echo "$path: $(wrk -t2 -c32 -d"${seconds}"s --latency "$page$path" | grep -E 'Requests/sec|99%' | tr -s ' ' | tr '\n' ' ')"
done
