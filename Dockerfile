# The Butterfly image: the six services (`serve <service>`), the exporter and the chart's small
# Kubernetes chores, on Node 24 as an unprivileged user. Only the project is copied in (the
# .dockerignore is an allow-list); production dependencies come from package-lock.json.
# Build: docker build -t ghcr.io/butterfly-platform/butterfly:0.1.0 .
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

FROM ${NODE_IMAGE} AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: none of the production dependencies needs one.
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

FROM ${NODE_IMAGE}
# curl and nslookup for the runbook's `kubectl exec <pod> -- curl …` / `-- nslookup …`.
RUN apt-get update \
  && apt-get install -y --no-install-recommends curl bind9-dnsutils ca-certificates \
  && rm -rf /var/lib/apt/lists/* \
  && groupadd --gid 10001 butterfly \
  && useradd --uid 10001 --gid 10001 --home-dir /app --no-create-home --shell /usr/sbin/nologin butterfly \
  && mkdir -p /var/lib/butterfly \
  && chown 10001:10001 /var/lib/butterfly
WORKDIR /app
COPY --from=dependencies /app/node_modules ./node_modules
COPY package.json package-lock.json ./
COPY bin ./bin
COPY src ./src
# Read at run time: the experiments (`butterfly chaos`) and the alert rules (`butterfly status`).
COPY chaos ./chaos
COPY monitoring ./monitoring
ENV NODE_ENV=production \
  BUTTERFLY_HOST=0.0.0.0 \
  BUTTERFLY_PORT=8080 \
  BUTTERFLY_STATE_DIR=/var/lib/butterfly
USER 10001:10001
EXPOSE 8080 9300
ENTRYPOINT ["node", "bin/butterfly.js"]
CMD ["--help"]
