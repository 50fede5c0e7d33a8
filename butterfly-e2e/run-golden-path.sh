#!/usr/bin/env bash
# The runbook's "Run golden path E2E" step: the golden loop against the running platform.
# Flags pass through to `butterfly golden-path` (e.g. --json, --tenant, --api-key, --state-dir).
set -euo pipefail
exec "$(dirname "$0")/../bin/butterfly.js" golden-path "$@"
