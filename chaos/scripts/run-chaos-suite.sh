#!/usr/bin/env bash
# The runbook's chaos suite runner: a thin wrapper over `butterfly chaos run`.
#
#   chaos/scripts/run-chaos-suite.sh --experiment capsule-odyssey-partition --validate-only
#
# Exit 0 when every experiment passed, 1 when one failed, 2 on bad input or setup.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUTTERFLY=(node "$ROOT/bin/butterfly.js")

usage() {
  cat >&2 <<'USAGE'
Usage: run-chaos-suite.sh [--experiment NAME] [--category NAME] [--validate-only | --dry-run]
                          [--env NAME] [--target local|k8s] [--force] [--report]
                          [--output-dir DIR] [--timeout DURATION] [--state-dir DIR]

  --experiment NAME   one experiment (name, file stem or file); default: every experiment
  --category NAME     only experiments of this category (network, database, cache, …)
  --validate-only     run the verification steps and after-checks against the system, no fault
  --dry-run           parse, resolve and print the plan; nothing runs
  --env NAME          environment: 'local' (default) runs on the local cluster, any other on Kubernetes
  --target T          local or k8s, overriding what --env implies
  --force             allow a production environment on Kubernetes
  --report            print the summary of the written reports at the end
  --output-dir DIR    where the JSON, JUnit and HTML reports go (default reports/chaos/<suite>)
  --timeout DURATION  per experiment, e.g. 15m (default 15m)
USAGE
}

fail_usage() {
  echo "run-chaos-suite.sh: $1" >&2
  usage
  exit 2
}

experiment="" category="" env="" target="" output_dir="" timeout="" state_dir=""
validate_only=0 dry_run=0 force=0 report=0

# A flag's value: present and not another flag.
value_of() {
  [[ $# -ge 2 && -n "$2" && "$2" != --* ]] || fail_usage "$1 needs a value"
  printf '%s' "$2"
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --experiment) experiment="$(value_of "$@")"; shift 2 ;;
    --category) category="$(value_of "$@")"; shift 2 ;;
    --env) env="$(value_of "$@")"; shift 2 ;;
    --target) target="$(value_of "$@")"; shift 2 ;;
    --output-dir) output_dir="$(value_of "$@")"; shift 2 ;;
    --timeout) timeout="$(value_of "$@")"; shift 2 ;;
    --state-dir) state_dir="$(value_of "$@")"; shift 2 ;;
    --validate-only) validate_only=1; shift ;;
    --dry-run) dry_run=1; shift ;;
    --force) force=1; shift ;;
    --report) report=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) fail_usage "unknown flag '$1'" ;;
  esac
done

[[ $validate_only -eq 1 && $dry_run -eq 1 ]] && fail_usage "--validate-only and --dry-run exclude each other"
if [[ -z "$target" ]]; then
  if [[ -z "$env" || "$env" == local ]]; then target=local; else target=k8s; fi
fi

args=(chaos run)
[[ -n "$experiment" ]] && args+=("$experiment")
[[ -n "$category" ]] && args+=(--category "$category")
args+=(--target "$target")
[[ -n "$env" ]] && args+=(--env "$env")
[[ -n "$timeout" ]] && args+=(--timeout "$timeout")
[[ -n "$state_dir" ]] && args+=(--state-dir "$state_dir")
[[ $validate_only -eq 1 ]] && args+=(--validate-only)
[[ $dry_run -eq 1 ]] && args+=(--dry-run)
[[ $force -eq 1 ]] && args+=(--force)
if [[ $report -eq 1 && $dry_run -eq 0 && -z "$output_dir" ]]; then
  output_dir="reports/chaos/suite-$(date -u +%Y%m%d-%H%M%S)"
fi
[[ -n "$output_dir" ]] && args+=(--output-dir "$output_dir")

set +e
"${BUTTERFLY[@]}" "${args[@]}"
code=$?
set -e
if [[ $report -eq 1 && $dry_run -eq 0 && $code -ne 2 ]]; then
  "${BUTTERFLY[@]}" chaos report "$output_dir" || true
fi
exit "$code"
