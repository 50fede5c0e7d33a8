{{/* redis.conf of every node; its checksum rolls the pods when it changes. */}}
{{- define "butterfly.redisConf" -}}
port 6379
cluster-enabled yes
cluster-config-file /data/nodes.conf
cluster-node-timeout 5000
cluster-preferred-endpoint-type hostname
appendonly yes
dir /data
maxmemory {{ .Values.redis.maxMemory }}
maxmemory-policy allkeys-lru
protected-mode no
{{- end -}}
