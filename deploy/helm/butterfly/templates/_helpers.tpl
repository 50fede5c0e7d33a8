{{/* Labels every object of the release carries, so `-l app.kubernetes.io/instance=<release>` finds them all. */}}
{{- define "butterfly.labels" -}}
app.kubernetes.io/name: butterfly
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* The Butterfly image: values.image, the tag defaulting to the chart's appVersion. */}}
{{- define "butterfly.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}

{{/* The Secret holding the JWT key, the peer API key and the PostgreSQL passwords. */}}
{{- define "butterfly.secretName" -}}
{{- .Values.auth.existingSecret | default "butterfly-credentials" -}}
{{- end -}}

{{/*
A secret value: the one given in values, else the one already in the cluster's Secret (so an
upgrade keeps it), else a new random one. Call with (list $ "key" .Values.x).
*/}}
{{- define "butterfly.secretValue" -}}
{{- $root := index . 0 -}}{{- $key := index . 1 -}}{{- $given := index . 2 -}}
{{- if $given -}}
{{- $given | b64enc -}}
{{- else -}}
{{- $existing := lookup "v1" "Secret" $root.Release.Namespace "butterfly-credentials" -}}
{{- if and $existing (hasKey $existing.data $key) -}}
{{- index $existing.data $key -}}
{{- else -}}
{{- randAlphaNum 48 | b64enc -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* storageClassName line of a claim, when one is configured. */}}
{{- define "butterfly.storageClass" -}}
{{- $class := . | default "" -}}
{{- if $class }}
storageClassName: {{ $class | quote }}
{{- end -}}
{{- end -}}

{{/* What happens to a StatefulSet's claims when it is deleted (helm uninstall) or scaled down. */}}
{{- define "butterfly.pvcRetention" -}}
persistentVolumeClaimRetentionPolicy:
  whenDeleted: {{ ternary "Retain" "Delete" .Values.persistence.retainOnUninstall }}
  whenScaled: Retain
{{- end -}}

{{/* The headless Service of an engine's pods, giving each a stable DNS name. */}}
{{- define "butterfly.engineHost" -}}
{{- $root := index . 0 -}}{{- $engine := index . 1 -}}{{- $ordinal := index . 2 -}}
{{- printf "%s-%d.%s-headless.%s.svc" $engine (int $ordinal) $engine $root.Release.Namespace -}}
{{- end -}}

{{/* Pod securityContext of Butterfly's own pods: the image's non-root user. */}}
{{- define "butterfly.podSecurity" -}}
securityContext:
  runAsNonRoot: true
  runAsUser: 10001
  runAsGroup: 10001
  fsGroup: 10001
  seccompProfile:
    type: RuntimeDefault
{{- end -}}

{{/* Container securityContext of Butterfly's own containers. */}}
{{- define "butterfly.containerSecurity" -}}
securityContext:
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  capabilities:
    drop: [ALL]
{{- end -}}
