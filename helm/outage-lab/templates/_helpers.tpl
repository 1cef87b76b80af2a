{{/*
Chart name, overridable so two copies of the lab can share a namespace.
*/}}
{{- define "outage-lab.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Prefix of every object name. Truncated to 63 because names end up in DNS labels.
If the release name already contains the chart name it is used as is (release "outage-lab" -> "outage-lab").
*/}}
{{- define "outage-lab.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Chart name and version, for the helm.sh/chart label.
*/}}
{{- define "outage-lab.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels that identify the release; part of every selector, so they must never change after install.
*/}}
{{- define "outage-lab.selectorLabels" -}}
app.kubernetes.io/name: {{ include "outage-lab.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Common labels of every object.
*/}}
{{- define "outage-lab.labels" -}}
helm.sh/chart: {{ include "outage-lab.chart" . }}
{{ include "outage-lab.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: outage-lab
{{- end }}

{{/*
Selector of one workload: release + component + site (+ POP for cdn-edge, whose two POPs may share a site).
Drills select pods by these same labels, e.g. region=east to partition a site.
Call with (dict "root" $ "component" "db-node" "site" "east" "pop" "")
*/}}
{{- define "outage-lab.workloadSelectorLabels" -}}
{{ include "outage-lab.selectorLabels" .root }}
app.kubernetes.io/component: {{ .component }}
region: {{ .site }}
{{- if .pop }}
pop: {{ .pop }}
{{- end }}
{{- end }}

{{/*
Labels of one workload and its pods.
*/}}
{{- define "outage-lab.workloadLabels" -}}
{{ include "outage-lab.labels" .root }}
app.kubernetes.io/component: {{ .component }}
region: {{ .site }}
{{- if .pop }}
pop: {{ .pop }}
{{- end }}
{{- end }}

{{/*
Selector of every pod of one component, whatever its site.
*/}}
{{- define "outage-lab.componentSelectorLabels" -}}
{{ include "outage-lab.selectorLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
Image of one component: [registry/]repository/component:tag.
*/}}
{{- define "outage-lab.image" -}}
{{- $image := .root.Values.image }}
{{- $repository := printf "%s/%s" $image.repository .component }}
{{- if $image.registry }}
{{- $repository = printf "%s/%s" $image.registry $repository }}
{{- end }}
{{- printf "%s:%s" $repository (default .root.Chart.AppVersion $image.tag) }}
{{- end }}

{{/*
Name of the Secret that holds the admin token.
*/}}
{{- define "outage-lab.adminSecretName" -}}
{{- printf "%s-admin" (include "outage-lab.fullname" .) }}
{{- end }}

{{/*
Name of a component's headless Service (StatefulSet pods get their stable DNS names from it).
*/}}
{{- define "outage-lab.headlessServiceName" -}}
{{- printf "%s-%s-headless" (include "outage-lab.fullname" .root) .component }}
{{- end }}
