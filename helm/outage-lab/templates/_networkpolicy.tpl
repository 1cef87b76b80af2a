{{/*
Every connection the lab makes, one entry per caller and purpose: the single table both sides of each
NetworkPolicy are generated from (the caller's egress and the callee's ingress). Ports are container port
names, so a policy follows the pods' ports (NetworkPolicies see the pod's port, 5353, not the Service's 53).
A drill that cuts a flow removes or overrides exactly one of these.
*/}}
{{- define "outage-lab.networkFlows" -}}
- from: status-page
  to: [status-page, cdn-edge, dns-resolver, db-node, orchestrator]
  ports: [management]
  why: the status page probes every instance's health (and itself) on the management port
- from: status-page
  to: [cdn-edge, db-node, orchestrator]
  ports: [http]
  why: synthetic checks do what a user does (fetch through an edge, write and read the database, ask the orchestrator)
- from: status-page
  to: [dns-resolver]
  ports: [dns-udp, dns-tcp]
  why: synthetic checks resolve names through every resolver
- from: cdn-edge
  to: [dns-resolver]
  ports: [dns-udp, dns-tcp]
  why: edges resolve the origin's name through the resolver fleet
- from: cdn-edge
  to: [db-node]
  ports: [http]
  why: edges fetch from and write to the origin
- from: orchestrator
  to: [db-node]
  ports: [management]
  why: the orchestrator polls status and promotes and repoints nodes through their admin API
- from: orchestrator
  to: [dns-resolver]
  ports: [dns-udp, dns-tcp]
  why: a failover moves primary.db.lab.internal by a TSIG-signed RFC 2136 update
- from: orchestrator
  to: [orchestrator]
  ports: [raft]
  why: the orchestrators elect a leader and replicate their log with Raft
- from: dns-resolver
  to: [dns-resolver]
  ports: [management]
  why: fleet health - every resolver polls its peers' management port, and the fleet manager acts on them
- from: db-node
  to: [db-node]
  ports: [http]
  why: replicas stream from their source on its app port (any node may become a source after a failover)
- from: helm-test
  to: [status-page]
  ports: [http]
  why: helm test reads the status page's summary
- from: helm-test
  to: [dns-resolver]
  ports: [dns-udp, dns-tcp]
  why: helm test asks the resolvers for a lab.internal name
{{- end }}
