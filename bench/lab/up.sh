#!/usr/bin/env bash
# How long `./lab up` takes until all 13 instances are ready, and how much memory they hold once up.
# Goal (shared PERFORMANCE.md): up in < 30 s, total RSS < 2 GiB. No peer runs this, so the figures are absolute.
# Usage: bench/lab/up.sh [runs]   (default 3; needs free ports 8080+OFFSET.. and 9000+OFFSET..; OFFSET=30000)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-3}"
offset="${OFFSET:-30000}"
state=""

cleanup() {
  if [[ -n "$state" ]]; then
    "$root/lab" down --state-dir "$state" >/dev/null || echo "bench: lab down failed for $state" >&2
    rm -rf "$state"
  fi
}
trap cleanup EXIT

"$root/lab" --help >/dev/null   # builds on first use, outside the timing

ups=()
rsss=()
for run in $(seq 1 "$runs"); do
  state="$(mktemp -d)"
  begin=$(date +%s%N)
  "$root/lab" up --state-dir "$state" --port-offset "$offset" >/dev/null
  end=$(date +%s%N)
  total_kib=0
  for pid in $("$root/lab" status --json --state-dir "$state" | grep -o '"pid" *: *[0-9]*' | grep -o '[0-9]*$'); do
    kib=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")
    total_kib=$((total_kib + kib))
  done
  ups+=("$(( (end - begin) / 1000000 ))")
  rsss+=("$(( total_kib / 1024 ))")
  echo "run $run: up in ${ups[-1]} ms, total RSS ${rsss[-1]} MiB" >&2
  cleanup
  state=""
done

stats() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "%s (%s–%s)", a[int((NR+1)/2)], a[1], a[NR]}'; }
echo
echo "| what | median (min–max) of $runs runs | goal |"
echo "|---|---|---|"
echo "| \`./lab up\` until 13 instances are ready, ms | $(stats "${ups[@]}") | < 30000 |"
echo "| total RSS of the 13 instances after up, MiB | $(stats "${rsss[@]}") | < 2048 |"
