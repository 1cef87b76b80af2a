#!/usr/bin/env bash
# AWS Seoul 2018: a resolver fleet config without min-healthy-hosts, and a fast maintenance rotation.
#   k8s/drills/aws-seoul-2018.sh [--dry-run] [--as-it-happened]
# Applies k8s/drills/aws-seoul-2018-values.yaml to the release. By default the resolvers validate fleet configs
# (the fix) and refuse this one, logging the key; --as-it-happened also turns validation off (which rolls the
# resolvers once), so the rotation takes resolvers out of service one after another. Undo with
# `helm rollback lab -n outage-lab`. Every command is printed before it runs; --dry-run prints them and runs none.
set -euo pipefail

cd "$(dirname "$0")/../.."

source k8s/drills/common.sh
extra=()
for arg in "$@"; do
  case "$arg" in
    --dry-run) dry_run=true ;;
    --as-it-happened) extra=(--set dnsResolver.fleet.validate=false) ;;
    *) echo "usage: $0 [--dry-run] [--as-it-happened]" >&2; exit 2 ;;
  esac
done

upgrade -f k8s/drills/aws-seoul-2018-values.yaml "${extra[@]}"
run kubectl --context "$CONTEXT" --namespace "$NAMESPACE" get configmap "$RELEASE-outage-lab-dns-resolver-fleet" \
  -o 'jsonpath={.data.fleet\.json}'
