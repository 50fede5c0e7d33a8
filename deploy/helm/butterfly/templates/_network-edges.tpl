{{/*
The platform's pods, by the labels that select them, and every edge between them: who connects
to whom on which ports. The NetworkPolicies are rendered from this one table, so an edge is
allowed at both ends (egress of the caller, ingress of the callee) or not at all.
*/}}
{{- define "butterfly.podGroups" -}}
{{- $table := include "butterfly.serviceTable" . | fromYaml -}}
{{- range $name, $svc := $table }}
{{ $name }}: { app: {{ $svc.app }}, tier: service }
{{- end }}
cassandra: { app: cassandra, tier: engine }
postgres: { app: postgres, tier: engine }
redis: { app: redis, tier: engine }
exporter: { app: butterfly-exporter, tier: monitoring }
cassandra-keyspace: { app: cassandra-keyspace }
postgres-databases: { app: postgres-databases }
redis-cluster-create: { app: redis-cluster-create }
{{- end -}}

{{- define "butterfly.edges" -}}
{{- $v := .Values -}}
{{- range $from, $peers := $v.networkPolicy.peerEdges }}
{{- range $to := $peers }}
- { from: {{ $from }}, to: {{ $to }}, ports: [8080] }
{{- end }}
{{- end }}
# Engines the services read and write (src/engines): CQL, PostgreSQL and Patroni's REST API
# (the router asks it who leads), Redis Cluster.
- { from: capsule, to: cassandra, ports: [9042] }
- { from: synapse, to: cassandra, ports: [9042] }
{{- range $svc := list "perception" "odyssey" "plato" }}
- { from: {{ $svc }}, to: postgres, ports: [5432, 8008] }
{{- end }}
- { from: nexus, to: redis, ports: [6379] }
- { from: synapse, to: redis, ports: [6379] }
# Inside each engine: gossip and streaming, replication and Patroni's member checks, the bus.
- { from: cassandra, to: cassandra, ports: [7000, 9042] }
- { from: postgres, to: postgres, ports: [5432, 8008] }
- { from: redis, to: redis, ports: [6379, 16379] }
# The jobs that form the engines.
- { from: cassandra-keyspace, to: cassandra, ports: [9042] }
- { from: postgres-databases, to: postgres, ports: [5432] }
- { from: redis-cluster-create, to: redis, ports: [6379] }
# The exporter's probes: a CQL handshake, Patroni, Redis, every service's health.
- { from: exporter, to: cassandra, ports: [9042] }
- { from: exporter, to: postgres, ports: [8008] }
- { from: exporter, to: redis, ports: [6379] }
{{- range $svc := include "butterfly.serviceOrder" . | fromYamlArray }}
- { from: exporter, to: {{ $svc }}, ports: [8080] }
{{- end }}
{{- end -}}
