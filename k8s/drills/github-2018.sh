#!/usr/bin/env bash
# GitHub, 21 October 2018: the east coast site lost its links to the other sites for 43 seconds.
# This cuts east from west and cloud with the chart's NetworkPolicies (networkPolicy.partition), waits, and heals:
#   k8s/drills/github-2018.sh [--dry-run] [--seconds N]
# Flows inside each side stay; flows across the cut stop (a Calico-enforced cluster is needed: see k8s/README.md).
# Watch the status page and the orchestrators' audit log meanwhile. Every command is printed before it runs;
# --dry-run prints them and runs none. The heal runs even if the wait is interrupted.
set -euo pipefail

cd "$(dirname "$0")/../.."

source k8s/drills/common.sh
seconds=43
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry_run=true ;;
    --seconds) seconds=$2; shift ;;
    *) echo "usage: $0 [--dry-run] [--seconds N]" >&2; exit 2 ;;
  esac
  shift
done

# Only the policies change: nothing rolls.
cut() {
  upgrade -f k8s/drills/github-2018-values.yaml
}

heal() {
  # null removes the drill's value, so the chart's default (no partition) applies again.
  upgrade --set networkPolicy.partition=null
}

cut
trap heal EXIT
echo "east is cut off from west and cloud for ${seconds}s"
run sleep "$seconds"
