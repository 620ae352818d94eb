#!/usr/bin/env bash
# `npm run coverage [-- vitest filters]`: the tests with coverage (Istanbul, workflow code measured
# inside the sandbox too), then the summary per folder. Needs what bin/test needs (scripts/setup.sh).
cd "$(dirname "$0")/.."
node_modules/.bin/vitest run --coverage "$@"
status=$?
node_modules/.bin/tsx scripts/coverage-summary.ts || exit 1
exit $status
