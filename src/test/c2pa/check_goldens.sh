#!/usr/bin/env bash
# Re-reads the C2PA fixtures with the C2PA SDK and fails (exit 1) when a committed golden is stale; skips, with a
# line saying so, where Node is not installed (a user's machine needs only a JDK: the Java tests read the goldens).
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "skipping src/test/c2pa/check_goldens.sh: node or npm is not on PATH"
  exit 0
fi
npm ci --no-audit --no-fund --silent
node make_goldens.mjs --check
