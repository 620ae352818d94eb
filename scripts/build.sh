#!/usr/bin/env bash
# Builds the engine into dist/ when its sources changed (scripts/build.ts decides by content hash).
# While no source file is newer than dist/build-stamps.json it returns at once, without starting
# Node, so `npm run cli` and `npm run worker` can call it every time.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
stamp=dist/build-stamps.json
# The folders tsconfig.build.json compiles (its one-line "include"), and the files every build depends on.
read -r -a compiled <<< "$(sed -n 's/^ *"include": *\[\(.*\)\].*/\1/p' tsconfig.build.json | tr -d '",')"
sources=("${compiled[@]}" package-lock.json tsconfig.json tsconfig.build.json)
if [ -f "$stamp" ] && [ "${#compiled[@]}" -gt 0 ] && [ -z "$(find "${sources[@]}" -newer "$stamp" -print -quit)" ]; then
  exit 0
fi
exec node --import tsx scripts/build.ts
