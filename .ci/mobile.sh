#!/usr/bin/env bash
# CI for the mobile app (apps/mobile): typecheck against the shared AppRouter, lint, jest-expo
# tests and the web export. Needs no database, API or browser. Run after `pnpm install`
# (it installs with the frozen lockfile itself when node_modules is missing).
# Budget: under 5 minutes on 2 cores (about 2.5 minutes with a cold Metro/Jest cache).
set -euo pipefail
cd "$(dirname "$0")/.."
export CI=true EXPO_OFFLINE=1 EXPO_NO_TELEMETRY=1 npm_config_loglevel=error
start=$(date +%s)
step() { echo; echo "=== $1 ($(( $(date +%s) - start ))s)"; }

PNPM="npx --yes $(node -p 'require("./package.json").packageManager')"

if [ ! -d node_modules ] || [ ! -d apps/mobile/node_modules ]; then
  step "pnpm install --frozen-lockfile"
  $PNPM install --frozen-lockfile
fi

# AppRouter's types reach the Prisma client, which is generated (not committed).
step "Prisma client (types for AppRouter)"
$PNPM --filter @fanfare/db generate

step "Typecheck (tsc --noEmit: fails when a router change breaks the app)"
$PNPM --filter @fanfare/mobile typecheck

step "Lint"
$PNPM --filter @fanfare/mobile lint

step "Tests (jest-expo)"
$PNPM --filter @fanfare/mobile exec jest --ci --maxWorkers=2

step "expo export -p web (apps/mobile/dist)"
rm -rf apps/mobile/dist
# --clear: Metro's cache can keep the app config (the API URL) of an earlier export.
$PNPM --filter @fanfare/mobile exec expo export -p web --clear --max-workers 2
test -f apps/mobile/dist/index.html

step "Done"
