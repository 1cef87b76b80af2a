#!/usr/bin/env bash
# The orchestrator's failover benchmark: N runs (default 20) of "SIGKILL the primary -> a new primary acknowledges
# a write through primary.db.lab.internal", with the lab's semi-sync db-nodes and a writer that never stops, and the
# acknowledged writes missing on the new primary. See README.md next to this script.
#
#   mvn -B -DskipTests package && bench/orchestrator/run.sh [runs, default 20]
#
# It runs its own lab (./lab up) in a temporary state directory on a free port offset, and always takes it down
# (./lab down) and removes the directory at the end.
set -euo pipefail

RUNS="${1:-20}"
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
STATE="$(mktemp -d "${TMPDIR:-/tmp}/orchestrator-bench.XXXXXX")"

# ./lab would build the whole repository when a jar is missing; a benchmark must not. A jar missing for a moment
# (a module being rebuilt) is waited for, up to 5 minutes; then it stops.
for jar in "$ROOT/lab-cli/target/lab.jar" "$ROOT"/{cdn-edge,dns-resolver,db-node,orchestrator,status-page}/target/quarkus-app/quarkus-run.jar; do
  for _ in $(seq 1 300); do [[ -f "$jar" ]] && break; sleep 1; done
  [[ -f "$jar" ]] || { echo "missing ${jar#"$ROOT"/}: run 'mvn -B -DskipTests package' first" >&2; exit 1; }
done

# The lab command as ./lab runs it, minus ./lab's "build the repository when a jar is missing".
lab() { java -XX:TieredStopAtLevel=1 -Dlab.root="$ROOT" -jar "$ROOT/lab-cli/target/lab.jar" "$@"; }

cleanup() {
  lab down --state-dir "$STATE" >/dev/null 2>&1 || true
  rm -rf "$STATE"
}
trap cleanup EXIT

# A port offset whose whole range (app, management, DNS and Raft ports of all 13 instances) is free.
OFFSET="$(python3 - <<'PY'
import random, socket
def free(p):
    for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
        s = socket.socket(socket.AF_INET, kind)
        try:
            s.bind(("127.0.0.1", p))
        except OSError:
            return False
        finally:
            s.close()
    return True
for _ in range(200):
    off = random.randrange(100, 5000)
    ports = [b + off + i for b in (8080, 9000, 10000, 15353) for i in range(16)]
    if all(free(p) for p in ports):
        print(off)
        break
PY
)"

echo "== lab up (state $STATE, port offset $OFFSET)"
# The edges and the status page play no part in a failover; if one of them fails to start on a loaded machine the
# benchmark goes on (failover.py checks the db-nodes, resolvers and orchestrators itself, then stops the rest).
lab up --state-dir "$STATE" --port-offset "$OFFSET" --timeout 600s \
  || echo "lab up reported a failure (above); going on if the database side is healthy"
python3 "$HERE/failover.py" "$ROOT" "$STATE" "$RUNS" "${BUDGET_SECONDS:-}"
