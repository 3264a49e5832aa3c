#!/bin/sh
# Waits for the Temporal frontend, creates the namespace (with its retention) and the custom search
# attributes of search-attributes.txt. Safe to run again: what exists is skipped; an attribute that
# exists with another type fails the setup. Run by docker-compose.yml's temporal-setup (admin-tools
# image) and by the native topology (scripts/prodTopology.ts) with the project's `temporal` CLI.
#   TEMPORAL_ADDRESS   the frontend (read by the CLI)
#   TEMPORAL_CLI       the CLI (default temporal)
#   Namespace and retention come from temporal.env beside this file.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/temporal.env"
cli=${TEMPORAL_CLI:-temporal}
ns=$TEMPORAL_NAMESPACE

echo "Waiting for the Temporal frontend at $TEMPORAL_ADDRESS..."
tries=0
until "$cli" operator cluster health >/dev/null 2>&1; do
  tries=$((tries + 1))
  if [ "$tries" -ge 60 ]; then echo "Temporal did not become healthy." >&2; exit 1; fi
  sleep 1
done

"$cli" operator namespace describe --namespace "$ns" >/dev/null 2>&1 \
  || "$cli" operator namespace create --namespace "$ns" --retention "$TEMPORAL_RETENTION" \
  || "$cli" operator namespace describe --namespace "$ns" >/dev/null

# One `search-attribute create`; one that already exists counts as done. Retries other errors for
# about a minute (a new namespace takes up to ~15 s to be visible everywhere).
sa() {
  tries=0
  while :; do
    if out=$("$cli" operator search-attribute create --namespace "$ns" --name "$1" --type "$2" 2>&1); then return 0; fi
    case "$out" in
      *"different type"*) echo "$out" >&2; return 1 ;;
      *"already exists"*) return 0 ;;
    esac
    tries=$((tries + 1))
    if [ "$tries" -ge 60 ]; then echo "$out" >&2; return 1; fi
    sleep 1
  done
}
grep -v '^#' "$here/search-attributes.txt" | while read -r name type; do
  [ -n "$name" ] || continue
  sa "$name" "$type"
done
echo "Temporal namespace $ns and search attributes are ready."
