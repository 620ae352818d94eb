#!/usr/bin/env bash
# The container image's build steps (the Dockerfile's build stage runs this script, and
# test/integration/image.test.ts runs it outside Docker into a temporary folder, so the steps are
# tested without a Docker engine). From a checkout whose packages are installed (npm ci), it
# compiles the engine and assembles in OUT_DIR exactly what the runtime image holds: package.json,
# the lock file, dist/ (compiled engine and prebuilt workflow bundle) and the production packages.
#   bash scripts/build-image-steps.sh OUT_DIR
set -euo pipefail
out="${1:?usage: scripts/build-image-steps.sh OUT_DIR}"
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ -e "$out" ] && [ -n "$(ls -A "$out")" ]; then
  echo "build-image-steps: $out is not empty" >&2; exit 1
fi
log() { printf '[image] %s\n' "$*" >&2; }

log "building the engine"
bash scripts/build.sh

log "assembling the runtime tree in $out"
mkdir -p "$out"
cp package.json package-lock.json "$out/"
cp -R dist "$out/dist"
rm -f "$out/dist/build-stamps.json"
# Copied and pruned rather than installed again: the same packages the build used, no download.
cp -R node_modules "$out/node_modules"
(cd "$out" && npm prune --omit=dev --no-audit --no-fund --loglevel=error)
find "$out/node_modules" -mindepth 1 -maxdepth 1 -type d -empty -delete
# The Temporal SDK ships its native core for five platforms; the image needs only its own.
releases="$out/node_modules/@temporalio/core-bridge/releases"
own="$(uname -m)-unknown-linux-gnu"
if [ "$(uname -s)" = Linux ] && [ -d "$releases/$own" ]; then
  find "$releases" -mindepth 1 -maxdepth 1 ! -name "$own" -exec rm -rf {} +
fi

log "checking that the entry points load without sources or dev packages"
cd "$out"
test -s dist/workflow-bundle.js
node dist/cli/main.js --help >/dev/null
node --input-type=module -e "await import('./dist/workers/worker.js'); await import('./dist/workers/health.js'); await import('./dist/db/migrate.js')"
log "done: $(du -sh . | cut -f1) in $out"
