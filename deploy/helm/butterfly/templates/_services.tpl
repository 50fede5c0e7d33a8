{{/*
The six services as the runbook names them (src/kit/platform): the workload (so its first pod
is `${src}-0`), the `app` label Chaos Mesh selects, the Service, and the runbook-loop alias.
*/}}
{{- define "butterfly.serviceTable" -}}
perception: { workload: perception, app: perception, service: perception-api, alias: perception-service }
capsule: { workload: capsule, app: capsule, service: capsule-service }
odyssey: { workload: odyssey, app: odyssey-core, service: odyssey-core, alias: odyssey-service }
plato: { workload: plato, app: plato, service: plato-service }
nexus: { workload: nexus, app: nexus, service: nexus-service }
synapse: { workload: synapse, app: synapse, service: synapse-service }
{{- end -}}

{{/* The service order of src/kit/platform SERVICE_NAMES. */}}
{{- define "butterfly.serviceOrder" -}}
[perception, capsule, odyssey, plato, nexus, synapse]
{{- end -}}

{{/* BUTTERFLY_* environment of every service (docs/configuration.md). Call with (list $ name). */}}
{{- define "butterfly.serviceEnv" -}}
{{- $root := index . 0 -}}{{- $name := index . 1 -}}
{{- $table := include "butterfly.serviceTable" $root | fromYaml -}}
{{- $v := $root.Values -}}{{- $own := index $v.services $name | default dict -}}
{{- $ns := $root.Release.Namespace -}}
- name: BUTTERFLY_HOST
  value: 0.0.0.0
- name: BUTTERFLY_PORT
  value: "8080"
- name: BUTTERFLY_PROFILE
  value: {{ $v.services.profile | quote }}
- name: BUTTERFLY_STATE_DIR
  value: /var/lib/butterfly
- name: BUTTERFLY_LOG_LEVEL
  value: {{ $v.services.logLevel | quote }}
- name: BUTTERFLY_AUTH
  value: "on"
- name: BUTTERFLY_JWT_SECRET
  valueFrom: { secretKeyRef: { name: {{ include "butterfly.secretName" $root }}, key: jwt-secret } }
- name: BUTTERFLY_PEER_API_KEY
  valueFrom: { secretKeyRef: { name: {{ include "butterfly.secretName" $root }}, key: peer-api-key } }
# The key the services present to each other is the one key they accept besides JWTs.
- name: BUTTERFLY_API_KEYS
  value: '[{"key":"$(BUTTERFLY_PEER_API_KEY)","name":"butterfly-peers"}]'
# Pod addresses are the kernel's choice here, not a loopback address per pod.
- name: BUTTERFLY_PEER_SOURCE_ADDRESS
  value: none
{{- range $peer := include "butterfly.serviceOrder" $root | fromYamlArray }}
- name: BUTTERFLY_{{ upper $peer }}_URL
  value: {{ printf "http://%s.%s.svc:8080" (index $table $peer).service $ns | quote }}
{{- end }}
- name: BUTTERFLY_CASSANDRA_CONTACT_POINTS
  value: {{ include "butterfly.hostList" (list $root "cassandra" (int $v.cassandra.replicas) "") | quote }}
- name: BUTTERFLY_CASSANDRA_DATACENTER
  value: {{ $v.cassandra.datacenter | quote }}
- name: BUTTERFLY_CASSANDRA_KEYSPACE
  value: {{ $v.cassandra.keyspace | quote }}
- name: BUTTERFLY_PATRONI_URLS
  value: {{ include "butterfly.urlList" (list $root "postgres" (int $v.postgres.replicas) 8008) | quote }}
- name: BUTTERFLY_PG_USER
  value: postgres
- name: BUTTERFLY_PG_PASSWORD
  valueFrom: { secretKeyRef: { name: {{ include "butterfly.secretName" $root }}, key: postgres-password } }
- name: BUTTERFLY_REDIS_NODES
  value: {{ include "butterfly.hostList" (list $root "redis" (int $v.redis.replicas) ":6379") | quote }}
{{- range $key, $value := merge (dict) ($own.env | default dict) $v.services.env }}
- name: {{ $key }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- end -}}

{{/* engine-0.engine-headless…<suffix>,engine-1… for (list $ engine count suffix). */}}
{{- define "butterfly.hostList" -}}
{{- $root := index . 0 -}}{{- $engine := index . 1 -}}{{- $count := index . 2 -}}{{- $suffix := index . 3 -}}
{{- $hosts := list -}}
{{- range $i := until $count -}}
{{- $hosts = append $hosts (printf "%s%s" (include "butterfly.engineHost" (list $root $engine $i)) $suffix) -}}
{{- end -}}
{{- join "," $hosts -}}
{{- end -}}

{{/* http://engine-N.engine-headless…:port,… for (list $ engine count port). */}}
{{- define "butterfly.urlList" -}}
{{- $root := index . 0 -}}{{- $engine := index . 1 -}}{{- $count := index . 2 -}}{{- $port := index . 3 -}}
{{- $urls := list -}}
{{- range $i := until $count -}}
{{- $urls = append $urls (printf "http://%s:%d" (include "butterfly.engineHost" (list $root $engine $i)) (int $port)) -}}
{{- end -}}
{{- join "," $urls -}}
{{- end -}}
