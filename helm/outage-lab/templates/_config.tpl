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
  {{- with $values.orchestrator.discovery }}
  {{- if .enabled }}
  # db-nodes also from the headless Service's SRV records; a pod's name less "<fullname>-" is its instance name,
  # so a configured db-node and its discovered self are one.
  orchestrator.discovery.srv-name=_management._tcp.{{ include "outage-lab.headlessServiceName" (dict "root" $root "component" "db-node") }}.{{ $suffix }}.
  orchestrator.discovery.pod-name-prefix={{ $fullname }}-
  orchestrator.discovery.interval={{ .interval }}
  {{- end }}
  {{- end }}
  {{- range get $pods "db-node" }}
  orchestrator.db-nodes.{{ .instance }}.region={{ .site }}
  orchestrator.db-nodes.{{ .instance }}.admin-url=http://{{ .host }}:9000
  # A failover points primary.db at the promoted pod's stable name, the shape the resolvers' zone starts with.
  orchestrator.db-nodes.{{ .instance }}.dns-name={{ .host }}.
  {{- end }}
{{- else if eq .component "dns-resolver" }}
{{- $peers := list }}
{{- range get $pods "dns-resolver" }}
{{- $peers = append $peers (printf "%s=http://%s:9000" .pod .host) }}
{{- end }}
{{- $services := printf "%s.svc.%s." $root.Release.Namespace $values.clusterDomain }}
{{- $upstreams := $values.dnsResolver.upstreams | default (list (printf "kube-dns.%s.svc.%s:%d" $values.networkPolicy.clusterDns.namespace $values.clusterDomain (int $values.networkPolicy.clusterDns.port))) }}
{{- $records := list
      (dict "name" "ns1" "type" "CNAME" "data" (printf "%s-dns-resolver.%s" $fullname $services))
      (dict "name" "origin.news" "type" "CNAME" "data" (printf "%s-db-node.%s" $fullname $services))
      (dict "name" "primary.db" "type" "CNAME" "data" (printf "%s." (first (get $pods "db-node")).host) "ttl" "5s")
      (dict "name" "status" "type" "CNAME" "data" (printf "%s-status-page.%s" $fullname $services))
      (dict "name" "orchestrator" "type" "CNAME" "data" (printf "%s-orchestrator.%s" $fullname $services))
      (dict "name" "edge" "type" "CNAME" "data" (printf "%s-cdn-edge.%s" $fullname $services)) }}
{{- range get $pods "db-node" }}
{{- $records = append $records (dict "name" (printf "%s.db" .instance) "type" "CNAME" "data" (printf "%s." .host)) }}
{{- end }}
application.properties: |
  # Accepted RFC 2136 updates are journaled on the pod's volume (see dnsResolver.persistence).
  dns.data-dir=/data
  # The fleet: every resolver by instance (pod) name and management URL.
  dns.fleet.peers={{ join "," $peers }}
  # Names outside lab.internal go to the cluster DNS, which also finishes the zone's CNAMEs to cluster names.
  dns.forward.upstreams={{ join "," $upstreams }}
  # The zone names Kubernetes objects, not the local lab's loopback: CNAMEs to Services and to db-node pods' stable names,
  # resolved through the upstreams. The first six always exist, whatever the topology: SmallRye merges indexed
  # keys of all sources by index, so fewer would let the packaged records[0..5] (loopback addresses) leak in.
  {{- range $i, $record := $records }}
  dns.zone.records[{{ $i }}].name={{ $record.name }}
  dns.zone.records[{{ $i }}].type={{ $record.type }}
  dns.zone.records[{{ $i }}].data={{ $record.data }}
  {{- with $record.ttl }}
  dns.zone.records[{{ $i }}].ttl={{ . }}
  {{- end }}
  {{- end }}
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
  edge.release={{ $values.cdnEdge.release }}
  # Fastly's fixes: check a config against the running release, and roll a bad activation back by itself.
  edge.activation.validate-against-release={{ $values.cdnEdge.activation.validateAgainstRelease }}
  edge.activation.staged={{ $values.cdnEdge.activation.staged }}
  # The customers' configs, re-read live from the ConfigMap <fullname>-cdn-edge-services.
  edge.services.file=/deployments/services/services.json
{{- end }}
{{- end }}
