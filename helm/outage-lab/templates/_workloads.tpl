{{/*
One StatefulSet per site of a component whose pods need stable names (db-node, orchestrator,
dns-resolver). Pods are <fullname>-<component>-<site>-<ordinal>, with DNS names under the component's
headless Service. Components with a `persistence` block get /data; all get their ConfigMap (see _config.tpl).
Call with (dict "root" $ "component" "db-node" "config" .Values.dbNode
               "ports" (list ...) "env" (list ...) "volumes" (list ...) "volumeMounts" (list ...)
               "perPodConfig" true)   true: each pod also reads <pod name>.properties from its ConfigMap
*/}}
{{- define "outage-lab.siteStatefulSets" -}}
{{- $root := .root }}
{{- $component := .component }}
{{- $config := .config }}
{{- $ports := .ports | default list }}
{{- $persistent := hasKey $config "persistence" }}
{{- $configMap := printf "%s-%s" (include "outage-lab.fullname" $root) $component }}
{{- $checksum := include "outage-lab.configData" (dict "root" $root "component" $component) | sha256sum }}
{{- $env := .env | default list }}
{{- if .perPodConfig }}
{{- /* Kubernetes expands $(LAB_INSTANCE_NAME), defined before it in the env list, to the pod's name. */}}
{{- $env = append $env (dict "name" "QUARKUS_CONFIG_LOCATIONS" "value" "/deployments/config/$(LAB_INSTANCE_NAME).properties") }}
{{- end }}
{{- $volumes := concat (.volumes | default list) (list (dict "name" "config" "configMap" (dict "name" $configMap))) }}
{{- $mounts := concat (.volumeMounts | default list) (list (dict "name" "config" "mountPath" "/deployments/config" "readOnly" true)) }}
{{- if $persistent }}
{{- $mounts = append $mounts (dict "name" "data" "mountPath" "/data") }}
{{- if not $config.persistence.enabled }}
{{- $volumes = append $volumes (dict "name" "data" "emptyDir" (dict)) }}
{{- end }}
{{- end }}
{{- range $config.sites }}
{{- $ctx := dict "root" $root "component" $component "site" .name "config" $config
      "ports" $ports "env" $env "volumes" $volumes "volumeMounts" $mounts
      "annotations" (dict "checksum/config" $checksum) }}
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {{ printf "%s-%s-%s" (include "outage-lab.fullname" $root) $component .name }}
  labels:
    {{- include "outage-lab.workloadLabels" $ctx | nindent 4 }}
spec:
  serviceName: {{ include "outage-lab.headlessServiceName" $ctx }}
  replicas: {{ .replicas }}
  # Peers find each other by DNS before any of them is ready; ordered start-up would wait forever
  # for a first pod that is waiting for its peers.
  podManagementPolicy: Parallel
  selector:
    matchLabels:
      {{- include "outage-lab.workloadSelectorLabels" $ctx | nindent 6 }}
  template:
    {{- include "outage-lab.podTemplate" $ctx | nindent 4 }}
  {{- if and $persistent $config.persistence.enabled }}
  volumeClaimTemplates:
    - metadata:
        name: data
        labels:
          {{- include "outage-lab.workloadSelectorLabels" $ctx | nindent 10 }}
      spec:
        accessModes:
          - ReadWriteOnce
        {{- with $config.persistence.storageClassName }}
        storageClassName: {{ . }}
        {{- end }}
        resources:
          requests:
            storage: {{ $config.persistence.size }}
  {{- end }}
{{- end }}
{{- end }}

{{/*
Services of a stateful component: a ClusterIP Service for its clients and a headless Service that
gives every pod a stable DNS name. The headless one publishes pods that are not ready yet, because
peers must reach each other to become ready.
Call with (dict "root" $ "component" "db-node" "ports" (list ...) "clientPorts" (list ...)): extra
container ports go on the headless Service; clientPorts (Service ports with a targetPort) on the ClusterIP one.
*/}}
{{- define "outage-lab.statefulServices" -}}
{{- $root := .root }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ printf "%s-%s" (include "outage-lab.fullname" $root) .component }}
  labels:
    {{- include "outage-lab.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
spec:
  type: ClusterIP
  selector:
    {{- include "outage-lab.componentSelectorLabels" . | nindent 4 }}
  ports:
    {{- with .clientPorts }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
    - name: http
      port: 8080
      targetPort: http
      protocol: TCP
---
apiVersion: v1
kind: Service
metadata:
  name: {{ include "outage-lab.headlessServiceName" . }}
  labels:
    {{- include "outage-lab.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
spec:
  clusterIP: None
  publishNotReadyAddresses: true
  selector:
    {{- include "outage-lab.componentSelectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: 8080
      targetPort: http
      protocol: TCP
    - name: management
      port: 9000
      targetPort: management
      protocol: TCP
    {{- range .ports }}
    - name: {{ .name }}
      port: {{ .containerPort }}
      targetPort: {{ .name }}
      protocol: {{ .protocol }}
    {{- end }}
{{- end }}

{{/*
One Deployment of a stateless component.
Call with (dict "root" $ "component" "dns-resolver" "name" "<object name>" "site" "east" "pop" ""
               "replicas" 2 "config" .Values.dnsResolver "env" (list) "ports" (list)
               "volumeMounts" (list) "volumes" (list) "annotations" (dict))
*/}}
{{- define "outage-lab.deployment" -}}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .name }}
  labels:
    {{- include "outage-lab.workloadLabels" . | nindent 4 }}
spec:
  replicas: {{ .replicas }}
  {{- with .strategy }}
  strategy:
    type: {{ . }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "outage-lab.workloadSelectorLabels" . | nindent 6 }}
  template:
    {{- include "outage-lab.podTemplate" . | nindent 4 }}
{{- end }}
