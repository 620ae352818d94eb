#!/usr/bin/env bash
# Prepares a checkout to run: Node packages, headless Chromium (tests) and the Temporal CLI. Idempotent and cached, so the
# README's two commands can call it every time (they build the engine afterwards: scripts/build.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

TEMPORAL_CLI_VERSION="1.5.1"
TOOLS_BIN="$ROOT/.tools/bin"

log() { printf '[setup] %s\n' "$*" >&2; }

# --- Node.js packages (reinstalled only when package-lock.json changed) ---
if ! command -v node >/dev/null 2>&1; then
  log "Node.js 20+ is required (https://nodejs.org)"; exit 1
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then log "Node.js 20+ is required, found $(node -v)"; exit 1; fi
stamp="node_modules/.package-lock.sha"
lock_sha="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sha" ]; then
  # `npm ci`: exactly what package-lock.json says, nothing resolved anew. The lock file carries
  # every platform's optional packages (e.g. @swc/core-*), so it installs on any OS.
  log "installing Node packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sha" > "$stamp"
fi
# The PostgreSQL driver fix (npm ci runs it too; idempotent, so also for packages installed before it existed).
node scripts/patch-postgres.mjs

# --- Headless Chromium for the Web UI test (test/integration/web-ui.test.ts): Debian's package ---
# Installed once when missing (about 100 MB to download and 350 MB installed, a minute or two);
# CHROMIUM_PATH names another build. Without root or apt-get it is left to the operator.
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    log "installing Debian's chromium (headless browser for the Web UI test; once)"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
  else
    log "chromium is missing: install Debian's chromium package (or set CHROMIUM_PATH) for test/integration/web-ui.test.ts"
  fi
fi

# --- Temporal CLI: PATH, else a cached project-local build, else go install, else download ---
if [ -n "${TEMPORAL_CLI:-}" ] && [ -x "$TEMPORAL_CLI" ]; then
  exit 0
fi
if command -v temporal >/dev/null 2>&1; then
  exit 0
fi
if [ -x "$TOOLS_BIN/temporal" ]; then
  exit 0
fi
mkdir -p "$TOOLS_BIN"
if command -v go >/dev/null 2>&1; then
  # Later CLI versions carry a local `replace` in go.mod and cannot be `go install`ed.
  log "building the Temporal CLI v$TEMPORAL_CLI_VERSION with go install (a few minutes, once)"
  if GOBIN="$TOOLS_BIN" go install "github.com/temporalio/cli/cmd/temporal@v$TEMPORAL_CLI_VERSION"; then
    exit 0
  fi
  log "go install failed; trying the official download"
fi
os="$(uname -s | tr '[:upper:]' '[:lower:]')"
arch="$(uname -m)"; case "$arch" in x86_64) arch=amd64;; aarch64|arm64) arch=arm64;; esac
url="https://temporal.download/cli/archive/v${TEMPORAL_CLI_VERSION}?platform=${os}&arch=${arch}"
log "downloading the Temporal CLI from $url"
tmp="$(mktemp -d)"
if curl -fsSL "$url" -o "$tmp/temporal.tar.gz" && tar -xzf "$tmp/temporal.tar.gz" -C "$tmp" && [ -f "$tmp/temporal" ]; then
  mv "$tmp/temporal" "$TOOLS_BIN/temporal"; chmod +x "$TOOLS_BIN/temporal"; rm -rf "$tmp"
  exit 0
fi
rm -rf "$tmp"
log "could not obtain the Temporal CLI: install Go 1.22+ or put 'temporal' on PATH (https://docs.temporal.io/cli)"
exit 1
