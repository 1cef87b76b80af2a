{{/*
The configuration of each component, as the data of its ConfigMap `<fullname>-<component>`, mounted at
/deployments/config where Quarkus reads config/application.properties (ordinal 260, above the packaged
file). StatefulSet pods also read /deployments/config/<pod name>.properties (QUARKUS_CONFIG_LOCATIONS,
config_ordinal 270) for what differs per pod.

How changes take effect: the pod templates carry `checksum/config`, a hash of this data, so any change rolls
the component's pods (the services read these settings at start). The run-time policies the drills
change are separate ConfigMaps outside the checksum, re-read by the running services: the resolvers'
fleet config (`<fullname>-dns-resolver-fleet`, re-read every fleet tick).

Addresses are cluster DNS names: <pod>.<headless Service>.<namespace>.svc.<clusterDomain>.
Call with (dict "root" $ "component" "db-node")
*/}}
{{- define "outage-lab.configData" -}}
{{- $root := .root }}
{{- $values := $root.Values }}
{{- $fullname := include "outage-lab.fullname" $root }}
{{- $suffix := printf "%s.svc.%s" $root.Release.Namespace $values.clusterDomain }}
{{- $pods := dict }}
{{- range $component := list "db-node" "orchestrator" "dns-resolver" }}
{{- $config := get (dict "db-node" $values.dbNode "orchestrator" $values.orchestrator "dns-resolver" $values.dnsResolver) $component }}
{{- $headless := include "outage-lab.headlessServiceName" (dict "root" $root "component" $component) }}
{{- $list := list }}
{{- range $config.sites }}
{{- $site := .name }}
{{- range $ordinal := until (int .replicas) }}
{{- $instance := printf "%s-%s-%d" $component $site $ordinal }}
{{- $pod := printf "%s-%s" $fullname $instance }}
{{- $list = append $list (dict "instance" $instance "pod" $pod "site" $site "host" (printf "%s.%s.%s" $pod $headless $suffix)) }}
{{- end }}
{{- end }}
{{- $_ := set $pods $component $list }}
{{- end }}
{{- if eq .component "db-node" }}
{{- $primary := first (get $pods "db-node") }}
application.properties: |
  # The data directory is the pod's volume; the root filesystem is read-only.
  db.data-dir=/data
{{- range get $pods "db-node" }}
{{ .pod }}.properties: |
  config_ordinal=270
  {{- if eq .pod $primary.pod }}
  # The first pod of the first site starts as the primary; the role file on its volume wins after that.
  db.role=primary
  {{- else }}
  db.role=replica
  db.source=http://{{ $primary.host }}:8080
  {{- end }}
{{- end }}
{{- else if eq .component "orchestrator" }}
{{- $raft := list }}
{{- range get $pods "orchestrator" }}
{{- $raft = append $raft (printf "%s=%s:%d" .pod .host (int $values.orchestrator.raftPort)) }}
{{- end }}
{{- $resolvers := list }}
{{- range get $pods "dns-resolver" }}
{{- $resolvers = append $resolvers (printf "%s:%d" .host (int $values.dnsResolver.dnsPort)) }}
{{- end }}
application.properties: |
  # Raft: every orchestrator of every site, by pod name; this pod is the one named like itself.
  orchestrator.raft.self=${lab.instance.name}
  orchestrator.raft.peers={{ join "," $raft }}
  orchestrator.raft.storage-dir=/data/raft
  # Every resolver takes each RFC 2136 update.
  orchestrator.dns.servers={{ join "," $resolvers }}
  {{- with $values.orchestrator.recovery }}
  orchestrator.recovery.automatic={{ .automatic }}
  orchestrator.recovery.prevent-cross-region-failover={{ .preventCrossRegionFailover }}
  orchestrator.recovery.recovery-block={{ .recoveryBlock }}
  orchestrator.recovery.fail-promotion-on-lag={{ .failPromotionOnLag }}
  {{- end }}
  {{- range get $pods "db-node" }}
  orchestrator.db-nodes.{{ .instance }}.region={{ .site }}
  orchestrator.db-nodes.{{ .instance }}.admin-url=http://{{ .host }}:9000
  {{- end }}
{{- else if eq .component "dns-resolver" }}
{{- $peers := list }}
{{- range get $pods "dns-resolver" }}
{{- $peers = append $peers (printf "%s=http://%s:9000" .pod .host) }}
{{- end }}
application.properties: |
  # The fleet: every resolver by instance (pod) name and management URL.
  dns.fleet.peers={{ join "," $peers }}
  # Re-read every tick; a drill edits the ConfigMap <fullname>-dns-resolver-fleet.
  dns.fleet.config-file=/deployments/fleet/fleet.json
  dns.fleet.validate={{ $values.dnsResolver.fleet.validate }}
{{- else if eq .component "cdn-edge" }}
application.properties: |
  # Resolvers through the Services of each site (port 53, mapped to the resolvers' {{ $values.dnsResolver.dnsPort }}).
  {{- $resolvers := list }}
  {{- range $values.dnsResolver.sites }}
  {{- $resolvers = append $resolvers (printf "%s-dns-resolver-%s.%s:53" $fullname .name $suffix) }}
  {{- end }}
  edge.dns.resolvers={{ join "," $resolvers }}
{{- end }}
{{- end }}
