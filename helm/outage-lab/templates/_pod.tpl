{{/*
Pod template shared by every component, so that identity, token, probes and the restricted
security context are written once.
Call with (dict
  "root" $                      the top-level context
  "component" "db-node"         module name; also the container name and the image name
  "site" "east"                 east|west|cloud; becomes LAB_INSTANCE_REGION and the node affinity
  "pop" ""                      cdn-edge POP, empty for the others
  "config" .Values.dbNode       the component's values (resources)
  "env" (list ...)              extra env vars
  "ports" (list ...)            extra container ports
  "volumeMounts" (list ...)     extra mounts
  "volumes" (list ...)          extra pod volumes
  "annotations" (dict ...)      pod annotations)
*/}}
{{- define "outage-lab.podTemplate" -}}
{{- $root := .root -}}
{{- $values := $root.Values -}}
metadata:
  labels:
    {{- include "outage-lab.workloadLabels" . | nindent 4 }}
  {{- with .annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  {{- with $values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  # The services never call the Kubernetes API.
  automountServiceAccountToken: false
  # Service-link env vars would start with the release name (often "lab-..."), which Quarkus could
  # take for lab.* configuration.
  enableServiceLinks: false
  securityContext:
    {{- include "outage-lab.podSecurityContext" $root | nindent 4 }}
  {{- if $values.placement.nodeAffinity }}
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
          - matchExpressions:
              - key: {{ $values.placement.siteLabel }}
                operator: In
                values:
                  - {{ .site }}
  {{- end }}
  containers:
    - name: {{ .component }}
      image: {{ include "outage-lab.image" . }}
      imagePullPolicy: {{ $values.image.pullPolicy }}
      ports:
        - name: http
          containerPort: 8080
          protocol: TCP
        - name: management
          containerPort: 9000
          protocol: TCP
        {{- with .ports }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      env:
        - name: LAB_INSTANCE_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        - name: LAB_INSTANCE_REGION
          value: {{ .site | quote }}
        - name: LAB_ADMIN_TOKEN
          valueFrom:
            secretKeyRef:
              name: {{ include "outage-lab.adminSecretName" $root }}
              key: admin-token
        {{- if has .component (list "dns-resolver" "orchestrator") }}
        # Resolvers verify RFC 2136 updates with this key (dns.tsig.secret) and orchestrators sign them
        # (orchestrator.dns.tsig-secret); no one else gets it.
        - name: {{ eq .component "orchestrator" | ternary "ORCHESTRATOR_DNS_TSIG_SECRET" "DNS_TSIG_SECRET" }}
          valueFrom:
            secretKeyRef:
              name: {{ include "outage-lab.adminSecretName" $root }}
              key: tsig-secret
        {{- end }}
        {{- with .env }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      {{- with $values.probes }}
      startupProbe:
        httpGet:
          path: /q/health/started
          port: management
        periodSeconds: {{ .startup.periodSeconds }}
        failureThreshold: {{ .startup.failureThreshold }}
      livenessProbe:
        httpGet:
          path: /q/health/live
          port: management
        periodSeconds: {{ .liveness.periodSeconds }}
        failureThreshold: {{ .liveness.failureThreshold }}
      readinessProbe:
        httpGet:
          path: /q/health/ready
          port: management
        periodSeconds: {{ .readiness.periodSeconds }}
        failureThreshold: {{ .readiness.failureThreshold }}
      {{- end }}
      resources:
        {{- toYaml .config.resources | nindent 8 }}
      securityContext:
        {{- include "outage-lab.containerSecurityContext" $root | nindent 8 }}
      volumeMounts:
        # Quarkus and Vert.x write caches to /tmp; the root filesystem is read-only.
        - name: tmp
          mountPath: /tmp
        {{- with .volumeMounts }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
  volumes:
    - name: tmp
      emptyDir: {}
    {{- with .volumes }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end }}

{{/*
Pod-level part of the `restricted` Pod Security Standard. 185 is the user of the Quarkus (UBI) images.
*/}}
{{- define "outage-lab.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.securityContext.runAsUser }}
runAsGroup: {{ .Values.securityContext.runAsUser }}
# Lets that user write to the persistent volumes.
fsGroup: {{ .Values.securityContext.runAsUser }}
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/*
Container-level part of the `restricted` Pod Security Standard.
*/}}
{{- define "outage-lab.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end }}
