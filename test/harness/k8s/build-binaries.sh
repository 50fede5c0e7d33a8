#!/usr/bin/env bash
# Builds the Kubernetes control plane the chart suite runs against, from the Go
# module proxy only (no dl.k8s.io, no GitHub, no Docker here), and caches the
# binaries by version so a second run is instant:
#   ${BUTTERFLY_CACHE_DIR:-/var/cache/butterfly}/k8s/<k8s-version>/bin/
# The Go build and module caches live under the same cache dir, so CI on one
# machine reuses them. Builds run one binary at a time under `nice -n 19`: the
# first kube-apiserver build takes ~14 minutes and ~3 GB on a 2-core machine.
#
# etcd comes from the proxy too (go.etcd.io/etcd/server/v3), see build_etcd.
# Exits non-zero if any binary cannot be built: the suite must fail, not skip.
set -euo pipefail

K8S_VERSION="${K8S_VERSION:-v1.37.2}"
KWOK_VERSION="${KWOK_VERSION:-v0.8.0}"
HELM4_VERSION="${HELM4_VERSION:-v4.3.2}"
HELM3_VERSION="${HELM3_VERSION:-v3.22.1}"
ETCD_VERSION="${ETCD_VERSION:-v3.6.17}"

CACHE_ROOT="${BUTTERFLY_CACHE_DIR:-/var/cache/butterfly}/k8s"
BIN="$CACHE_ROOT/$K8S_VERSION/bin"
SCRATCH="$CACHE_ROOT/$K8S_VERSION/module"
export GOCACHE="$CACHE_ROOT/go-build"
export GOMODCACHE="$CACHE_ROOT/go-mod"
export GOFLAGS="-mod=mod"
export CGO_ENABLED=0
export GOTOOLCHAIN=local
mkdir -p "$BIN" "$SCRATCH" "$GOCACHE" "$GOMODCACHE"

log() { printf '[k8s-build %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

command -v go >/dev/null || { log "go is not installed"; exit 2; }

# k8s.io/kubernetes cannot be `go install`ed (its go.mod replaces the staging
# modules with ./staging/...); a scratch module that requires it and points
# every staging module at its published v0.x twin builds instead.
STAGING="api apiextensions-apiserver apimachinery apiserver cli-runtime client-go
cloud-provider cluster-bootstrap code-generator component-base component-helpers
controller-manager cri-api cri-client cri-streaming csi-translation-lib
dynamic-resource-allocation endpointslice externaljwt kms kube-aggregator
kube-controller-manager kube-proxy kube-scheduler kubectl kubelet metrics
mount-utils pod-security-admission sample-apiserver streaming"

prepare_module() {
  [ -f "$SCRATCH/go.sum" ] && [ -f "$SCRATCH/.ready" ] && return 0
  local staging_version="v0.${K8S_VERSION#v1.}"
  {
    echo "module butterfly.local/k8s-control-plane"
    echo
    echo "go 1.26.0"
    echo
    echo "require k8s.io/kubernetes $K8S_VERSION"
    echo
    echo "replace ("
    for m in $STAGING; do echo "	k8s.io/$m => k8s.io/$m $staging_version"; done
    echo ")"
  } >"$SCRATCH/go.mod"
  cat >"$SCRATCH/tools.go" <<'GO'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
GO
  log "resolving k8s.io/kubernetes $K8S_VERSION"
  (cd "$SCRATCH" && nice -n 19 go mod tidy -e >/dev/null 2>&1 || true)
  (cd "$SCRATCH" && nice -n 19 go mod download k8s.io/kubernetes)
  touch "$SCRATCH/.ready"
}

k8s_ldflags() {
  local minor="${K8S_VERSION#v1.}"; minor="${minor%%.*}"
  local f=""
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    f="$f -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    f="$f -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  echo "-s -w$f"
}

build_k8s() {
  local name="$1"
  [ -x "$BIN/$name" ] && { log "$name cached"; return 0; }
  prepare_module
  log "building $name $K8S_VERSION"
  local start=$SECONDS
  (cd "$SCRATCH" && nice -n 19 go build -tags tools -trimpath -ldflags "$(k8s_ldflags)" \
    -o "$BIN/$name.partial" "k8s.io/kubernetes/cmd/$name")
  mv "$BIN/$name.partial" "$BIN/$name"
  log "$name built in $((SECONDS - start)) s"
}

# go install for modules without replace directives; GOBIN keeps the result in
# the cache, renamed so helm v3 and v4 sit side by side.
install_module() {
  local name="$1" pkg="$2" version="$3" out="$4"
  [ -x "$BIN/$out" ] && { log "$out cached"; return 0; }
  log "building $name $version"
  local start=$SECONDS tmp
  tmp="$(mktemp -d "$CACHE_ROOT/gobin.XXXXXX")"
  GOFLAGS="" GOBIN="$tmp" nice -n 19 go install -trimpath -ldflags "-s -w" "$pkg@$version"
  mv "$tmp/$name" "$BIN/$out"
  rmdir "$tmp"
  log "$out built in $((SECONDS - start)) s"
}

# etcd >= 3.5.13 answers watch-progress requests, which the API server needs to serve streaming
# lists (WatchList); Debian's 3.4.23 does not, and kwok's informers then keep failing and
# relisting, seeing pod changes tens of seconds late. server/v3 carries replace directives, so
# it is built from a scratch module like Kubernetes.
build_etcd() {
  [ -x "$BIN/etcd" ] && { log "etcd cached"; return 0; }
  local dir="$CACHE_ROOT/etcd-$ETCD_VERSION-module" start=$SECONDS
  mkdir -p "$dir"
  printf 'module butterfly.local/etcd\n\ngo 1.26.0\n\nrequire go.etcd.io/etcd/server/v3 %s\n' "$ETCD_VERSION" >"$dir/go.mod"
  printf '//go:build tools\n\npackage tools\n\nimport _ "go.etcd.io/etcd/server/v3"\n' >"$dir/tools.go"
  log "building etcd $ETCD_VERSION"
  (cd "$dir" && nice -n 19 go mod tidy >/dev/null && nice -n 19 go build -tags tools -trimpath -ldflags "-s -w" \
    -o "$BIN/etcd.partial" go.etcd.io/etcd/server/v3)
  mv "$BIN/etcd.partial" "$BIN/etcd"
  log "etcd built in $((SECONDS - start)) s"
}

total=$SECONDS
build_k8s kube-apiserver
build_k8s kubectl
build_k8s kube-controller-manager
build_k8s kube-scheduler
install_module kwok sigs.k8s.io/kwok/cmd/kwok "$KWOK_VERSION" kwok
install_module helm helm.sh/helm/v4/cmd/helm "$HELM4_VERSION" helm
install_module helm helm.sh/helm/v3/cmd/helm "$HELM3_VERSION" helm3
build_etcd
log "all binaries in $BIN ($((SECONDS - total)) s)"
echo "$BIN"
