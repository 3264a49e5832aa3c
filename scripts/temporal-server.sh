#!/usr/bin/env bash
# Builds the real Temporal server and its schema tool, at the version pinned in
# deploy/temporal/temporal.env, from the Go module proxy into .tools/temporal-server/<version>/
# (server, sql, and a link `schema` to the module's schema/postgresql/v12), only when missing.
# Called by scripts/setup.sh. Cold: about 8 minutes on 2 cores; warm (Go's module and build caches
# filled): well under a minute; present: nothing. The build's output goes to
# .tools/temporal-server/build.log, not to the terminal.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../deploy/temporal/temporal.env
. deploy/temporal/temporal.env
dir=".tools/temporal-server/$TEMPORAL_VERSION"
say() { printf '[setup] %s\n' "$*" >&2; }

if [ -x "$dir/server" ] && [ -x "$dir/sql" ] && [ -d "$dir/schema/temporal/versioned" ]; then exit 0; fi
command -v go >/dev/null 2>&1 || { say "ERROR: Go is needed to build the Temporal server $TEMPORAL_VERSION (https://go.dev/dl/)"; exit 1; }

mkdir -p "$dir"
log="$PWD/.tools/temporal-server/build.log"
say "building the Temporal server $TEMPORAL_VERSION and its schema tool with go install (log: $log)"
start=$(date +%s)
export GOTOOLCHAIN=auto GOBIN="$PWD/$dir" GOFLAGS=-mod=mod
{
  go install "go.temporal.io/server/cmd/server@v$TEMPORAL_VERSION"
  go install "go.temporal.io/server/cmd/tools/sql@v$TEMPORAL_VERSION"
} >"$log" 2>&1 || { say "ERROR: the Temporal server build failed; see $log"; exit 1; }
schema="$(GOTOOLCHAIN=auto go env GOMODCACHE 2>/dev/null)/go.temporal.io/server@v$TEMPORAL_VERSION/schema/postgresql/v12"
[ -d "$schema/temporal/versioned" ] || { say "ERROR: no schema at $schema"; exit 1; }
# A copy, not a link: `go clean -modcache` must not take the schema away from a built server.
rm -rf "$dir/schema" && cp -r "$schema" "$dir/schema" && chmod -R u+w "$dir/schema"
say "built the Temporal server $TEMPORAL_VERSION in $(( $(date +%s) - start )) s"
