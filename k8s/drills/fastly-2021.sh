#!/usr/bin/env bash
# Fastly, 8 June 2021: a customer's valid config push triggers a latent bug in the edge release.
#   k8s/drills/fastly-2021.sh [--dry-run] [--as-it-happened]
# Pushes k8s/drills/fastly-2021-values.yaml (a changed `news` service) to the release; the edges re-read their
# services ConfigMap and activate it, no pod rolls. By default the edges validate configs against their release
# and stage every activation (the fixes): they refuse this one, naming the rule, and keep serving.
# --as-it-happened also turns both fixes off (which rolls the edges once, before the push), so every request on
# every POP gets Fastly's 503. Undo with `helm rollback lab -n outage-lab`, or push the old config back: the
# kill switch for a config is deactivating it. Every command is printed before it runs; --dry-run prints them
# and runs none.
set -euo pipefail

cd "$(dirname "$0")/../.."

source k8s/drills/common.sh
extra=()
for arg in "$@"; do
  case "$arg" in
    --dry-run) dry_run=true ;;
    --as-it-happened)
      extra=(--set cdnEdge.activation.validateAgainstRelease=false --set cdnEdge.activation.staged=false) ;;
    *) echo "usage: $0 [--dry-run] [--as-it-happened]" >&2; exit 2 ;;
  esac
done

upgrade -f k8s/drills/fastly-2021-values.yaml "${extra[@]}"
run kubectl --context "$CONTEXT" --namespace "$NAMESPACE" get configmap "$RELEASE-outage-lab-cdn-edge-services" \
  -o 'jsonpath={.data.services\.json}'
