# Sourced by every drill script (run from the repository's root): the cluster, release and chart a drill acts on,
# and how it acts. Each command is printed before it runs; a script that sets dry_run=true prints and runs none.
readonly CONTEXT=kind-outage-lab
readonly NAMESPACE=outage-lab
readonly RELEASE=lab
readonly CHART=helm/outage-lab
dry_run=false

run() {
  echo "+ $*"
  $dry_run || "$@"
}

# A helm upgrade of the release with extra arguments; --reuse-values keeps its settings (and its admin token).
upgrade() {
  run helm --kube-context "$CONTEXT" upgrade "$RELEASE" "$CHART" --namespace "$NAMESPACE" --reuse-values "$@"
}
