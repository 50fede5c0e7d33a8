#!/bin/sh
# Checks the alert rules and runs their unit tests; exits non-zero when either fails.
# promtool comes with Debian's `prometheus` package (PROMTOOL overrides where it is).
set -eu
cd "$(dirname "$0")"
promtool="${PROMTOOL:-promtool}"
if ! command -v "$promtool" >/dev/null 2>&1; then
  echo "monitoring/check.sh: promtool not found (apt-get install prometheus, or set PROMTOOL)" >&2
  exit 127
fi
"$promtool" check rules alerts/*.rules.yml
"$promtool" test rules tests/*.test.yml
